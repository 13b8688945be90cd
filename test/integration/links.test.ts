// `oppo_…` ids as links inside a real VS Code: the links VS Code gets for a document, and what following
// one does (reveal the loaded row, or open the details of one that is not loaded).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, config, connectToFake, disconnectFromFake, ORDER, waitFor } from './extensionApi';
import { byUpdatedDesc } from '../support/order';

/** Our links in the document (other providers' links, if any, left out). */
async function idLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
  const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri)) ?? [];
  return links.filter((l) => l.target?.scheme === 'command');
}

describe('Opportunity ids are links (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 120, seed: 41, apiKey: 'api_links_test_key' }, { pageSize: 20 });
  });

  after(async () => {
    await config().update('links.enabled', undefined, vscode.ConfigurationTarget.Global);
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  it('gives a link over every id, running the reveal-or-details command with the id', async () => {
    const [a, b] = server.dataset.opportunities;
    const content = `${a.id} first\n  "id": "${b.id}",\nno id here: oppo_ lead_abc\n${'x'.repeat(10_001)} ${a.id}\n`;
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    const links = await idLinks(document);
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, document.getText(l.range)]),
      [
        [0, 0, a.id.length, a.id],
        [1, 9, 9 + b.id.length, b.id],
      ],
    );
    assert.equal(links[0].target?.toString(true), `command:closeOpportunities.revealOrShowDetails?${JSON.stringify([a.id])}`);
    assert.deepEqual(JSON.parse(decodeURIComponent(links[1].target!.query)), [b.id]);
  });

  it('gives no links when closeOpportunities.links.enabled is off', async () => {
    const document = await vscode.workspace.openTextDocument({ content: server.dataset.opportunities[0].id, language: 'plaintext' });
    await config().update('links.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepEqual(await idLinks(document), []);
    } finally {
      await config().update('links.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal((await idLinks(document)).length, 1);
  });

  it('following a link to a loaded opportunity selects its row in the sidebar', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    const loaded = [...server.dataset.opportunities].sort(byUpdatedDesc)[3];
    const result = await vscode.commands.executeCommand('closeOpportunities.revealOrShowDetails', loaded.id);
    assert.equal(result, 'revealed');
    assert.deepEqual(
      ext.treeView.view.selection.map((n) => (n.kind === 'opportunity' ? n.row.id : n.id)),
      [loaded.id],
    );
  });

  it('following a link to an opportunity not loaded opens its details', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    const notLoaded = [...server.dataset.opportunities].sort(byUpdatedDesc)[100];
    const result = await vscode.commands.executeCommand('closeOpportunities.revealOrShowDetails', notLoaded.id);
    assert.equal(result, 'details');
    const card = (tab: vscode.Tab | undefined) => tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('closeOpportunities.details');
    // Its card becomes the active tab (another test's card may be open before it).
    const title = `${notLoaded.lead_name || notLoaded.contact_name || notLoaded.id} · `;
    const active = () => vscode.window.tabGroups.activeTabGroup.activeTab;
    await waitFor(`the details card of ${JSON.stringify(title)} the active tab`, () => card(active()) && active()!.label.startsWith(title));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
