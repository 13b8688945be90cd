// The first screen inside a real VS Code: with no filter ever chosen, the open pipeline by stage; Clear Filters
// shows every opportunity; a filter the user chose is kept. Against the fake Close server started here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { FILTER_CHOSEN_KEY, showFirstScreen } from '../../src/state/firstScreen';
import type { TreeNode } from '../../src/views/tree/treeNodes';
import { api, connectToFake, disconnectFromFake, ORDER, textOf } from './extensionApi';

describe('First screen (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;
  let chosenBefore: unknown;

  before(async () => {
    ext = await api();
    chosenBefore = ext.services.context.globalState.get(FILTER_CHOSEN_KEY);
    server = await connectToFake(ext, { opportunities: 300, seed: 20, apiKey: 'api_first_screen_key' }, { pageSize: 20 });
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
    await ext.services.context.globalState.update(FILTER_CHOSEN_KEY, chosenBefore);
  });

  /** A fresh workspace: no filter, grouping or order ever chosen. */
  async function freshState(): Promise<void> {
    await ext.services.context.globalState.update(FILTER_CHOSEN_KEY, undefined);
  }

  function labels(nodes: TreeNode[]): string[] {
    return nodes.map((node) => textOf(ext.treeProvider.getTreeItem(node).label));
  }

  /** The fake's statuses with active opportunities, in pipeline order, as the tree labels them. */
  function activeStatuses(): string[] {
    return server.dataset.pipelines.flatMap((pipeline) =>
      pipeline.statuses
        .filter((status) => server.dataset.opportunities.some((o) => o.status_id === status.id && o.status_type === 'active'))
        .map((status) => `${status.label} (${pipeline.name})`),
    );
  }

  it('opens on the active opportunities grouped by status in pipeline order, asking Close for status_type=active', async () => {
    await freshState();
    server.resetRequests();
    assert.equal(showFirstScreen(ext.services.filterState, ext.services.context.globalState), true);
    const groups = await ext.treeProvider.getChildren();
    assert.deepEqual(labels(groups), activeStatuses());
    assert.equal(ext.model.aggregates?.total_results, server.dataset.opportunities.filter((o) => o.status_type === 'active').length);
    const asked = server.requests.filter((r) => r.path.endsWith('/opportunity/'));
    assert.ok(asked.length > 0, 'opportunities were asked for');
    for (const request of asked) assert.equal(request.query.status_type ?? request.query.status_type__in, 'active', JSON.stringify(request.query));
  });

  it('shows every opportunity, most recently updated first, after Clear Filters', async () => {
    await freshState();
    showFirstScreen(ext.services.filterState, ext.services.context.globalState);
    await vscode.commands.executeCommand('closeOpportunities.clearFilters');
    assert.deepEqual(ext.services.filterState.filter, { order_by: ORDER });
    const rows = (await ext.treeProvider.getChildren()).filter((node) => node.kind === 'opportunity');
    assert.equal(ext.model.aggregates?.total_results, server.dataset.opportunities.length);
    const newest = [...server.dataset.opportunities].sort((a, b) => (a.date_updated < b.date_updated ? 1 : -1))[0];
    assert.equal(textOf(ext.treeProvider.getTreeItem(rows[0]).label), newest.lead_name);
  });

  it('keeps a filter the user chose: the first screen is not shown again', async () => {
    await freshState();
    showFirstScreen(ext.services.filterState, ext.services.context.globalState);
    ext.services.filterState.update({ status_type: ['won'] });
    assert.equal(ext.services.context.globalState.get(FILTER_CHOSEN_KEY), true);
    assert.equal(showFirstScreen(ext.services.filterState, ext.services.context.globalState), false);
    assert.deepEqual(ext.services.filterState.filter.status_type, ['won']);
  });
});
