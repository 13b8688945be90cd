// The key's life in SecretStorage when the user changes their mind while Close is still checking a key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { api, config, disconnectFromFake, storedKey, waitFor } from './extensionApi';

const SECRET = 'closeOpportunities.apiKey';

describe('Connection: a key check overtaken by a newer choice', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    // Slow enough that the user can act while GET /me/ is on its way.
    server = await startFakeServer({ opportunities: 50, seed: 5, apiKey: 'api_slow_check_key', latencyMs: 400 });
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await ext.services.connection.signOut();
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  it('stores nothing when the user signs out while the key is being checked', async () => {
    server.resetRequests();
    const setting = ext.services.connection.setApiKey(server.key);
    await waitFor('GET /me/ on its way', () => server.requests.some((r) => r.path === '/api/v1/me/'));
    await ext.services.connection.signOut();
    await assert.rejects(setting, /not stored/);
    assert.equal(await ext.services.context.secrets.get(SECRET), undefined);
    assert.equal(ext.services.connection.kind, 'none');
    assert.equal(await ext.services.connection.client(), undefined);
  });

  it('stays on sample data chosen while the key was being checked', async () => {
    server.resetRequests();
    const setting = ext.services.connection.setApiKey(server.key);
    await waitFor('GET /me/ on its way', () => server.requests.some((r) => r.path === '/api/v1/me/'));
    await ext.services.connection.startSampleData();
    await assert.rejects(setting, /not stored/);
    assert.equal(ext.services.connection.kind, 'sampleData');
    assert.equal(await ext.services.context.secrets.get(SECRET), undefined);
    await ext.services.connection.signOut();
  });

  it('stores the key when nothing else happened while it was checked', async () => {
    const me = await ext.services.connection.setApiKey(server.key);
    assert.equal(typeof me.id, 'string');
    assert.equal(await storedKey(ext), server.key);
    assert.equal(ext.services.connection.kind, 'apiKey');
  });
});
