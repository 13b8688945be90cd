// Group keys are the server's: whatever key a server gives the group of opportunities without a won date
// (or none at all), every group in the tree lists exactly as many opportunities as its count says.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import type { TreeNode } from '../../src/views/tree/treeNodes';
import { api, config, ORDER, textOf } from './extensionApi';

/** Every row of a group, following its "Load more" nodes (bounded). */
async function allRows(ext: CloseOpportunitiesApi, group: TreeNode): Promise<string[]> {
  let children = await ext.treeProvider.getChildren(group);
  for (let i = 0; i < 100 && children[children.length - 1]?.kind === 'loadMore'; i++) {
    await vscode.commands.executeCommand('closeOpportunities.loadMore', children[children.length - 1]);
    children = await ext.treeProvider.getChildren(group);
  }
  assert.ok(!children.some((c) => c.kind === 'error' || c.kind === 'loadMore'), 'the whole group loaded');
  return children.filter((n) => n.kind === 'opportunity').map((n) => (n as { row: { id: string } }).row.id);
}

describe('Group keys stay opaque (inside VS Code)', function () {
  this.timeout(120_000);
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
  });

  after(async () => {
    ext.services.filterState.clear();
    await ext.services.connection.signOut();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
  });

  const variants: [string, { key: string | null } | 'omit'][] = [
    ['key null', { key: null }],
    ['key "None"', { key: 'None' }],
    ['no such group', 'omit'],
  ];
  for (const [name, noDateGroup] of variants) {
    it(`every year group lists exactly its count when the server answers the undated ones with ${name}`, async () => {
      // 2,000 opportunities and a few years: the extension finds the groups from totals (one request each).
      const server: FakeServer = await startFakeServer({ opportunities: 2000, seed: 31, apiKey: 'api_group_keys_test', noDateGroup });
      try {
        await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
        await ext.services.connection.setApiKey(server.key);
        ext.services.filterState.set({ order_by: ORDER, group_by: { field: 'date_won__year', descending: false } });
        const groups = await ext.treeProvider.getChildren();
        assert.ok(groups.length > 2 && groups.every((g) => g.kind === 'group'));
        const labels = groups.map((g) => textOf(ext.treeProvider.getTreeItem(g).label));
        const undated = server.dataset.opportunities.filter((o) => !o.date_won).map((o) => o.id);
        assert.equal(labels.includes('No close date'), noDateGroup !== 'omit', labels.join(', '));
        for (const group of groups) {
          const item = ext.treeProvider.getTreeItem(group);
          const count = Number(String(item.description).split(' · ')[0].replace(/,/g, ''));
          const rows = await allRows(ext, group);
          assert.equal(rows.length, count, `${textOf(item.label)}: ${rows.length} rows for a count of ${count}`);
          if (item.label === 'No close date') assert.deepEqual(new Set(rows), new Set(undated));
        }
      } finally {
        await ext.services.connection.signOut();
        await server.close();
      }
    });
  }
});
