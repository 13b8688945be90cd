// "What changed since you last looked": classification over before/after pairs recorded from the fake's
// evolution (recordedPairs.json, with the kind the fake says it made), Event Log before-states, and text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  changeCheckFilter,
  classifyChange,
  classifyChanges,
  emptyStore,
  encodeSeen,
  eventLogFacts,
  filterKey,
  findLook,
  lookKey,
  markedSeen,
  MAX_FILTERS,
  MAX_SEEN_PER_FILTER,
  parseStore,
  putLook,
  seenMap,
  seenOf,
  STORE_VERSION,
  withSeen,
  type FilterLook,
  type LogEvent,
  type OpportunityChange,
} from '../../../../src/features/changes/changes';
import type { Opportunity } from '../../../../src/close/types';
import { changeLine, summaryLine } from '../../../../src/features/changes/changeText';

type Row = Partial<Opportunity> & { id: string };
interface Recording {
  since: string;
  currency: string;
  statuses: Record<string, string>;
  users: Record<string, string>;
  pairs: { kind: string; before: Row | null; after: Row }[];
  events: LogEvent[];
}

const recording = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../test/unit/features/changes/recordedPairs.json'), 'utf8')) as Recording;
const since = recording.since;
const names = { statuses: new Map(Object.entries(recording.statuses)), users: new Map(Object.entries(recording.users)) };
/** Tuesday 2026-11-24 12:00 UTC: the look (10:42) was the same day. */
const NOW = Date.parse('2026-11-24T12:00:00Z');
const text = { locale: 'en-US', timeZone: 'UTC', names, currency: recording.currency };

/** The fake's names for what it did, in the extension's words. */
const EXPECTED: Record<string, string> = { created: 'new', won: 'won', lost: 'lost', moved: 'moved', value: 'value', reassigned: 'reassigned' };

