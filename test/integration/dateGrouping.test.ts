// Grouping by date inside a real VS Code, against the fake Close server: the undated group comes last in both
// directions, and a server claiming a billion opportunities over eight thousand years leaves the tree and the
// summary saying why grouping stopped (not "Loading…" for ever), after three requests.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emptyAggregates } from '../../src/close/aggregates';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER, textOf, waitFor } from './extensionApi';

describe('Date grouping (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 600, seed: 17, apiKey: 'api_date_grouping_test_key' });
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  for (const descending of [false, true]) {
    it(`lists "No close date" last when grouped by year, ${descending ? 'newest' : 'oldest'} first`, async () => {
      ext.services.filterState.set({ order_by: ORDER, group_by: { field: 'date_won__year', descending } });
      const labels = (await ext.treeProvider.getChildren()).map((node) => textOf(ext.treeProvider.getTreeItem(node).label));
      const years = [...new Set(server.dataset.opportunities.filter((o) => o.date_won).map((o) => o.date_won!.slice(0, 4)))].sort();
      assert.deepEqual(labels, [...(descending ? years.reverse() : years), 'No close date']);
    });
  }

  it('says in the tree and the summary why grouping by month stopped, after three requests', async () => {
    const opportunity = (date_won: string) => ({ id: server.dataset.opportunities[0].id, date_won });
    const answer = (data: unknown[]) => ({ status: 200, body: { ...emptyAggregates(), total_results: 1_000_000_000, has_more: true, data } });
    const path = /\/opportunity\/$/;
    server.resetRequests();
    server.script(
      { ...answer([]), path, query: { _limit: '0' } },
      { ...answer([opportunity('0001-01-01')]), path, query: { _order_by: 'date_won' } },
      { ...answer([opportunity('9999-12-31')]), path, query: { _order_by: '-date_won' } },
    );
    ext.services.filterState.set({ order_by: ORDER, group_by: { field: 'date_won__month', descending: false } });
    const children = await ext.treeProvider.getChildren();

    const why =
      'Grouping stopped: Close says 1,000,000,000 opportunities match, with close dates between 0001-01-01 and 9999-12-31. That is 119,988 groups, more than the 1,000 counted one by one, ' +
      'and more opportunities than the 250,100 that can be listed page by page. Narrow the filter, for example with a close date range.';
    assert.deepEqual(
      children.map((node) => node.kind),
      ['error'],
    );
    // Said once, above the tree; the row under it offers to try again, with the same words in its tooltip.
    const row = ext.treeProvider.getTreeItem(children[0]);
    assert.equal(textOf(row.label), 'Try Again');
    assert.match((row.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /^Grouping stopped: Close says 1,000,000,000/);
    assert.equal(ext.treeView.view.message, `Could not load opportunities: ${why}`);
    const summary = await waitFor('the summary to say why', () => {
      const state = ext.summary.lastPostedState?.summary;
      return state?.status === 'error' ? state : undefined;
    });
    assert.deepEqual(summary, { status: 'error', message: why });
    assert.equal(ext.model.loading, false);
    assert.equal(ext.model.root.kind, 'error');
    assert.deepEqual(
      server.requests
        .filter((r) => r.path.endsWith('/opportunity/'))
        .map((r) => `${r.query._order_by} _limit=${r.query._limit}`)
        .sort(),
      ['-date_updated _limit=0', '-date_won _limit=1', 'date_won _limit=1'],
    );
  });
});
