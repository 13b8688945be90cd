// The tree's model against the real client and the fake Close server on loopback.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import type { OpportunityFilter } from '../../../src/close/filter';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';
import type { GroupSummary } from '../../../src/close/client';
import { OpportunitiesModel } from '../../../src/views/tree/opportunitiesModel';
import { ErrorNode, GroupNode, LoadMoreNode, OpportunityNode, type TreeNode } from '../../../src/views/tree/treeNodes';
import { byUpdatedDesc } from '../../support/order';

const ids = (nodes: TreeNode[]) => nodes.filter((n): n is OpportunityNode => n instanceof OpportunityNode).map((n) => n.row.id);

describe('OpportunitiesModel (against the fake Close server)', function () {
  this.timeout(20000);
  let server: FakeServer;
  let client: CloseClient;

  before(async () => {
    server = await startFakeServer({ opportunities: 600, seed: 7 });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, retryBaseDelayMs: 1 });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => server.resetRequests());

  function model(filter: OpportunityFilter = {}, pageSize = 50): OpportunitiesModel {
    return new OpportunitiesModel(
      { client: () => Promise.resolve(client), pageSize: () => pageSize },
      { order_by: { field: 'date_updated', descending: true }, ...filter },
    );
  }

  it('lists the first page in server order, then "Load more"', async () => {
    const m = model();
    const children = await m.children();
    const expected = [...server.dataset.opportunities]
      .sort(byUpdatedDesc)
      .slice(0, 50)
      .map((o) => o.id);
    assert.deepEqual(ids(children), expected);
    const last = children[children.length - 1];
    assert.ok(last instanceof LoadMoreNode);
    assert.equal(last.list.pager.total, 600);
    assert.equal(m.aggregates?.total_results, 600);
  });

  it('asks for the root with one request and only the fields it shows', async () => {
    await model().children();
    const lists = server.requests.filter((r) => r.path.endsWith('/opportunity/'));
    assert.equal(lists.length, 1);
    assert.equal(lists[0].query._limit, '50');
    assert.match(lists[0].query._fields, /^id,lead_id,lead_name,/);
  });

  it('grows by one page on "Load more"', async () => {
    const m = model();
    const first = await m.children();
    await m.loadMore(first[first.length - 1] as LoadMoreNode);
    const second = await m.children();
    const expected = [...server.dataset.opportunities]
      .sort(byUpdatedDesc)
      .slice(0, 100)
      .map((o) => o.id);
    assert.deepEqual(ids(second), expected);
  });

  it('lists only what the filter matches', async () => {
    const status = server.dataset.statuses.find((s) => s.type === 'won')!;
    const m = model({ status_id: [status.id] }, 100);
    const children = await m.children();
    const expected = server.dataset.opportunities.filter((o) => o.status_id === status.id);
    assert.equal(m.aggregates?.total_results, expected.length);
    assert.deepEqual(
      new Set(ids(children)),
      new Set(
        expected
          .sort(byUpdatedDesc)
          .slice(0, 100)
          .map((o) => o.id),
      ),
    );
  });

  it('shows one group per owner with the server counts, each once', async () => {
    const m = model({ group_by: { field: 'user_id', descending: false } });
    const groups = (await m.children()) as GroupNode[];
    const counts = new Map<string, number>();
    for (const o of server.dataset.opportunities) counts.set(o.user_id, (counts.get(o.user_id) ?? 0) + 1);
    assert.equal(groups.length, counts.size);
    assert.equal(new Set(groups.map((g) => g.id)).size, groups.length);
    for (const group of groups) {
      assert.ok(group instanceof GroupNode);
      assert.equal(group.summary.total_results, counts.get(group.summary.user_id!));
    }
    const names = groups.map((g) => g.label);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
  });

  it('reports the owner groups it finds, former members /user/ does not list included', async () => {
    const seen: GroupSummary[] = [];
    const m = new OpportunitiesModel(
      { client: () => Promise.resolve(client), pageSize: () => 50, onGroups: (groups) => seen.push(...groups) },
      { group_by: { field: 'user_id', descending: false } },
    );
    await m.children();
    const former = server.dataset.deactivatedUsers[0];
    assert.ok(server.dataset.opportunities.some((o) => o.user_id === former.id));
    assert.equal(seen.find((g) => g.user_id === former.id)?.user_name, `${former.first_name} ${former.last_name}`);
  });

  it('lists an owner group’s own opportunities when it is expanded', async () => {
    const m = model({ group_by: { field: 'user_id', descending: false } }, 100);
    const groups = (await m.children()) as GroupNode[];
    const group = groups[0];
    const children = await m.children(group);
    const expected = server.dataset.opportunities.filter((o) => o.user_id === group.summary.user_id).sort(byUpdatedDesc);
    assert.deepEqual(
      ids(children),
      expected.slice(0, 100).map((o) => o.id),
    );
    assert.ok(children.every((c) => m.parent(c) === group));
  });

  it('lists the opportunities without a date won in the "No date won" group', async () => {
    const m = model({ group_by: { field: 'date_won__year', descending: true } }, 30);
    const groups = (await m.children()) as GroupNode[];
    const none = groups.find((g) => g.label === 'No date won')!;
    assert.ok(none, 'a no-date group');
    let children = await m.children(none);
    while (children[children.length - 1] instanceof LoadMoreNode) {
      await m.loadMore(children[children.length - 1] as LoadMoreNode);
      children = await m.children(none);
    }
    const expected = server.dataset.opportunities
      .filter((o) => !o.date_won)
      .sort(byUpdatedDesc)
      .map((o) => o.id);
    assert.deepEqual(ids(children), expected);
  });

  it('lists a year group exactly', async () => {
    const m = model({ group_by: { field: 'date_won__year', descending: true } }, 100);
    const groups = (await m.children()) as GroupNode[];
    const year = groups.find((g) => g.summary.year === 2025)!;
    const children = await m.children(year);
    const expected = server.dataset.opportunities.filter((o) => o.date_won?.startsWith('2025')).sort(byUpdatedDesc);
    assert.equal(year.summary.total_results, expected.length);
    assert.deepEqual(
      ids(children),
      expected.slice(0, 100).map((o) => o.id),
    );
  });

  it('never lets a late answer for an old filter replace the newer one', async () => {
    server.setOptions({ latencyMs: 150 });
    try {
      const m = model();
      m.setStarted();
      const old = m.setFilter({ status_type: ['won'] });
      await new Promise((r) => setTimeout(r, 20));
      const newer = m.setFilter({ status_type: ['lost'] });
      await Promise.all([old, newer]);
      const children = await m.children();
      const lost = new Set(server.dataset.opportunities.filter((o) => o.status_type === 'lost').map((o) => o.id));
      assert.ok(ids(children).length > 0);
      assert.ok(ids(children).every((id) => lost.has(id)));
      assert.equal(m.aggregates?.total_results, lost.size);
    } finally {
      server.setOptions({ latencyMs: 0 });
    }
  });

  it('keeps the loaded rows when the next page fails, and Retry loads it', async () => {
    const m = model();
    const first = await m.children();
    server.script({ status: 500, body: { error: 'Something broke' }, path: /\/opportunity\/$/ });
    await m.loadMore(first[first.length - 1] as LoadMoreNode);
    const failed = await m.children();
    assert.equal(ids(failed).length, 50);
    const error = failed[failed.length - 1];
    assert.ok(error instanceof ErrorNode);
    await m.retry(error);
    const retried = await m.children();
    assert.equal(ids(retried).length, 100);
  });

  it('shows the error state when the first page fails, and recovers on retry', async () => {
    server.script({ status: 500, body: { error: 'Something broke' }, path: /\/opportunity\/$/ });
    const m = model();
    const children = await m.children();
    assert.equal(m.root.kind, 'error');
    assert.ok(children[0] instanceof ErrorNode);
    await m.retry(children[0]);
    assert.equal(m.root.kind, 'list');
  });

  it('has nothing and a zero total when nothing matches', async () => {
    const m = model({ query: 'no such text anywhere zzzz' });
    const children = await m.children();
    assert.deepEqual(children, []);
    assert.equal(m.aggregates?.total_results, 0);
  });

  it('fetches nothing before it is asked for', async () => {
    const m = model();
    await m.setFilter({ status_type: ['won'] });
    assert.equal(server.requests.length, 0);
    assert.equal(m.root.kind, 'idle');
  });
});

