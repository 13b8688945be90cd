// The key's life in SecretStorage when the user changes their mind while Close is still checking a key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { api, config, disconnectFromFake, storedKey, waitFor } from './extensionApi';

const SECRET = 'closeOpportunities.apiKey';
/** The secret of the organization a fake server's key belongs to. */
const secretOf = (server: FakeServer) => `${SECRET}.${server.dataset.organization.id}/${server.dataset.me.id}`;

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
    assert.equal(await ext.services.context.secrets.get(secretOf(server)), undefined);
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
    assert.equal(await ext.services.context.secrets.get(secretOf(server)), undefined);
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

describe('Connection: an OAuth access token instead of a key', function () {
  this.timeout(60_000);
  const TOKEN = 'oauth_AccessToken0123456789abcdefABCDEF';
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await startFakeServer({ opportunities: 50, seed: 6, apiKey: 'api_token_suite_key', oauthToken: TOKEN });
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await ext.services.connection.signOut();
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  it('sends a pasted token as Bearer, checked with GET /me/ and kept bound to its origin like a key', async () => {
    server.resetRequests();
    const me = await ext.services.connection.setApiKey(TOKEN);
    assert.equal(me.id, server.dataset.me.id);
    await ext.services.connection.client();
    ext.services.filterState.set({ status_type: ['won'] });
    await vscode.commands.executeCommand('closeOpportunities.tree.focus');
    await waitFor('a list request', () => server.requests.some((r) => r.path === '/api/v1/opportunity/' && r.status === 200));
    assert.ok(server.requests.length > 0);
    assert.deepEqual([...new Set(server.requests.map((r) => r.authorization))], ['bearer']);
    assert.equal(await storedKey(ext), TOKEN);
    assert.equal(JSON.parse((await ext.services.context.secrets.get(secretOf(server)))!).origin, new URL(server.url).origin);
  });

  it('asks for a new token when Close refuses it (401): it is not refreshed', async () => {
    await ext.services.connection.setApiKey(TOKEN);
    server.setOptions({ oauthToken: undefined });
    try {
      await vscode.commands.executeCommand('closeOpportunities.refresh');
      await waitFor('the refused state', () => ext.services.connection.keyRefused);
      assert.equal(ext.services.connection.connected, false);
      const refused = server.requests.filter((r) => r.status === 401);
      assert.ok(refused.length > 0 && refused.every((r) => r.authorization === 'invalid'));
      // Nothing asks Close for a new token by itself: no request other than with the refused token.
      assert.ok(server.requests.every((r) => r.authorization !== 'basic'));
    } finally {
      server.setOptions({ oauthToken: TOKEN });
    }
    await ext.services.connection.setApiKey(TOKEN);
    assert.equal(ext.services.connection.connected, true);
  });
});
