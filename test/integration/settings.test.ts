// Settings out of their range (VS Code warns about them but still returns them) are clamped when used.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, config, connectToFake, disconnectFromFake, waitFor } from './extensionApi';

describe('Settings clamped at run time (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 60, seed: 23, apiKey: 'api_settings_test_key' });
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['requestTimeoutSeconds', 'autoRefreshMinutes', 'maxConcurrency', 'pageSize']);
  });

  it('loads the tree with a request timeout of 10 million seconds (no timer that fires at once)', async () => {
    await config().update('requestTimeoutSeconds', 1e7, vscode.ConfigurationTarget.Global);
    ext.services.filterState.clear();
    await ext.model.start();
    await ext.model.reload();
    const nodes = await ext.model.children();
    assert.ok(
      nodes.some((n) => n.kind === 'opportunity'),
      `the tree shows ${nodes.map((n) => n.kind).join(', ')}`,
    );
  });

  it('does not reload over and over with an auto-refresh of a billion minutes', async () => {
    await ext.model.start();
    await config().update('autoRefreshMinutes', 1e9, vscode.ConfigurationTarget.Global);
    server.resetRequests();
    // Unclamped, the timer would be armed with 6e13 ms, which setInterval turns into 1 ms: a reload every
    // millisecond. Clamped, it is armed with one day.
    const armed = await waitFor('the auto-refresh timer re-armed with the new setting', () => ext.autoRefresh.intervalMs !== undefined && ext.autoRefresh.intervalMs);
    assert.equal(armed, 24 * 60 * 60_000);
    // And arming it loaded nothing by itself.
    assert.equal(server.requests.filter((r) => r.path.endsWith('/opportunity/')).length, 0);
  });
});
