// The pipeline by stage inside a real VS Code: the tree and the summary grouped by status and by pipeline,
// against the fake Close server started here on loopback; counts checked against the fake's own data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OpportunityFilter } from '../../src/close/filter';
import type { Opportunity } from '../../src/close/types';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import type { SummaryState } from '../../src/features/summary/protocol';
import type { TreeNode } from '../../src/views/tree/treeNodes';
import { api, config, connectToFake, disconnectFromFake, ORDER, textOf, waitFor } from './extensionApi';

describe('Pipeline grouping (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 500, seed: 41, apiKey: 'api_pipeline_test_key' }, { pageSize: 20 });
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize', 'showEmptyStatuses']);
  });

  async function show(filter: OpportunityFilter): Promise<TreeNode[]> {
    ext.services.filterState.set(filter);
    return ext.treeProvider.getChildren();
  }

  /** [label, count] per status with opportunities, in Close's order, computed from the fake's data. */
  function expectedStatuses(keep: (o: Opportunity) => boolean): [string, number][] {
    const rows: [string, number][] = [];
    for (const pipeline of server.dataset.pipelines) {
      for (const status of pipeline.statuses) {
        const n = server.dataset.opportunities.filter((o) => o.status_id === status.id && keep(o)).length;
        if (n > 0) rows.push([`${status.label} (${pipeline.name})`, n]);
      }
    }
    return rows;
  }

  function shown(nodes: TreeNode[]): [string, number][] {
    return nodes.map((node) => {
      const item = ext.treeProvider.getTreeItem(node);
      const count = /^([\d,]+) ·/.exec(String(item.description))?.[1];
      return [textOf(item.label), Number(count?.replace(/,/g, ''))];
    });
  }

  const filters: [string, () => OpportunityFilter, (o: Opportunity) => boolean][] = [
    ['no filter', () => ({}), () => true],
    ['won and active', () => ({ status_type: ['won', 'active'] }), (o) => o.status_type !== 'lost'],
    ['one owner', () => ({ user_id: [server.dataset.users[2].id] }), (o) => o.user_id === server.dataset.users[2].id],
    ['monthly value', () => ({ value_period: ['monthly'] }), (o) => o.value_period === 'monthly'],
  ];
  for (const [name, filter, keep] of filters) {
    it(`groups the tree by status with the fake's count per status (${name})`, async () => {
      const children = await show({ ...filter(), order_by: ORDER, group_by: { field: 'status_id', descending: false } });
      assert.deepEqual(shown(children), expectedStatuses(keep));
      assert.equal(ext.model.aggregates?.total_results, server.dataset.opportunities.filter(keep).length);
      // The icon's colour (won, lost, active) is in the name a screen reader hears.
      const types = new Map(server.dataset.pipelines.flatMap((p) => p.statuses.map((status): [string, string] => [`${status.label} (${p.name})`, status.type])));
      for (const node of children) {
        const item = ext.treeProvider.getTreeItem(node);
        const label = textOf(item.label);
        const type = types.get(label)!;
        const said = label.toLowerCase().startsWith(`${type} (`) ? '' : ` (${type})`;
        assert.ok(item.accessibilityInformation?.label.startsWith(`${label}${said}, `), item.accessibilityInformation?.label);
      }
    });
  }

  it('lists a status group’s own opportunities when expanded', async () => {
    const children = await show({ order_by: ORDER, group_by: { field: 'status_id', descending: false } });
    const first = children[0];
    const rows = await ext.treeProvider.getChildren(first);
    const status = server.dataset.pipelines[0].statuses.find((s) => server.dataset.opportunities.some((o) => o.status_id === s.id))!;
    const mine = server.dataset.opportunities.filter((o) => o.status_id === status.id);
    const ids = rows.filter((n) => n.kind === 'opportunity').map((n) => (n as { row: { id: string } }).row.id);
    assert.equal(ids.length, Math.min(20, mine.length));
    assert.ok(ids.every((id) => mine.some((o) => o.id === id)));
  });

  it('groups the tree by pipeline, in pipeline order', async () => {
    const children = await show({ order_by: ORDER, group_by: { field: 'pipeline_id', descending: false } });
    assert.deepEqual(
      shown(children),
      server.dataset.pipelines.map((p) => [p.name, server.dataset.opportunities.filter((o) => o.pipeline_id === p.id).length]),
    );
  });

  it('shows empty statuses only with closeOpportunities.showEmptyStatuses', async () => {
    const lead = server.dataset.opportunities[0].lead_id;
    const filter: OpportunityFilter = { order_by: ORDER, lead_id: lead, group_by: { field: 'status_id', descending: false } };
    const without = await show(filter);
    assert.deepEqual(
      shown(without),
      expectedStatuses((o) => o.lead_id === lead),
    );
    await config().update('showEmptyStatuses', true, vscode.ConfigurationTarget.Global);
    const statuses = server.dataset.pipelines.reduce((n, p) => n + p.statuses.length, 0);
    await waitFor('the empty statuses', async () => (await ext.treeProvider.getChildren()).length === statuses);
    await config().update('showEmptyStatuses', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the empty statuses to go', () => ext.model.root.kind === 'groups' && ext.model.root.groups.length === without.length);
  });

  it('shows the pipeline chart and the group table in the summary', async () => {
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
    await waitFor('the summary view', () => ext.summary?.lastPostedState);
    ext.services.filterState.set({ order_by: ORDER, status_type: ['active'], group_by: { field: 'status_id', descending: false } });
    const version = ext.summary.lastPostedState!.filterVersion;
    const state: SummaryState = await waitFor('the summary of the status groups', () => {
      const s = ext.summary.lastPostedState;
      return s?.filterVersion === version && s.summary.status === 'ready' && s.summary.groups?.status === 'ready' ? s : undefined;
    });
    assert.ok(state.summary.status === 'ready' && state.summary.groups?.status === 'ready');
    assert.equal(state.summary.groups.pipeline, true);
    const active = (o: Opportunity) => o.status_type === 'active';
    assert.deepEqual(
      state.summary.groups.rows.map((r) => [r.label, r.count]),
      expectedStatuses(active),
    );
    for (const row of state.summary.groups.rows) {
      const mine = server.dataset.opportunities.filter((o) => o.status_id === row.key);
      assert.equal(
        row.annualized.cents,
        mine.reduce((n, o) => n + (o.annualized_value ?? 0), 0),
        row.label,
      );
      assert.equal(
        row.expected_annualized.cents,
        mine.reduce((n, o) => n + (o.annualized_expected_value ?? 0), 0),
        row.label,
      );
      assert.equal(row.status_type, 'active');
    }
    assert.equal(state.summary.aggregates.total_results, server.dataset.opportunities.filter(active).length);
  });
});
