import * as assert from 'node:assert/strict';
import type { GroupSummary } from '../../../src/close/client';
import type { OpportunityFilter } from '../../../src/close/filter';
import { filterForGroup } from '../../../src/close/groups';
import { toQueryParams } from '../../../src/close/query';
import type { Opportunity, PipelineGroupField } from '../../../src/close/types';
import { type FakeServer, rejection, startFakeServer, testClient } from '../../support/testClient';

/** What the dataset holds per status for a predicate, in Close's order (pipeline by pipeline, status by status). */
function expectedByStatus(server: FakeServer, keep: (o: Opportunity) => boolean): [string, number, number][] {
  const rows: [string, number, number][] = [];
  for (const pipeline of server.dataset.pipelines) {
    for (const status of pipeline.statuses) {
      const mine = server.dataset.opportunities.filter((o) => o.status_id === status.id && keep(o));
      if (mine.length > 0) rows.push([status.id, mine.length, mine.reduce((n, o) => n + (o.annualized_value ?? 0), 0)]);
    }
  }
  return rows;
}

const counts = (groups: readonly GroupSummary[]): [string, number, number][] => groups.map((g) => [String(g.key), g.total_results, g.total_value_annualized]);

/** The `_limit=0` opportunity requests the fake server received (the per-group aggregate questions). */
function aggregateRequests(server: FakeServer) {
  return server.requests.filter((r) => r.path.endsWith('/opportunity/') && r.query._limit === '0');
}