describe('changes since the last look: classification', () => {
  it('classifies every recorded change as the kind the fake made', () => {
    assert.ok(new Set(recording.pairs.map((p) => p.kind)).size >= 6, 'the recording has every kind');
    for (const pair of recording.pairs) {
      const before = pair.before ? seenOf(pair.before) : undefined;
      const change = classifyChange(before, pair.after, since);
      assert.equal(change?.kind, EXPECTED[pair.kind], `${pair.kind} ${pair.after.id}`);
    }
  });

  it('does not count an opportunity seen as it is now, even one created or moved after the look began', () => {
    const created = recording.pairs.find((p) => p.kind === 'created')!.after;
    const moved = recording.pairs.find((p) => p.kind === 'moved')!;
    // Loaded after the look began (a later page, or Mark All as Seen counting from the load): seen as they are.
    const seen = new Map([created, moved.after].map((o) => [o.id, seenOf(o)]));
    assert.deepEqual(classifyChanges({ since, seen, changed: [created, moved.after] }), []);
    // Seen before the move: still the move.
    const before = new Map([[moved.after.id, seenOf(moved.before!)]]);
    assert.deepEqual(
      classifyChanges({ since, seen: before, changed: [moved.after] }).map((c) => c.kind),
      ['moved'],
    );
  });

  it('says what a move was, with the status names, since when', () => {
    const pair = recording.pairs.find((p) => p.kind === 'moved')!;
    const change = classifyChange(seenOf(pair.before!), pair.after, since)!;
    assert.equal(changeLine(change, since, NOW, text), `Moved: ${recording.statuses[pair.before!.status_id!]} → ${pair.after.status_label} since Tue 10:42`);
  });

  it('says the old and the new value of a value change', () => {
    const pair = recording.pairs.find((p) => p.kind === 'value')!;
    const change = classifyChange(seenOf(pair.before!), pair.after, since)!;
    const line = changeLine(change, since, NOW, text);
    const money = (cents: number) => {
      const digits = cents % 100 === 0 ? 0 : 2;
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: pair.after.value_currency!,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(cents / 100);
    };
    assert.match(line, /^Value changed: /);
    assert.ok(line.includes(`${money(pair.before!.value!)}`) && line.includes(`→ ${money(pair.after.value!)}`), line);
  });

  it('names the former and the new owner of a reassigned opportunity', () => {
    const pair = recording.pairs.find((p) => p.kind === 'reassigned')!;
    const change = classifyChange(seenOf(pair.before!), pair.after, since)!;
    assert.equal(changeLine(change, since, NOW, text), `Reassigned: ${recording.users[pair.before!.user_id!]} → ${pair.after.user_name} since Tue 10:42`);
  });

  it('calls an opportunity created after the look new, even if its id was somehow seen', () => {
    const pair = recording.pairs.find((p) => p.kind === 'created')!;
    assert.equal(classifyChange(seenOf({ ...pair.after, status_id: 'stat_other' }), pair.after, since)?.kind, 'new');
  });

  it('reports nothing when only fields that are not remembered changed (a note, a name)', () => {
    const pair = recording.pairs.find((p) => p.kind === 'won')!;
    const before = seenOf(pair.before!);
    assert.equal(classifyChange(before, { ...pair.before!, lead_name: 'Renamed Inc', date_updated: pair.after.date_updated }, since), undefined);
  });

  it('lists every kind of a change that is several at once, and counts it once, under the first', () => {
    const pair = recording.pairs.find((p) => p.kind === 'won')!;
    const after = { ...pair.after, value: (pair.before!.value ?? 0) + 100_000, user_id: 'user_someone_else' };
    const change = classifyChange(seenOf(pair.before!), after, since)!;
    assert.deepEqual(change.kinds, ['won', 'value', 'reassigned']);
    assert.match(summaryLine([change], since, NOW, text), /^Since Tue 10:42: 1 won \(/);
  });

  it('says "updated" when the state at the look is not known (never seen here, no Event Log)', () => {
    const pair = recording.pairs.find((p) => p.kind === 'lost')!;
    const change = classifyChange(undefined, pair.after, since)!;
    assert.equal(change.kind, 'updated');
    assert.equal(changeLine(change, since, NOW, text), 'Updated since Tue 10:42');
  });
});

describe('changes since the last look: the Event Log', () => {
  const updated = recording.pairs.filter((p) => p.kind !== 'created');

  it('gives the state at the look of opportunities never seen here, from previous_data', () => {
    const facts = eventLogFacts(recording.events, since);
    const changes = classifyChanges({ since, seen: new Map(), changed: recording.pairs.map((p) => p.after), events: facts });
    assert.deepEqual(
      changes.map((c) => c.kind),
      recording.pairs.map((p) => EXPECTED[p.kind]),
    );
    for (const pair of updated) assert.equal(facts.before.get(pair.after.id)?.status_id, pair.before!.status_id);
  });

  it('puts back the value before the oldest of several updates', () => {
    const pair = updated.find((p) => p.kind === 'moved')!;
    const middle = 'stat_middle';
    const events: LogEvent[] = [
      // Newest first, as Close lists them.
      { object_id: pair.after.id, action: 'updated', date_updated: '2026-11-24T11:30:00Z', data: pair.after, previous_data: { status_id: middle } },
      {
        object_id: pair.after.id,
        action: 'updated',
        date_updated: '2026-11-24T11:00:00Z',
        data: { ...pair.after, status_id: middle },
        previous_data: { status_id: pair.before!.status_id },
      },
      // Before the look: not a change since it.
      { object_id: pair.after.id, action: 'updated', date_updated: '2026-11-24T10:00:00Z', data: pair.before, previous_data: { status_id: 'stat_ancient' } },
    ];
    const facts = eventLogFacts(events, since);
    assert.equal(facts.before.get(pair.after.id)?.status_id, pair.before!.status_id);
  });

  it('knows no before-state from updates without previous_data (a non-admin key, events over an hour old)', () => {
    const pair = updated.find((p) => p.kind === 'won')!;
    const facts = eventLogFacts([{ object_id: pair.after.id, action: 'updated', date_updated: '2026-11-24T11:00:00Z', data: null, previous_data: null }], since);
    const [change] = classifyChanges({ since, seen: new Map(), changed: [pair.after], events: facts });
    assert.equal(change.kind, 'updated');
  });

  it('finds seen opportunities that left the filter: updated since, no longer in the change check', () => {
    const lost = updated.find((p) => p.kind === 'lost')!;
    const moved = updated.find((p) => p.kind === 'moved')!;
    const seen = new Map([lost, moved].map((p) => [p.after.id, seenOf(p.before!)]));
    // The filter is "active" now: the lost one no longer matches, the moved one still does.
    const changes = classifyChanges({ since, seen, changed: [moved.after], events: eventLogFacts(recording.events, since) });
    assert.deepEqual(
      changes.map((c) => [c.id, c.kind]),
      [
        [moved.after.id, 'moved'],
        [lost.after.id, 'left'],
      ],
    );
    const left = changes.find((c) => c.kind === 'left')!;
    assert.equal(changeLine(left, since, NOW, text), `Left the filter: now ${lost.after.status_label} since Tue 10:42`);
  });

  it('ignores Event Log entries whose object id is not an opportunity id', () => {
    const facts = eventLogFacts([{ object_id: 'oppo_../../settings', action: 'updated', date_updated: '2026-11-24T11:00:00Z', data: {}, previous_data: {} }], since);
    assert.equal(facts.updated.size, 0);
  });

  it('does not call an opportunity never seen here one that left the filter', () => {
    const changes = classifyChanges({ since, seen: new Map(), changed: [], events: eventLogFacts(recording.events, since) });
    assert.deepEqual(changes, []);
  });
});

describe('changes since the last look: the summary line and the request', () => {
  const change = (kind: OpportunityChange['kind'], after: Row = { id: `oppo_${kind}` }): OpportunityChange => ({ id: after.id, kind, kinds: [kind], after });

  it('reads "Since Tue 10:42: 3 new, 2 won ($45K), 1 lost" with the won value annualized', () => {
    const changes = [
      change('new', { id: 'oppo_1' }),
      change('new', { id: 'oppo_2' }),
      change('new', { id: 'oppo_3' }),
      change('won', { id: 'oppo_4', value: 3_000_000, value_period: 'one_time', annualized_value: 3_000_000 }),
      change('won', { id: 'oppo_5', value: 125_000, value_period: 'monthly', annualized_value: 1_500_000 }),
      change('lost', { id: 'oppo_6' }),
    ];
    assert.equal(summaryLine(changes, since, NOW, text), 'Since Tue 10:42: 3 new, 2 won ($45K), 1 lost');
  });

  it('writes money in the organization currency, never a hard-coded $', () => {
    const line = summaryLine([change('won', { id: 'oppo_1', annualized_value: 4_500_000 })], since, NOW, { ...text, currency: 'EUR' });
    assert.equal(line, 'Since Tue 10:42: 1 won (€45K)');
  });

  it('says when only the most recent changes were read', () => {
    assert.equal(summaryLine([change('new')], since, NOW, { ...text, truncated: true }), 'Since Tue 10:42 (the 1 most recent changes): 1 new');
  });

  it('says there were no changes, and shows an older look with its date', () => {
    assert.equal(summaryLine([], since, NOW, text), 'No changes since Tue 10:42');
    assert.equal(summaryLine([], since, Date.parse('2026-12-10T12:00:00Z'), text), 'No changes since Nov 24 10:42');
  });

  it('asks for the same filter, updated after the look, newest first, ungrouped, with only the fields it needs', () => {
    const filter = changeCheckFilter(
      { status_type: ['active'], user_id: ['user_1'], group_by: { field: 'user_id', descending: false }, order_by: { field: 'value', descending: false } },
      since,
    );
    assert.deepEqual(filter.status_type, ['active']);
    assert.deepEqual(filter.user_id, ['user_1']);
    assert.equal(filter.group_by, undefined);
    assert.deepEqual(filter.order_by, { field: 'date_updated', descending: true });
    assert.equal(filter.date_updated?.gt, since);
    assert.ok(!filter.fields!.includes('note'), 'no notes');
    for (const field of ['id', 'status_id', 'status_type', 'value', 'value_period', 'confidence', 'user_id', 'date_created', 'date_updated']) {
      assert.ok(filter.fields!.includes(field), field);
    }
  });

  it('keeps a later date_updated bound of the user filter, since both have to hold', () => {
    const later = '2026-11-25T00:00:00Z';
    assert.equal(changeCheckFilter({ date_updated: { gt: later } }, since).date_updated?.gt, later);
    assert.equal(changeCheckFilter({ date_updated: { gt: '2020-01-01' } }, since).date_updated?.gt, since);
  });

  it('keys a filter by what it matches: order and grouping do not count, every filter field does', () => {
    const base = { status_type: ['active' as const], query: 'acme' };
    assert.equal(filterKey(base), filterKey({ ...base, order_by: { field: 'value', descending: true }, group_by: { field: 'user_id', descending: false } }));
    assert.equal(filterKey({ query: 'acme', status_type: ['active'] }), filterKey(base));
    assert.notEqual(filterKey(base), filterKey({ ...base, query: 'acme2' }));
    assert.notEqual(filterKey(base), filterKey({ ...base, is_stalled: true }));
  });

  it('files a look by organization and address, never with the user name or password of the address', () => {
    const filter = { status_type: ['active' as const] };
    const key = lookKey({ baseUrl: 'https://alice:s3cr%40t@close.example.com/api/v1/?x=1#y', organizationId: 'orga_one' }, filter);
    assert.equal(key, `https://close.example.com/api/v1/ orga_one|${filterKey(filter)}`);
    assert.notEqual(lookKey({ baseUrl: 'https://close.example.com/api/v1/', organizationId: 'orga_two' }, filter), key, 'another organization, same address');
    assert.equal(lookKey({ sampleData: true }, filter), `sample|${filterKey(filter)}`);
  });
});

// What is remembered per filter stays bounded: entries per filter, number of filters, least recently used dropped.
const row = (i: number): Partial<Opportunity> & { id: string } => ({
  id: `oppo_${String(i).padStart(12, '0')}`,
  lead_name: 'Acme Inc',
  note: 'secret plans',
  user_name: 'Alice Anders',
  status_id: 'stat_a',
  status_label: 'Demo',
  status_type: 'active',
  value: 1000 * i,
  value_period: 'monthly',
  confidence: 50,
  user_id: 'user_a',
  date_updated: '2026-11-24T10:00:00.000000+00:00',
});

const look = (key: string, lastLook: number, seen = withSeen([], [seenOf(row(1))])): FilterLook => ({ key, since: '2026-11-24T10:42:00Z', lastLook, seen });

describe('changes since the last look: what is remembered', () => {
  it('remembers id, status, value and period, confidence, owner and date updated, and nothing else', () => {
    const stored = JSON.stringify(encodeSeen(seenOf(row(7))));
    assert.equal(stored, '["oppo_000000000007","stat_a","active",7000,"monthly",50,"user_a","2026-11-24T10:00:00.000000+00:00"]');
    for (const secret of ['Acme', 'secret', 'Alice', 'Demo']) assert.ok(!stored.includes(secret), secret);
  });

  it(`keeps at most ${MAX_SEEN_PER_FILTER} opportunities per filter, the most recently seen`, () => {
    const first = withSeen(
      [],
      Array.from({ length: 400 }, (_, i) => seenOf(row(i))),
    );
    const second = withSeen(
      first,
      Array.from({ length: 300 }, (_, i) => seenOf(row(1000 + i))),
    );
    assert.equal(second.length, MAX_SEEN_PER_FILTER);
    assert.equal(second[0][0], row(1000).id);
    assert.ok(
      second.some((t) => t[0] === row(0).id),
      'older ones stay while there is room',
    );
    assert.ok(!second.some((t) => t[0] === row(399).id), 'the least recently seen go');
  });

  it('keeps one entry per opportunity, the newest state first', () => {
    const seen = withSeen(withSeen([], [seenOf(row(1))]), [seenOf({ ...row(1), status_id: 'stat_b' })]);
    assert.equal(seen.length, 1);
    assert.equal(seenMap(look('k', 0, seen)).get(row(1).id)?.status_id, 'stat_b');
  });

  it(`keeps at most ${MAX_FILTERS} filters and drops the least recently looked at`, () => {
    let store = emptyStore();
    for (let i = 0; i < MAX_FILTERS + 5; i++) store = putLook(store, look(`filter${i}`, i));
    assert.equal(store.looks.length, MAX_FILTERS);
    assert.equal(findLook(store, 'filter0'), undefined);
    assert.ok(findLook(store, `filter${MAX_FILTERS + 4}`));
    // Looking at an old one again moves it to the front, so it survives the next ones.
    store = putLook(store, { ...findLook(store, 'filter5')!, lastLook: 100 });
    for (let i = 0; i < MAX_FILTERS - 1; i++) store = putLook(store, look(`more${i}`, 200 + i));
    assert.ok(findLook(store, 'filter5'));
    assert.equal(findLook(store, 'filter6'), undefined);
  });

  it('Mark All as Seen counts from when the rows began to load, never from before the look it replaces', () => {
    const loadedFrom = Date.parse('2026-11-24T10:00:00Z');
    const click = Date.parse('2026-11-24T10:05:00Z');
    const first = markedSeen('k', undefined, [seenOf(row(1))], loadedFrom, click);
    assert.equal(first.since, '2026-11-24T10:00:00.000Z', 'not the click: what changed while the rows were shown was not seen');
    assert.equal(first.lastLook, click);
    const again = markedSeen('k', { ...first, since: '2026-11-24T10:02:00.000Z' }, [seenOf(row(2))], loadedFrom, click);
    assert.equal(again.since, '2026-11-24T10:02:00.000Z', 'what was marked seen before stays seen');
    assert.deepEqual([...seenMap(again).keys()], [row(2).id, row(1).id]);
  });

  it('reads back what it wrote, and reads a damaged or foreign file as empty', () => {
    const store = putLook(emptyStore(), look('a', 1));
    assert.deepEqual(parseStore(JSON.parse(JSON.stringify(store))), store);
    assert.deepEqual(parseStore('nonsense'), emptyStore());
    assert.deepEqual(parseStore({ version: STORE_VERSION + 1, looks: [] }), emptyStore());
    // Version 1 filed looks under the address as written (a password too) and not by organization.
    assert.deepEqual(parseStore({ version: 1, looks: [look('https://u:pw@close.example.com/api/v1/|x', 1)] }), emptyStore());
    const damaged = parseStore({
      version: STORE_VERSION,
      looks: [
        { key: 'a', since: 'not a date', seen: [] },
        { key: 'b', since: '2026-11-24T10:42:00Z', lastLook: 1, seen: [['oppo_x'], 5, encodeSeen(seenOf(row(2)))] },
      ],
    });
    assert.deepEqual(
      damaged.looks.map((l) => [l.key, l.seen.length]),
      [['b', 1]],
    );
  });

  it('bounds a file that holds more than it may', () => {
    const huge = {
      version: STORE_VERSION,
      looks: Array.from({ length: 50 }, (_, i) => ({ ...look(`f${i}`, i), seen: Array.from({ length: 900 }, (_, j) => encodeSeen(seenOf(row(j)))) })),
    };
    const store = parseStore(huge);
    assert.equal(store.looks.length, MAX_FILTERS);
    assert.equal(store.looks[0].key, 'f49');
    assert.ok(store.looks.every((l) => l.seen.length === MAX_SEEN_PER_FILTER));
  });
});
