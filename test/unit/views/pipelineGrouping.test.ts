// The tree grouped by status and by pipeline, against the real client and the fake Close server on loopback.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import type { OpportunityFilter } from '../../../src/close/filter';
import type { Pipeline } from '../../../src/close/types';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';
import { OpportunitiesModel } from '../../../src/views/tree/opportunitiesModel';
import { GroupNode, LoadMoreNode, OpportunityNode, type TreeNode } from '../../../src/views/tree/treeNodes';

const ids = (nodes: TreeNode[]) => nodes.filter((n): n is OpportunityNode => n instanceof OpportunityNode).map((n) => n.row.id);
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
