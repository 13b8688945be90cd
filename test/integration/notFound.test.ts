// A 404 that names a missing object of the filter (a deleted Smart View) says what is missing and offers to
// clear that filter; it does not send the user to the base URL setting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, config, connectToFake, disconnectFromFake, ORDER, waitFor } from './extensionApi';

describe('A 404 says what is missing (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 300, seed: 37, apiKey: 'api_not_found_test_key' });
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  it('names a deleted Smart View and clears that filter from the notification', async () => {
    const window = vscode.window as { showWarningMessage: unknown };
    const original = window.showWarningMessage;
    const shown: { message: string; buttons: string[] }[] = [];
    window.showWarningMessage = (message: string, ...buttons: string[]) => {
      shown.push({ message, buttons });
      return Promise.resolve(buttons.find((b) => b === 'Clear Smart View Filter'));
    };
    try {
      ext.services.filterState.set({ order_by: ORDER, status_type: ['won'], lead_saved_search_id: 'save_DeletedSmartView0123' });
      await ext.treeProvider.getChildren();
      await waitFor('the notification', () => shown.length > 0);
      assert.equal(shown.length, 1);
      assert.match(shown[0].message, /Smart View in the filter \(save_DeletedSmartView0123\) does not exist/);
      assert.doesNotMatch(shown[0].message, /apiBaseUrl/);
      assert.deepEqual(shown[0].buttons, ['Clear Smart View Filter']);
      await waitFor('the Smart View filter to be cleared', () => ext.services.filterState.filter.lead_saved_search_id === undefined);
      // Only that part of the filter went; the tree loads again.
      assert.deepEqual(ext.services.filterState.filter.status_type, ['won']);
      const children = await ext.treeProvider.getChildren();
      assert.ok(children.length > 0 && children.every((c) => c.kind === 'opportunity' || c.kind === 'loadMore'));
    } finally {
      window.showWarningMessage = original;
    }
  });

  it('still points at the base URL setting when the endpoint itself is missing', async () => {
    await config().update('apiBaseUrl', server.url.replace('/api/v1/', '/api/v9/'), vscode.ConfigurationTarget.Global);
    try {
      await ext.services.connection.setApiKey(server.key).catch(() => undefined);
      ext.services.filterState.set({ order_by: ORDER });
      await ext.treeProvider.getChildren();
      await waitFor('the error message', () => (ext.treeView.message ?? '').includes('closeOpportunities.apiBaseUrl'));
    } finally {
      await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    }
  });
});
