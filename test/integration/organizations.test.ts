// Several Close organizations in one VS Code: two fake servers, each with its own key, organization and data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import type { OpportunityNode } from '../../src/views/tree/treeNodes';
import { api, config, ORDER, textOf, waitFor } from './extensionApi';
import { answering } from './palette';

describe('Several organizations (inside VS Code)', function () {
  this.timeout(90_000);
  let acme: FakeServer;
  let beta: FakeServer;
  let ext: CloseOpportunitiesApi;

  const rowIds = async () => (await ext.treeProvider.getChildren()).filter((n): n is OpportunityNode => n.kind === 'opportunity').map((n) => n.row.id);
  const idsOf = (server: FakeServer) => new Set(server.dataset.opportunities.map((o) => o.id));
  /** Every request each server got came with its own key: a key of the other would be recorded as 'invalid'. */
  const assertEachKeyAtItsOwnOrigin = () => {
    for (const server of [acme, beta]) {
      assert.ok(server.requests.length > 0);
      assert.deepEqual(
        server.requests.filter((r) => r.authorization !== 'basic'),
        [],
        `${server.url} got only its own key`,
      );
    }
  };
  /** The tree after a switch: the rows of `server`'s organization, loaded from it. */
  const shows = (server: FakeServer) =>
    waitFor(`the rows of ${server.dataset.organization.name}`, async () => {
      const ids = await rowIds();
      return !ext.model.loading && ids.length > 0 && ids.every((id) => idsOf(server).has(id)) && ext.model.refreshing === undefined && ids;
    });
  const switchTo = (label: string) => answering([label], () => vscode.commands.executeCommand('closeOpportunities.switchOrganization'));

  before(async () => {
    ext = await api();
    await ext.services.connection.signOut();
    acme = await startFakeServer({ opportunities: 80, seed: 41, apiKey: 'api_acme_org_key', organizationName: 'Acme Corp' });
    beta = await startFakeServer({ opportunities: 30, seed: 42, apiKey: 'api_beta_org_key', organizationName: 'Beta GmbH', currency: 'EUR' });
    // Set API Key… adds an organization: the key is checked (and bound) where the base URL setting points.
    await config().update('apiBaseUrl', acme.url, vscode.ConfigurationTarget.Global);
    await ext.services.connection.setApiKey(acme.key);
    await vscode.commands.executeCommand('closeOpportunities.tree.focus');
    await shows(acme);
    await config().update('apiBaseUrl', beta.url, vscode.ConfigurationTarget.Global);
    await ext.services.connection.setApiKey(beta.key);
    await shows(beta);
  });

  after(async () => {
    ext.services.filterState.clear();
    await ext.services.connection.signOut();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await acme.close();
    await beta.close();
  });

  it('lists both organizations, named by GET /me/, and shows the one added last', () => {
    const accounts = ext.services.connection.organizations.list();
    assert.deepEqual(
      accounts.map((a) => a.organization),
      ['Acme Corp', 'Beta GmbH'],
    );
    assert.equal(ext.services.connection.activeAccount?.organization, 'Beta GmbH');
    assert.ok(
      accounts.every((a) => !JSON.stringify(a).includes('api_')),
      'no key in globalState',
    );
  });

  it('switches: the tree, the summary, the status bar and the view’s description follow, and each key reaches only its own server', async () => {
    acme.resetRequests();
    beta.resetRequests();
    await switchTo('Acme Corp');
    assert.equal(ext.services.connection.activeAccount?.organization, 'Acme Corp');
    await shows(acme);
    // The base URL setting still points at Beta's server: Acme's key went to Acme's own server.
    assert.equal(config().get('apiBaseUrl'), beta.url);
    await waitFor('the status bar of Acme', () => ext.statusBar.item.text.includes('Acme Corp') && ext.statusBar.item.text.includes('80'));
    assert.match(ext.treeView.view.description ?? '', /^Acme Corp/);
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
    await waitFor('the summary of Acme', () => {
      const s = ext.summary.lastPostedState;
      return s?.summary.status === 'ready' && s.summary.aggregates.total_results === 80;
    });

    await switchTo('Beta GmbH');
    await shows(beta);
    await waitFor('the status bar of Beta', () => ext.statusBar.item.text.includes('Beta GmbH') && ext.statusBar.item.text.includes('30'));
    await waitFor('the summary of Beta', () => {
      const s = ext.summary.lastPostedState;
      return s?.summary.status === 'ready' && s.summary.aggregates.total_results === 30;
    });
    assertEachKeyAtItsOwnOrigin();
  });

  it('keeps a filter per organization: Beta’s filter does not follow to Acme, and comes back with Beta', async () => {
    ext.services.filterState.set({ status_type: ['won'], order_by: ORDER });
    await waitFor(
      'Beta’s won opportunities',
      () => !ext.model.loading && ext.model.aggregates?.total_results === beta.dataset.opportunities.filter((o) => o.status_type === 'won').length,
    );
    await switchTo('Acme Corp');
    assert.equal(ext.services.filterState.filter.status_type, undefined);
    await shows(acme);
    await switchTo('Beta GmbH');
    assert.deepEqual(ext.services.filterState.filter.status_type, ['won']);
    ext.services.filterState.set({ order_by: ORDER });
    await shows(beta);
  });

  it('files changes since the last look per organization', async () => {
    const looks = ext.changes.completedLooks;
    await switchTo('Acme Corp');
    await shows(acme);
    // Acme's own look at what it shows now (a count from before the switch would let the changes below into it).
    await waitFor('Acme’s look', () => ext.changes.completedLooks > looks && !ext.model.loading);
    const changed = acme.advance(3);
    const before = ext.changes.completedLooks;
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    await waitFor('the look compared', () => ext.changes.completedLooks > before && !ext.model.loading);
    const report = ext.changes.report;
    assert.ok(report && report.changes.length > 0, 'Acme’s changes are shown');
    assert.ok([...report.byId.keys()].every((id) => idsOf(acme).has(id)));
    assert.ok(changed.length > 0);
    // Beta changed nothing: its own last look says so, Acme's changes do not follow.
    const betaBefore = ext.changes.completedLooks;
    await switchTo('Beta GmbH');
    await shows(beta);
    await waitFor('Beta’s look', () => ext.changes.completedLooks > betaBefore && !ext.model.loading);
    assert.deepEqual(ext.changes.report?.changes ?? [], []);
    assertEachKeyAtItsOwnOrigin();
  });

  it('finds an id of the other organization in a hover, and says which one it is in', async () => {
    const id = acme.dataset.opportunities[0].id;
    const line = `see ${id} here`;
    const document = await vscode.workspace.openTextDocument({ content: line, language: 'plaintext' });
    ext.hover.cache.clear();
    const hover = await ext.hover.provideHover(document, new vscode.Position(0, line.indexOf(id) + 3), new vscode.CancellationTokenSource().token);
    const text = textOf(hover?.contents[0] as vscode.MarkdownString);
    assert.match(text, /^In Acme Corp\\, not in the organization shown\\\./);
    assert.ok(text.includes(acme.dataset.opportunities[0].id));
    // Asked of Beta first (404), then of Acme, each with its own key at its own server.
    assert.ok(beta.requests.some((r) => r.path === `/api/v1/opportunity/${id}/` && r.status === 404));
    assert.ok(acme.requests.some((r) => r.path === `/api/v1/opportunity/${id}/` && r.status === 200));
    assertEachKeyAtItsOwnOrigin();
  });

  it('shows the details of an id of the other organization (as its links do), saying which one it is in', async () => {
    const shown = ext.services.connection.activeAccount?.organization;
    const [server, name] = shown === 'Acme Corp' ? [beta, 'Beta GmbH'] : [acme, 'Acme Corp'];
    const id = server.dataset.opportunities[1].id;
    const messages: string[] = [];
    const window = vscode.window as unknown as { showInformationMessage: (...args: unknown[]) => unknown };
    const original = window.showInformationMessage;
    window.showInformationMessage = (message: unknown) => {
      messages.push(String(message));
      return Promise.resolve(undefined);
    };
    try {
      const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('closeOpportunities.showDetails', id);
      assert.ok(panel.webview.html.includes(`<dt>id</dt><dd>${id}</dd>`), 'the card of that id');
      panel.dispose();
    } finally {
      window.showInformationMessage = original;
    }
    assert.deepEqual(messages, [`${id} is in ${name}, not in the organization shown.`]);
    assertEachKeyAtItsOwnOrigin();
  });

  it('lets the chat tools name the organization: each answer says whose it is, and another one is not asked silently', async () => {
    const invoke = async (input: object) => {
      const result = await vscode.lm.invokeTool('close_pipelineSummary', { input, toolInvocationToken: undefined });
      return result.content.map((part) => (part as { value?: string }).value ?? '').join('');
    };
    const shown = ext.services.connection.activeAccount?.organization;
    const other = shown === 'Acme Corp' ? 'Beta GmbH' : 'Acme Corp';
    assert.match(await invoke({ organization: shown!.toLowerCase() }), new RegExp(`^Organization the answer is from:\\n.*\\n<close-data>\\n${shown}\\n</close-data>\\n`));
    const otherServer = other === 'Acme Corp' ? acme : beta;
    otherServer.resetRequests();
    assert.match(await invoke({ organization: other }), /Nothing was asked of Close: .*Switch Organization/);
    assert.match(await invoke({ organization: 'Gamma' }), /no organization is called “Gamma”[^]*<close-data>\nAcme Corp\nBeta GmbH\n<\/close-data>/);
    assert.deepEqual(otherServer.requests, []);
  });

  it('asks the organization switched to, even for a request made while the switch was reading its key', async () => {
    const connection = ext.services.connection;
    const from = connection.activeAccount!;
    const to = connection.organizations.list().find((a) => a.id !== from.id)!;
    const switching = connection.switchTo(to.id);
    // A request while the switch runs: the moment the window names the other organization, if it does before the switch ends.
    for (let i = 0; i < 1000 && connection.organizations.activeId !== to.id; i++) await Promise.resolve();
    await connection.client();
    await switching;
    const me = await (await connection.client())!.me();
    assert.equal(me.organizations?.[0]?.name, to.organization, 'the client of the organization shown');
    // Each organization keeps the name GET /me/ gave it.
    await shows(to.organization === 'Acme Corp' ? acme : beta);
    assert.deepEqual(
      connection.organizations.list().map((a) => a.organization),
      ['Acme Corp', 'Beta GmbH'],
    );
    await switchTo(from.organization!);
    await shows(from.organization === 'Acme Corp' ? acme : beta);
  });

  it('keeps an organization added before when setting its key again is overtaken by a switch', async () => {
    const connection = ext.services.connection;
    const acmeAccount = connection.organizations.list().find((a) => a.organization === 'Acme Corp')!;
    const betaAccount = connection.organizations.list().find((a) => a.organization === 'Beta GmbH')!;
    await connection.switchTo(acmeAccount.id);
    await config().update('apiBaseUrl', acme.url, vscode.ConfigurationTarget.Global);
    const store = connection.organizations.store;
    const put = store.put.bind(store);
    // The user switches to Beta while Acme's key, set again, is being stored.
    store.put = async (account) => {
      store.put = put;
      await put(account);
      await connection.switchTo(betaAccount.id);
    };
    try {
      await assert.rejects(connection.setApiKey(acme.key), /The key was not stored/);
    } finally {
      store.put = put;
      await config().update('apiBaseUrl', beta.url, vscode.ConfigurationTarget.Global);
    }
    assert.equal(connection.activeAccount?.id, betaAccount.id);
    assert.deepEqual(
      connection.organizations.list().map((a) => a.organization),
      ['Acme Corp', 'Beta GmbH'],
    );
    assert.equal((await connection.organizations.secretOf(acmeAccount).read())?.key, acme.key, 'Acme’s key is still stored');
    await shows(beta);
  });

  it('signs out of the one chosen: the other stays, and its key is not sent where the setting points until the user says so', async () => {
    acme.resetRequests();
    beta.resetRequests();
    const asked: string[] = [];
    const window = vscode.window as unknown as { showWarningMessage: (...args: unknown[]) => unknown };
    const original = window.showWarningMessage;
    // The question before the key goes to another origin: declined.
    window.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
      if (!(rest[0] as { modal?: boolean } | undefined)?.modal) return original.call(vscode.window, message, ...rest);
      asked.push(String(message));
      return Promise.resolve(undefined);
    };
    const accountOf = (name: string) => ext.services.connection.organizations.list().find((a) => a.organization === name)!.id;
    const keptOf = async (account: string) => (await ext.services.keptResults.store.keys()).filter((key) => key.startsWith(`${account} `)).length;
    const [acmeAccount, betaAccount] = [accountOf('Acme Corp'), accountOf('Beta GmbH')];
    assert.ok((await keptOf(acmeAccount)) > 0 && (await keptOf(betaAccount)) > 0, 'results kept for both');
    try {
      await answering(['Beta GmbH'], () => vscode.commands.executeCommand('closeOpportunities.signOut'));
      // Only Beta's kept results went.
      await waitFor('Beta’s kept results gone', async () => (await keptOf(betaAccount)) === 0);
      assert.ok((await keptOf(acmeAccount)) > 0, 'Acme’s kept results stay');
      assert.deepEqual(
        ext.services.connection.organizations.list().map((a) => a.organization),
        ['Acme Corp'],
      );
      assert.equal(ext.services.connection.activeAccount?.organization, 'Acme Corp');
      // The setting still points at Beta's server, no longer another organization's: Acme's key waits for the user.
      await waitFor('the question', async () => {
        await ext.services.connection.client();
        return asked.length > 0;
      });
      assert.match(asked[0], new RegExp(new URL(beta.url).host.replace(/\./g, '\\.')));
      assert.deepEqual(beta.requests, []);
    } finally {
      window.showWarningMessage = original;
    }
    await config().update('apiBaseUrl', acme.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    await shows(acme);
    // With one organization left, its name is no longer shown.
    await waitFor('the status bar without a name', () => ext.statusBar.visible && !ext.statusBar.item.text.includes('Acme Corp'));
  });
});
