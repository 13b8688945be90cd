// The needs-attention review against the real client and the fake Close server on loopback: each kind's count is
// what the data holds, the number needing attention counts each opportunity once, and the requests stay few.
import * as assert from 'node:assert/strict';
import {
  activePart,
  attentionDays,
  fineFilter,
  kindFilter,
  noCloseDatePager,
  reviewAttention,
  type AttentionDays,
  type AttentionKind,
} from '../../../src/close/attention';
import { CloseClient } from '../../../src/close/client';
import type { OpportunityFilter } from '../../../src/close/filter';
import { localDayStart, toQueryParams } from '../../../src/close/query';
import type { Opportunity } from '../../../src/close/types';
import { DEFAULT_ANCHOR } from '../../../src/fake/generateDataset';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';

describe('the needs-attention review (against the fake Close server)', function () {
  this.timeout(30000);
  let server: FakeServer;
  let client: CloseClient;
  // A day in the data's recent past, so that every kind has members and some opportunities are fine.
  const days = attentionDays(new Date(`${DEFAULT_ANCHOR}T12:00:00`), 30);

  before(async () => {
    server = await startFakeServer({ opportunities: 1500, seed: 19 });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, retryBaseDelayMs: 1 });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => server.resetRequests());

  /** The filter's active opportunities as the server lists them, then each kind decided here from the objects. */
  async function expected(filter: OpportunityFilter, d: AttentionDays) {
    const active = activePart(filter);
    const all = active ? (await client.fetchAll(active)).objects : [];
    const quietBefore = Date.parse(localDayStart(d.quietBefore));
    const kinds: Record<AttentionKind, Opportunity[]> = {
      stalled: all.filter((o) => o.is_stalled === true),
      overdue: all.filter((o) => o.date_won !== null && o.date_won < d.today),
      noCloseDate: all.filter((o) => !o.date_won),
      quiet: all.filter((o) => Date.parse(o.date_updated) < quietBefore),
    };
    const union = new Set(Object.values(kinds).flatMap((list) => list.map((o) => o.id)));
    server.resetRequests();
    return { all, kinds, union };
  }

  const filters: [string, OpportunityFilter][] = [
    ['no filter', {}],
    ['one owner', {}],
    ['monthly deals', { value_period: ['monthly'] }],
    ['stalled only', { is_stalled: true }],
    ['not stalled', { is_stalled: false }],
    ['closing in 2026', { date_won: { gte: '2026-01-01', lte: '2026-12-31' } }],
    ['updated since October', { date_updated: { gte: '2026-10-01' } }],
    ['won only', { status_type: ['won'] }],
  ];

  for (const [name, given] of filters) {
    it(`counts each kind as the data holds it, and everything needing attention once: ${name}`, async () => {
      const filter = name === 'one owner' ? { user_id: [server.dataset.users[0].id] } : given;
      const want = await expected(filter, days);
      const review = await reviewAttention(client, filter, days);
      for (const kind of ['stalled', 'overdue', 'noCloseDate', 'quiet'] as const) {
        assert.equal(review.kinds[kind].total_results, want.kinds[kind].length, kind);
      }
      assert.equal(review.active.total_results, want.all.length);
      assert.equal(review.needingAttention, want.union.size);
      const value = want.kinds.overdue.reduce((sum, o) => sum + (o.annualized_value ?? 0), 0);
      assert.equal(review.kinds.overdue.total_value_annualized, value);
      // At most six `_limit=0` requests, none of them a page of objects.
      const lists = server.requests.filter((r) => r.path.endsWith('/opportunity/'));
      assert.equal(lists.length, review.requests);
      assert.ok(review.requests <= 6, `${review.requests} requests`);
      assert.ok(lists.every((r) => r.query._limit === '0'));
    });
  }

  it('has opportunities in more than one kind, so counting them once matters', async () => {
    const want = await expected({}, days);
    const sum = Object.values(want.kinds).reduce((n, list) => n + list.length, 0);
    assert.ok(sum > want.union.size, `${sum} in kinds, ${want.union.size} distinct`);
    assert.ok(want.union.size < want.all.length, 'some active opportunities need no attention');
  });

  it('sends nothing for a filter without active opportunities', async () => {
    const review = await reviewAttention(client, { status_type: ['won', 'lost'] }, days);
    assert.equal(review.requests, 0);
    assert.equal(review.needingAttention, 0);
    assert.equal(server.requests.length, 0);
  });

  it('lists the opportunities without a close date, page by page, whatever order the server keeps them in', async () => {
    const want = await expected({}, days);
    const review = await reviewAttention(client, {}, days);
    server.resetRequests();
    const page = noCloseDatePager(client, {}, review.dated.total_results, review.kinds.noCloseDate.total_results, ['id', 'date_won']);
    const seen: string[] = [];
    for (let skip = 0, more = true; more;) {
      const answer = await page(skip, 100, undefined);
      seen.push(...answer.objects.map((o) => o.id!));
      skip += answer.advancedBy;
      more = answer.hasMore;
    }
    assert.deepEqual(new Set(seen), new Set(want.kinds.noCloseDate.map((o) => o.id)));
    assert.equal(seen.length, want.kinds.noCloseDate.length);
    assert.equal(server.requests.length, Math.ceil(want.kinds.noCloseDate.length / 100));
  });
});

describe('the needs-attention filters', () => {
  const days: AttentionDays = { today: '2026-03-10', quietBefore: '2026-02-08', quietDays: 30 };

  it('asks for overdue as active with date_won before today, keeping a tighter bound of the user', () => {
    assert.equal(toQueryParams(kindFilter({}, 'overdue', days)!).toString(), 'status_type=active&date_won__lt=2026-03-10');
    const tighter = kindFilter({ date_won: { lt: '2026-01-01' } }, 'overdue', days)!;
    assert.equal(tighter.date_won?.lt, '2026-01-01');
  });

  it('asks for quiet as updated before the local start of today minus the quiet days', () => {
    const params = toQueryParams(kindFilter({}, 'quiet', days)!);
    assert.equal(params.get('date_updated__lt'), localDayStart('2026-02-08'));
  });

  it('asks for nothing stalled in a filter of non-stalled opportunities, and nothing fine in a stalled one', () => {
    assert.equal(kindFilter({ is_stalled: false }, 'stalled', days), undefined);
    assert.equal(fineFilter({ is_stalled: true }, days), undefined);
  });

  it('keeps the filter but its order, grouping and fields, and only its active part', () => {
    const active = activePart({
      status_type: ['active', 'won'],
      order_by: { field: 'value', descending: true },
      group_by: { field: 'user_id', descending: false },
      fields: ['id'],
    });
    assert.deepEqual(active, { status_type: ['active'] });
  });

  it('reads today and the quiet cut-off in the local calendar, with the quiet days clamped', () => {
    const d = attentionDays(new Date(2026, 2, 10, 0, 30), 30);
    assert.deepEqual(d, { today: '2026-03-10', quietBefore: '2026-02-08', quietDays: 30 });
    assert.equal(attentionDays(new Date(2026, 2, 10), 0).quietDays, 1);
    assert.equal(attentionDays(new Date(2026, 2, 10), Number.NaN).quietDays, 30);
  });
});
