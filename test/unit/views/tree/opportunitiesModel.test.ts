// The tree's model against the real client and the fake Close server on loopback.
import * as assert from 'node:assert/strict';
import * as diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { CloseClient } from '../../../../src/close/client';
import type { OpportunityFilter } from '../../../../src/close/filter';
import type { Pipeline } from '../../../../src/close/types';
import { startFakeServer, type FakeServer } from '../../../../src/fake/server';
import type { GroupSummary } from '../../../../src/close/client';
import { isOfflineError, offlineKey, OfflineResults, type OfflineFile } from '../../../../src/features/offline/offlineResults';
import { OpportunitiesModel, type OfflineState } from '../../../../src/views/tree/opportunitiesModel';
import { ErrorNode, GroupNode, LoadMoreNode, OpportunityNode, type TreeNode } from '../../../../src/views/tree/treeNodes';
import { byUpdatedDesc } from '../../../support/order';
import { waitFor } from '../../../support/waitFor';

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

  it('lists the opportunities without a date won in the "No close date" group', async () => {
    const m = model({ group_by: { field: 'date_won__year', descending: true } }, 30);
    const groups = (await m.children()) as GroupNode[];
    const none = groups.find((g) => g.label === 'No close date')!;
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
      // The old filter's page is on the wire (its answer comes 150 ms later) when the filter changes.
      await waitFor('the page of won opportunities to be requested', () => server.requests.some((r) => r.query.status_type === 'won'));
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
          const noDate = groups.filter((g) => g.label === 'No close date');
          assert.equal(noDate.length, noDateGroup === 'omit' ? 0 : 1);
          if (noDate[0]) {
            assert.equal(noDate[0].summary.key, (noDateGroup as { key: string | null }).key);
            assert.equal(noDate[0].summary.total_results, undated);
            // Last in both directions, though the server puts it first when newest come first.
            assert.equal(groups.indexOf(noDate[0]), groups.length - 1);
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

// The tree grouped by status and by pipeline, against the real client and the fake Close server on loopback.
const groups = (nodes: TreeNode[]) => nodes.filter((n): n is GroupNode => n instanceof GroupNode);

describe('the tree grouped by status or pipeline (against the fake Close server)', function () {
  this.timeout(20000);
  let server: FakeServer;
  let client: CloseClient;

  before(async () => {
    server = await startFakeServer({ opportunities: 800, seed: 31 });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, retryBaseDelayMs: 1 });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => server.resetRequests());

  function model(filter: OpportunityFilter, options: { showEmpty?: boolean; pipelines?: () => Promise<Pipeline[]> } = {}): OpportunitiesModel {
    return new OpportunitiesModel(
      {
        client: () => Promise.resolve(client),
        pageSize: () => 25,
        pipelines: options.pipelines,
        showEmptyStatuses: () => options.showEmpty === true,
      },
      { order_by: { field: 'value', descending: true }, ...filter },
    );
  }

  const statusOrder = () => server.dataset.pipelines.flatMap((p) => p.statuses);

  it('shows one node per status in pipeline order, labelled with its pipeline, with the server counts', async () => {
    const m = model({ status_type: ['active'], group_by: { field: 'status_id', descending: false } });
    const nodes = groups(await m.children());
    const expected = statusOrder()
      .filter((s) => s.type === 'active')
      .map((s): [string, number] => {
        const pipeline = server.dataset.pipelines.find((p) => p.id === s.pipeline_id)!;
        return [`${s.label} (${pipeline.name})`, server.dataset.opportunities.filter((o) => o.status_id === s.id).length];
      })
      .filter(([, n]) => n > 0);
    assert.deepEqual(
      nodes.map((n) => [n.label, n.summary.total_results]),
      expected,
    );
    assert.equal(m.aggregates?.total_results, server.dataset.opportunities.filter((o) => o.status_type === 'active').length);
    // The statuses from /pipeline/, then one aggregate question per active status; no _group_by.
    const active = statusOrder().filter((s) => s.type === 'active').length;
    assert.equal(server.requests.length, active + 1);
    assert.ok(server.requests.every((r) => r.query._group_by === undefined));
  });

  it('uses the pipelines it is given instead of asking again', async () => {
    const pipelines = await client.listPipelines();
    server.resetRequests();
    await model({ group_by: { field: 'status_id', descending: false } }, { pipelines: () => Promise.resolve(pipelines) }).children();
    assert.equal(server.requests.length, statusOrder().length);
    assert.equal(server.requests.filter((r) => r.path.endsWith('/pipeline/')).length, 0);
  });

  it('lists a status group by its own filter, paged, in the user’s sort order', async () => {
    const m = model({ value_period: ['annual', 'monthly'], group_by: { field: 'status_id', descending: false } });
    const biggest = groups(await m.children()).sort((a, b) => b.summary.total_results - a.summary.total_results)[0];
    assert.ok(biggest.summary.total_results > 25, 'the group should need more than one page');
    server.resetRequests();
    const children = await m.children(biggest);
    const rows = children.filter((n): n is OpportunityNode => n instanceof OpportunityNode).map((n) => n.row);
    assert.equal(rows.length, 25);
    const byId = new Map(server.dataset.opportunities.map((o) => [o.id, o]));
    assert.ok(rows.every((r) => byId.get(r.id)!.status_id === biggest.summary.key && byId.get(r.id)!.value_period !== 'one_time'));
    const values = rows.map((r) => byId.get(r.id)!.value ?? 0);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => b - a),
      'highest value first, as the user sorted',
    );
    const last = children[children.length - 1];
    assert.ok(last instanceof LoadMoreNode);
    assert.equal(last.list.pager.total, biggest.summary.total_results);
    assert.equal(server.requests.length, 1);
    const query = server.requests[0].query;
    assert.equal(query.status_id, biggest.summary.key);
    assert.equal(query.value_period__in, 'annual,monthly');
    assert.equal(query._order_by, '-value');
    assert.equal(query._group_by, undefined);
    await m.loadMore(last);
    assert.equal(m.loadedRows().length, Math.min(50, biggest.summary.total_results));
  });

  it('groups by pipeline, each listing the opportunities of its statuses', async () => {
    const m = model({ group_by: { field: 'pipeline_id', descending: false } });
    const nodes = groups(await m.children());
    assert.deepEqual(
      nodes.map((n) => [n.label, n.summary.total_results]),
      server.dataset.pipelines.map((p) => [p.name, server.dataset.opportunities.filter((o) => o.pipeline_id === p.id).length]),
    );
    const children = await m.children(nodes[2]);
    const expected = server.dataset.opportunities.filter((o) => o.pipeline_id === server.dataset.pipelines[2].id);
    const shown = ids(children);
    assert.equal(shown.length, Math.min(25, expected.length));
    assert.ok(shown.every((id) => expected.some((o) => o.id === id)));
  });

  it('shows empty statuses only when asked', async () => {
    const lead = server.dataset.opportunities[0].lead_id;
    const hidden = groups(await model({ lead_id: lead, group_by: { field: 'status_id', descending: false } }).children());
    const shown = groups(await model({ lead_id: lead, group_by: { field: 'status_id', descending: false } }, { showEmpty: true }).children());
    assert.equal(shown.length, statusOrder().length);
    assert.ok(hidden.length < shown.length);
    assert.ok(hidden.every((n) => n.summary.total_results > 0));
    const empty = shown.find((n) => n.summary.total_results === 0)!;
    server.resetRequests();
    // Expanding an empty status asks at most for its (empty) first page.
    const m = model({ lead_id: lead, group_by: { field: 'status_id', descending: false } }, { showEmpty: true });
    const again = groups(await m.children()).find((n) => n.id === empty.id)!;
    assert.deepEqual(ids(await m.children(again)), []);
  });
});

