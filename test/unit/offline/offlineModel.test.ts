// The tree's model when Close cannot be reached: the last results kept for the filter are shown, marked
// with their time; the next load that reaches Close replaces them. Real client, real fake server on loopback,
// stopped and started again on the same port.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import type { OpportunityFilter } from '../../../src/close/filter';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';
import { isOfflineError, offlineKey, OfflineResults, type OfflineFile } from '../../../src/state/offlineResults';
import { OpportunitiesModel, type OfflineState } from '../../../src/views/tree/opportunitiesModel';
import { ErrorNode, GroupNode, OpportunityNode, type TreeNode } from '../../../src/views/tree/treeNodes';
import { byUpdatedDesc } from '../../support/order';

const KEY = 'api_offline_unit_test_key';
const ORDER = { field: 'date_updated' as const, descending: true };
const ids = (nodes: TreeNode[]) => nodes.filter((n): n is OpportunityNode => n instanceof OpportunityNode).map((n) => n.row.id);

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
          save: (f, snapshot) => void store.put(offlineKey(server.url, f), snapshot),
          load: (f) => store.get(offlineKey(server.url, f)),
          applies: isOfflineError,
          now: () => now,
        },
      },
      filter,
    );
    m.setStarted();
    return m;
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
    assert.deepEqual(
      ids(await m.children()),
      [...server.dataset.opportunities]
        .sort(byUpdatedDesc)
        .slice(0, 20)
        .map((o) => o.id),
    );
    assert.equal(m.aggregates?.total_results, 50);
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
});