describe('status and pipeline groups', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 1500, seed: 23 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  const statusCount = () => server.dataset.pipelines.reduce((n, p) => n + p.statuses.length, 0);
  const byStatus = (filter: OpportunityFilter = {}): OpportunityFilter & { group_by: { field: PipelineGroupField; descending: boolean } } => ({
    ...filter,
    group_by: { field: 'status_id', descending: false },
  });

  it('counts every status in pipeline order with one _limit=0 request per status plus /pipeline/', async () => {
    const { client } = testClient(server);
    const result = await client.discoverGroups(byStatus());
    assert.equal(result.method, 'statuses');
    assert.deepEqual(
      counts(result.groups),
      expectedByStatus(server, () => true),
    );
    assert.equal(result.aggregates.total_results, server.dataset.opportunities.length);
    // Never sent as _group_by: the endpoint has none for status.
    assert.ok(server.requests.every((r) => r.query._group_by === undefined));
    assert.equal(aggregateRequests(server).length, statusCount());
    assert.equal(server.requests.filter((r) => r.path.endsWith('/pipeline/')).length, 1);
    assert.ok(server.requests.length <= statusCount() + 1, `${server.requests.length} requests for ${statusCount()} statuses`);
    await client.close();
  });

  it('asks nothing but the aggregate questions when the pipelines are already loaded', async () => {
    const { client } = testClient(server);
    const pipelines = await client.listPipelines();
    server.resetRequests();
    const result = await client.discoverGroups(byStatus(), { pipelines });
    assert.equal(server.requests.length, statusCount());
    assert.equal(result.requests, statusCount());
    await client.close();
  });

  it('labels statuses with their pipeline when the organization has several', async () => {
    const { client } = testClient(server);
    const result = await client.discoverGroups(byStatus());
    const demo = server.dataset.statuses.find((s) => s.label === 'Demo Scheduled')!;
    const group = result.groups.find((g) => g.key === demo.id)!;
    assert.equal(group.label, 'Demo Scheduled (Sales)');
    assert.equal(group.status_type, 'active');
    const single = await client.discoverGroups(byStatus(), { pipelines: server.dataset.pipelines.slice(0, 1) });
    assert.equal(single.groups.find((g) => g.key === demo.id)!.label, 'Demo Scheduled');
    await client.close();
  });

  const filters: [string, () => [OpportunityFilter, (o: Opportunity) => boolean]][] = [
    ['an owner', () => [{ user_id: [server.dataset.users[0].id] }, (o) => o.user_id === server.dataset.users[0].id]],
    ['a status type (won and lost)', () => [{ status_type: ['won', 'lost'] }, (o) => o.status_type !== 'active']],
    ['a value period', () => [{ value_period: ['monthly'] }, (o) => o.value_period === 'monthly']],
    ['a date won range', () => [{ date_won: { gte: '2025-01-01', lte: '2025-12-31' } }, (o) => !!o.date_won && o.date_won >= '2025-01-01' && o.date_won <= '2025-12-31']],
  ];
  for (const [name, make] of filters) {
    it(`matches the data per status for a filter on ${name}`, async () => {
      const [filter, keep] = make();
      const { client } = testClient(server);
      const result = await client.discoverGroups(byStatus(filter));
      const expected = expectedByStatus(server, keep);
      assert.ok(expected.length > 1, 'the filter should keep several statuses');
      assert.deepEqual(counts(result.groups), expected);
      assert.equal(result.aggregates.total_results, server.dataset.opportunities.filter(keep).length);
      await client.close();
    });
  }

  it('asks only about the statuses a status filter names', async () => {
    const { client } = testClient(server);
    const [a, b] = [server.dataset.statuses[1].id, server.dataset.statuses[6].id];
    const result = await client.discoverGroups(byStatus({ status_id: [a, b] }));
    const asked = aggregateRequests(server).map((r) => r.query.status_id);
    assert.deepEqual(asked.sort(), [a, b].sort());
    assert.deepEqual(
      counts(result.groups),
      expectedByStatus(server, (o) => o.status_id === a || o.status_id === b),
    );
    await client.close();
  });

  it('asks nothing about statuses a status type filter excludes', async () => {
    const { client } = testClient(server);
    await client.discoverGroups(byStatus({ status_type: ['won'] }));
    const won = server.dataset.statuses.filter((s) => s.type === 'won').map((s) => s.id);
    assert.deepEqual(
      aggregateRequests(server)
        .map((r) => r.query.status_id)
        .sort(),
      [...won].sort(),
    );
    await client.close();
  });

  it('leaves out empty statuses unless asked, then shows them with zero', async () => {
    const { client } = testClient(server);
    // One lead's opportunities: most statuses have none.
    const leads = new Map<string, number>();
    for (const o of server.dataset.opportunities) leads.set(o.lead_id, (leads.get(o.lead_id) ?? 0) + 1);
    const lead = [...leads].sort((a, b) => b[1] - a[1])[0][0];
    const filter = { lead_id: lead };
    const without = await client.discoverGroups(byStatus(filter));
    const withEmpty = await client.discoverGroups(byStatus(filter), { includeEmpty: true });
    assert.ok(without.groups.length > 0 && without.groups.length < statusCount(), `${without.groups.length} statuses with opportunities`);
    assert.equal(withEmpty.groups.length, statusCount());
    assert.deepEqual(
      withEmpty.groups.map((g) => g.key),
      server.dataset.pipelines.flatMap((p) => p.statuses.map((s) => s.id)),
    );
    assert.deepEqual(
      without.groups.map((g) => g.key),
      withEmpty.groups.filter((g) => g.total_results > 0).map((g) => g.key),
    );
    await client.close();
  });

  it('groups by pipeline with one request per pipeline (the status_id__in of its statuses)', async () => {
    const { client } = testClient(server);
    const result = await client.discoverGroups({ status_type: ['active'], group_by: { field: 'pipeline_id', descending: false } });
    const expected = server.dataset.pipelines.map((p) => {
      const mine = server.dataset.opportunities.filter((o) => o.pipeline_id === p.id && o.status_type === 'active');
      return [p.id, p.name, mine.length];
    });
    assert.deepEqual(
      result.groups.map((g) => [g.key, g.label, g.total_results]),
      expected,
    );
    const asked = aggregateRequests(server);
    assert.equal(asked.length, server.dataset.pipelines.length);
    for (const [i, request] of asked.entries()) {
      const active = server.dataset.pipelines[i].statuses.filter((s) => s.type === 'active').map((s) => s.id);
      const ids = request.query.status_id__in?.split(',') ?? [request.query.status_id];
      assert.deepEqual(ids.sort(), active.sort());
    }
    await client.close();
  });

  it('reverses the pipeline order for a descending grouping', async () => {
    const { client } = testClient(server);
    const up = await client.discoverGroups(byStatus());
    const down = await client.discoverGroups({ group_by: { field: 'status_id', descending: true } });
    assert.deepEqual(
      down.groups.map((g) => g.key),
      up.groups.map((g) => g.key).reverse(),
    );
    await client.close();
  });

  it('gives each status and pipeline group a filter that lists exactly its opportunities', async () => {
    const { client } = testClient(server);
    const filter: OpportunityFilter = { value_period: ['annual', 'monthly'], group_by: { field: 'status_id', descending: false } };
    const found = await client.discoverGroups({ ...filter, group_by: filter.group_by! });
    for (const group of found.groups.slice(0, 4)) {
      const own = filterForGroup(filter, group, 'status_id')!;
      const all = await client.fetchAll(own);
      assert.equal(all.objects.length, group.total_results);
      assert.ok(all.objects.every((o) => o.status_id === group.key && o.value_period !== 'one_time'));
    }
    const pipelines = await client.discoverGroups({ ...filter, group_by: { field: 'pipeline_id', descending: false } });
    const own = filterForGroup(filter, pipelines.groups[1], 'pipeline_id')!;
    assert.equal(toQueryParams(own).get('status_id__in'), pipelines.groups[1].status_ids!.join(','));
    assert.equal((await client.fetchAll(own)).objects.length, pipelines.groups[1].total_results);
    await client.close();
  });

  it("leaves out statuses whose id does not have Close's shape, and keeps the order of the rest", async () => {
    const { client } = testClient(server);
    const [sales] = server.dataset.pipelines;
    const hostile = [
      {
        ...sales,
        statuses: [{ id: 'stat_x,stat_y', label: 'Comma', type: 'active' }, ...sales.statuses, { id: '<b>stat</b>', label: 'Markup', type: 'won' }, sales.statuses[0]],
      },
    ] as typeof server.dataset.pipelines;
    const result = await client.discoverGroups(byStatus(), { pipelines: hostile, includeEmpty: true });
    assert.deepEqual(
      result.groups.map((g) => g.key),
      sales.statuses.map((s) => s.id),
    );
    assert.ok(aggregateRequests(server).every((r) => sales.statuses.some((s) => s.id === r.query.status_id)));
    await client.close();
  });

  it('never sends a status grouping as _group_by, and refuses to list it in one request', async () => {
    const filter: OpportunityFilter = { group_by: { field: 'status_id', descending: false } };
    assert.equal(toQueryParams(filter).get('_group_by'), null);
    const { client } = testClient(server);
    const error = await rejection(client.listOpportunities(filter, { skip: 0, limit: 10 }));
    assert.match(error.message, /status_id groups are listed one by one/);
    assert.equal(server.requests.length, 0);
    await client.close();
  });
});