// The tree's model when Close cannot be reached: the last results kept for the filter are shown, marked
// with their time; the next load that reaches Close replaces them. Real client, real fake server on loopback,
// stopped and started again on the same port.
const KEY = 'api_offline_unit_test_key';
const ACCOUNT = 'orga_unitTest/user_unitTest';
const ORDER = { field: 'date_updated' as const, descending: true };

function memoryFile(): OfflineFile {
  let text: string | undefined;
  return { read: () => Promise.resolve(text), write: (t) => Promise.resolve(void (text = t)), remove: () => Promise.resolve(void (text = undefined)) };
}

describe('OpportunitiesModel offline (kept results)', function () {
  this.timeout(20_000);
  let server: FakeServer;
  let port: number;
  let client: CloseClient;
  let store: OfflineResults;
  let now = Date.UTC(2026, 10, 30, 10, 42);

  beforeEach(async () => {
    server = await startFakeServer({ opportunities: 120, seed: 3, apiKey: KEY });
    port = Number(new URL(server.url).port);
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: KEY }, retryBaseDelayMs: 1 });
    store = new OfflineResults(memoryFile());
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  function model(filter: OpportunityFilter): OpportunitiesModel {
    const m = new OpportunitiesModel(
      {
        client: () => Promise.resolve(client),
        pageSize: () => 20,
        offline: {
          save: (f, snapshot) => void store.put(offlineKey(ACCOUNT, server.url, f), snapshot),
          load: (f) => store.get(offlineKey(ACCOUNT, server.url, f)),
          applies: isOfflineError,
          now: () => now,
        },
      },
      filter,
    );
    m.setStarted();
    return m;
  }

  /** The restarted server's own first page (20 of its 50, newest first) and its total. */
  async function showsFreshFirstPage(m: OpportunitiesModel): Promise<void> {
    assert.deepEqual(
      ids(await m.children()),
      [...server.dataset.opportunities]
        .sort(byUpdatedDesc)
        .slice(0, 20)
        .map((o) => o.id),
    );
    assert.equal(m.aggregates?.total_results, 50);
  }

  it('shows the first page kept from the last load, marked with its time, when the server is gone', async () => {
    const m = model({ order_by: ORDER });
    const first = ids(await m.children());
    assert.equal(m.offline, undefined);
    await server.close();
    now += 60_000;
    await m.reload();
    const shown = await m.children();
    assert.deepEqual(ids(shown), first);
    assert.equal(shown.length, first.length, 'no "Load more" under kept rows');
    const offline = m.offline as OfflineState | undefined;
    assert.equal(offline?.asOf, Date.UTC(2026, 10, 30, 10, 42));
    assert.match(String((offline?.error as Error).message), /ECONNREFUSED|reach/);
    assert.equal(m.aggregates?.total_results, 120);
  });

  it('replaces the kept rows with fresh ones, unmarked, once the server answers again', async () => {
    const m = model({ order_by: ORDER });
    await m.children();
    await server.close();
    await m.reload();
    assert.ok(m.offline);
    await client.close();
    server = await startFakeServer({ opportunities: 50, seed: 99, apiKey: KEY, port });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: KEY }, retryBaseDelayMs: 1 });
    await m.reload();
    assert.equal(m.offline, undefined);
    await showsFreshFirstPage(m);
  });

  it('shows kept groups with their counts; a group that cannot load says so in its place', async () => {
    const grouped: OpportunityFilter = { order_by: ORDER, group_by: { field: 'user_id', descending: false } };
    const m = model(grouped);
    const groups = (await m.children()) as GroupNode[];
    const counts = groups.map((g) => [g.label, g.summary.total_results]);
    await server.close();
    await m.reload();
    const kept = (await m.children()) as GroupNode[];
    assert.deepEqual(
      kept.map((g) => [g.label, g.summary.total_results]),
      counts,
    );
    assert.ok(m.offline);
    const inside = await m.children(kept[0]);
    assert.ok(inside[0] instanceof ErrorNode);
  });

  it('shows the error as before when nothing was kept for the filter', async () => {
    const m = model({ order_by: ORDER, status_type: ['won'] });
    await server.close();
    await m.reload();
    const shown = await m.children();
    assert.equal(m.offline, undefined);
    assert.ok(shown[0] instanceof ErrorNode);
  });

  it('does not show kept rows when Close answered (a 400, a 500)', async () => {
    const m = model({ order_by: ORDER });
    await m.children();
    for (const status of [400, 500]) {
      server.script({ status, body: { error: `scripted ${status}` }, path: /opportunity/ });
      await m.reload();
      assert.equal(m.offline, undefined);
      const shown = await m.children();
      assert.ok(shown[0] instanceof ErrorNode, `${status}`);
      assert.match(String(shown[0].error), new RegExp(`scripted ${status}`));
    }
  });

  it('at start shows the kept rows at once, marked as refreshing, then the first page in their place', async () => {
    const before = ids(await model({ order_by: ORDER }).children());
    // The next start: Close now has other opportunities, and answers slowly.
    await client.close();
    await server.close();
    server = await startFakeServer({ opportunities: 50, seed: 99, apiKey: KEY, port, latencyMs: 300 });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: KEY }, retryBaseDelayMs: 1 });
    const m = model({ order_by: ORDER });
    const started = Date.now();
    const first = await m.children();
    assert.ok(Date.now() - started < 250, 'before Close answered');
    assert.deepEqual(ids(first), before);
    assert.equal(m.refreshing?.asOf, now);
    assert.equal(m.offline, undefined);
    assert.equal(m.aggregates?.total_results, 120);
    assert.ok(m.loading);
    let redrawn = 0;
    m.onDidChangeTree(() => redrawn++);
    await m.start();
    assert.equal(m.refreshing, undefined);
    assert.ok(redrawn > 0, 'the tree is told to draw the fresh rows');
    await showsFreshFirstPage(m);
  });

  it('at start writes the first page’s request before it draws the kept rows', async () => {
    await model({ order_by: ORDER }).children();
    // The next start: a new connection to Close, which answers slowly.
    await client.close();
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: KEY }, retryBaseDelayMs: 1 });
    server.setOptions({ latencyMs: 300 });
    const requests: ClientRequest[] = [];
    const started = (message: unknown) => void requests.push((message as { request: ClientRequest }).request);
    diagnostics.subscribe('http.client.request.start', started);
    try {
      const m = model({ order_by: ORDER });
      let writtenWhenDrawn: boolean[] | undefined;
      m.onDidChangeTree(() => {
        if (m.refreshing && !writtenWhenDrawn) writtenWhenDrawn = requests.map((request) => request.writableFinished);
      });
      await m.children();
      assert.ok(m.refreshing, 'the kept rows are shown');
      assert.deepEqual(writtenWhenDrawn, [true], 'the first page’s request, handed to the network');
      await m.start();
    } finally {
      diagnostics.unsubscribe('http.client.request.start', started);
    }
  });

  it('at start keeps the kept rows, marked offline instead, when Close cannot be reached', async () => {
    const before = ids(await model({ order_by: ORDER }).children());
    await server.close();
    const m = model({ order_by: ORDER });
    assert.deepEqual(ids(await m.children()), before);
    await m.start();
    assert.equal(m.refreshing, undefined);
    assert.ok(m.offline);
    assert.deepEqual(ids(await m.children()), before);
  });

  it('at start shows kept groups at once, and a kept group opened pages its opportunities from Close', async () => {
    const grouped: OpportunityFilter = { order_by: ORDER, group_by: { field: 'user_id', descending: false } };
    const labels = ((await model(grouped).children()) as GroupNode[]).map((g) => g.label);
    server.setOptions({ latencyMs: 300 });
    const m = model(grouped);
    const kept = (await m.children()) as GroupNode[];
    assert.deepEqual(
      kept.map((g) => g.label),
      labels,
    );
    assert.ok(m.refreshing);
    const inside = await m.children(kept[0]);
    assert.ok(inside.length > 0 && inside.every((n) => n instanceof OpportunityNode || n instanceof LoadMoreNode));
    await m.start();
    assert.equal(m.refreshing, undefined);
  });

  it('does not show kept rows while a filter change of fresh rows loads', async () => {
    const m = model({ order_by: ORDER });
    await m.children();
    const other = model({ order_by: ORDER, status_type: ['won'] });
    await other.children();
    server.setOptions({ latencyMs: 300 });
    const changing = m.setFilter({ order_by: ORDER, status_type: ['won'] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(m.refreshing, undefined);
    assert.equal(m.root.kind, 'loading');
    await changing;
  });
});