describe('group keys stay opaque (the no-date group as each server names it)', function () {
  this.timeout(30_000);
  const variants: [string, { key: string | null } | 'omit'][] = [
    ['key null', { key: null }],
    ['key "None"', { key: 'None' }],
    ['no such group', 'omit'],
  ];
  for (const [name, noDateGroup] of variants) {
    for (const descending of [false, true]) {
      it(`every group lists exactly its count when the server answers with ${name}${descending ? ', newest first' : ''}`, async () => {
        // Large enough for the client to find the groups by their totals (fewer years than pages).
        const server = await startFakeServer({ opportunities: 2000, seed: 5, noDateGroup });
        const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
        try {
          const m = new OpportunitiesModel({ client: () => Promise.resolve(client), pageSize: () => 100 }, { group_by: { field: 'date_won__year', descending } });
          const groups = (await m.children()) as GroupNode[];
          const undated = server.dataset.opportunities.filter((o) => !o.date_won).length;
          assert.ok(undated > 0);
          const noDate = groups.filter((g) => g.label === 'No date won');
          assert.equal(noDate.length, noDateGroup === 'omit' ? 0 : 1);
          if (noDate[0]) {
            assert.equal(noDate[0].summary.key, (noDateGroup as { key: string | null }).key);
            assert.equal(noDate[0].summary.total_results, undated);
            assert.equal(groups.indexOf(noDate[0]), descending ? 0 : groups.length - 1);
          }
          for (const group of groups) {
            let children = await m.children(group);
            for (let i = 0; i < 50 && children[children.length - 1] instanceof LoadMoreNode; i++) {
              await m.loadMore(children[children.length - 1] as LoadMoreNode);
              children = await m.children(group);
            }
            const listed = ids(children);
            assert.equal(listed.length, group.summary.total_results, `${group.label} lists ${listed.length} of ${group.summary.total_results}`);
            if (group === noDate[0]) {
              assert.deepEqual(new Set(listed), new Set(server.dataset.opportunities.filter((o) => !o.date_won).map((o) => o.id)));
            }
          }
        } finally {
          await client.close();
          await server.close();
        }
      });
    }
  }
});
