// The last results when Close cannot be reached, inside a real VS Code: the fake Close server is stopped
// after a first load, then started again on the same port with other data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { KeptResults } from '../../src/features/offline/offlineStorage';
import type { TreeNode } from '../../src/views/tree/treeNodes';
import { api, config, disconnectFromFake, ORDER, textOf, waitFor } from './extensionApi';
import { byUpdatedDesc } from '../support/order';

const KEY = 'api_offline_integration_key';

/** The text of the hovers VS Code's providers give over `id` in a document. */
async function hoverText(id: string): Promise<string> {
  const line = `see ${id} in the logs`;
  const document = await vscode.workspace.openTextDocument({ content: line, language: 'plaintext' });
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 8))) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Markdown-escaped form of a plain string (as the hover writes server text). */
const escaped = (text: string) => text.replace(/[!-/:-@[-`{-~]/g, '\\$&');

const rowIds = (nodes: TreeNode[]) => nodes.filter((n) => n.kind === 'opportunity').map((n) => (n as { row: { id: string } }).row.id);

async function fileText(ext: CloseOpportunitiesApi): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(KeptResults.uri(ext.services.context)));
  } catch {
    return undefined;
  }
}

describe('Offline: the last results (inside VS Code)', function () {
  this.timeout(120_000);
  let server: FakeServer;
  let port: number;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await startFakeServer({ opportunities: 150, seed: 21, apiKey: KEY });
    port = Number(new URL(server.url).port);
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 20, vscode.ConfigurationTarget.Global);
    await ext.services.connection.setApiKey(KEY);
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  it('shows the kept rows marked offline when Close is gone, then fresh rows unmarked when it is back', async () => {
    // The summary is shown too, so it loads (and later falls back) along with the tree.
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
    ext.services.filterState.set({ order_by: ORDER });
    const first = rowIds(await ext.treeProvider.getChildren());
    const expected = [...server.dataset.opportunities]
      .sort(byUpdatedDesc)
      .slice(0, 20)
      .map((o) => o.id);
    assert.deepEqual(first, expected);
    await waitFor('the summary', () => ext.summary.lastPostedState?.summary.status === 'ready', 40_000);
    await ext.services.keptResults.store.flush();
    const kept = await fileText(ext);
    assert.ok(kept?.includes(expected[0]), 'the first page is in the file');
    assert.ok(!kept!.includes(KEY), 'never the key');
    assert.ok(KeptResults.uri(ext.services.context).path.startsWith(ext.services.context.globalStorageUri.path), 'in global storage');

    await server.close();
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    const offline = await ext.treeProvider.getChildren();
    assert.deepEqual(rowIds(offline), first);
    assert.equal(offline.length, first.length, 'no "Load more" under kept rows');
    const heard = (nodes: typeof offline) => nodes.map((node) => ext.treeProvider.getTreeItem(node).accessibilityInformation?.label ?? '');
    assert.deepEqual(
      heard(offline).filter((label) => !/, Offline — as of \S.*$/.test(label)),
      [],
      'a screen reader hears each kept row as offline',
    );
    assert.match(ext.treeView.message ?? '', /^Offline — as of \S.*: Close cannot be reached.*not current/);
    assert.match(ext.treeView.view.description ?? '', /Offline — as of /);
    assert.match(ext.statusBar.item.text, /Offline — as of .* · 150 opps$/);
    assert.equal(ext.treeView.view.badge?.value, 150);
    await waitFor(
      'the summary to show kept totals',
      () => {
        const s = ext.summary.lastPostedState?.summary;
        return s?.status === 'ready' && (s.offline ?? '').startsWith('Offline — as of ');
      },
      40_000,
    );
    const summary = ext.summary.lastPostedState!.summary;
    assert.ok(summary.status === 'ready' && summary.aggregates.total_results === 150);

    server = await startFakeServer({ opportunities: 60, seed: 77, apiKey: KEY, port });
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    const fresh = await ext.treeProvider.getChildren();
    assert.deepEqual(
      rowIds(fresh),
      [...server.dataset.opportunities]
        .sort(byUpdatedDesc)
        .slice(0, 20)
        .map((o) => o.id),
    );
    assert.equal(ext.model.offline, undefined);
    assert.deepEqual(
      heard(fresh).filter((label) => label.includes('Offline')),
      [],
    );
    assert.ok(!(ext.treeView.message ?? '').includes('Offline'), ext.treeView.message);
    assert.ok(!(ext.treeView.view.description ?? '').includes('Offline'));
    assert.match(ext.statusBar.item.text, /\$\(briefcase\) .* · 60 opps$/);
    await waitFor(
      'the summary to show fresh totals',
      () => {
        const s = ext.summary.lastPostedState?.summary;
        return s?.status === 'ready' && s.aggregates.total_results === 60 && s.offline === undefined;
      },
      40_000,
    );
  });

  it('with Close stopped: says so once and short, the status bar says offline, and hovers answer from the kept rows', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    const first = rowIds(await ext.treeProvider.getChildren());
    await ext.services.keptResults.store.flush();
    const leadName = (id: string) => server.dataset.opportunities.find((o) => o.id === id)!.lead_name!;
    const names = { first: leadName(first[0]), second: leadName(first[1]) };

    await server.close();
    try {
      // A filter with nothing kept: the tree can only say why.
      ext.services.filterState.set({ order_by: ORDER, status_type: ['lost'] });
      const failed = await ext.treeProvider.getChildren();
      assert.deepEqual(
        failed.map((node) => node.kind),
        ['error'],
      );
      const message = ext.treeView.message ?? '';
      assert.match(message, /^Could not load opportunities: Could not reach Close at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\.$/);
      const row = ext.treeProvider.getTreeItem(failed[0]);
      assert.equal(textOf(row.label), 'Try Again', 'the reason is not said a second time');
      assert.match((row.tooltip as vscode.MarkdownString).value, /ECONNREFUSED.*http\.proxy/s, 'the details are in its tooltip');
      await waitFor('the status bar to say offline', () => ext.statusBar.item.text.endsWith('Close: offline'));
      assert.match(ext.statusBar.item.tooltip as string, /^Close\nOffline: Could not reach Close at .*ECONNREFUSED/);

      // An id of the other filter's kept rows: the hover answers from them, marked with their time.
      const hover = await hoverText(first[1]);
      assert.ok(hover.startsWith(escaped('Offline — as of ')), hover);
      assert.ok(hover.includes(escaped(': Close cannot be reached; this is the opportunity as last loaded.')), hover);
      assert.ok(hover.includes(escaped(names.second)), hover);

      // Kept rows on screen: the reason once, above them; an id among them answers from the tree's rows.
      ext.services.filterState.set({ order_by: ORDER });
      assert.deepEqual(rowIds(await ext.treeProvider.getChildren()), first);
      // The kept rows show at once (as refreshing); the failure is said once the load gives up.
      await waitFor('the offline message', () => ext.model.offline !== undefined && !ext.model.loading);
      assert.equal((ext.treeView.message ?? '').match(/ECONNREFUSED/g)?.length, 1, ext.treeView.message);
      const onScreen = await hoverText(first[0]);
      assert.ok(onScreen.startsWith(escaped('Offline — as of ')) && onScreen.includes(escaped(names.first)), onScreen);
    } finally {
      server = await startFakeServer({ opportunities: 150, seed: 21, apiKey: KEY, port });
    }
  });

  it('deletes the kept results on sign-out', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    await ext.services.keptResults.store.flush();
    assert.ok(await fileText(ext), 'kept before');
    await ext.services.connection.signOut();
    await waitFor('the file to go', async () => (await fileText(ext)) === undefined, 5_000);
    assert.deepEqual(await ext.services.keptResults.store.keys(), []);
    await ext.services.connection.setApiKey(KEY);
  });
});

describe('Start: the kept results at once, then the first page (inside VS Code)', function () {
  this.timeout(120_000);
  const START_KEY = 'api_instant_start_key';
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    // An organization in EUR whose opportunities are in several currencies.
    server = await startFakeServer({ opportunities: 300, seed: 17, apiKey: START_KEY, currency: 'EUR' });
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 20, vscode.ConfigurationTarget.Global);
    await ext.services.connection.setApiKey(START_KEY);
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  it('shows the kept rows marked "as of … · refreshing" in euros while Close is slow, then the first page in their place', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    const kept = rowIds(await ext.treeProvider.getChildren());
    await waitFor('the organization’s currency', () => ext.statusBar.item.text.includes('€'));
    await ext.services.keptResults.store.flush();
    assert.match((await fileText(ext)) ?? '', /"currency":"EUR"/, 'kept with the currency');

    // Close gone: the kept rows are shown marked offline, nothing current is on show (as at a start).
    const port = Number(new URL(server.url).port);
    await server.close();
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    assert.ok(ext.model.offline);
    // Close back, slow, with fewer opportunities; the currency is not known yet (as in a new window).
    server = await startFakeServer({ opportunities: 120, seed: 17, apiKey: START_KEY, currency: 'EUR', port, latencyMs: 2_000 });
    ext.services.referenceData.clear();
    const statusTexts: string[] = [];
    const watching = ext.model.onDidChangeTotals(() => statusTexts.push(ext.statusBar.item.text));
    try {
      const refreshing = vscode.commands.executeCommand('closeOpportunities.refresh');
      await waitFor('the kept rows marked as refreshing', () => (ext.treeView.view.description ?? '').includes(' · refreshing'), 1_500);
      const shown = await ext.treeProvider.getChildren();
      assert.deepEqual(rowIds(shown), kept);
      assert.equal(server.requests.filter((r) => r.status !== 0).length, 0, 'before Close answered anything');
      assert.match(ext.treeView.view.description ?? '', /^as of \S.* · refreshing/);
      assert.equal(ext.model.offline, undefined, 'not marked offline');
      assert.equal(ext.treeView.message, undefined);
      assert.match(ext.statusBar.item.text, /as of .* · refreshing · €[\d.,]+[KM]? \(mixed currencies\) · 300 opps$/);
      const heard = shown.map((node) => ext.treeProvider.getTreeItem(node).accessibilityInformation?.label ?? '');
      assert.deepEqual(
        heard.filter((label) => !/, as of \S.* · refreshing$/.test(label)),
        [],
        'a screen reader hears each kept row as not current',
      );
      await refreshing;
      await waitFor('the first page', () => !(ext.treeView.view.description ?? '').includes('refreshing') && !ext.model.loading, 10_000);
      assert.deepEqual(
        rowIds(await ext.treeProvider.getChildren()),
        [...server.dataset.opportunities]
          .sort(byUpdatedDesc)
          .slice(0, 20)
          .map((o) => o.id),
      );
      await waitFor('the status bar', () => ext.statusBar.item.text.endsWith(' · 120 opps') && ext.statusBar.item.text.includes('€'));
      statusTexts.push(ext.statusBar.item.text);
      assert.deepEqual(
        statusTexts.filter((text) => /\$\d|US\$/.test(text)),
        [],
        'never a dollar amount for the euro organization',
      );
    } finally {
      watching.dispose();
    }
  });
});
