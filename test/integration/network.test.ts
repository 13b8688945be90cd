// VS Code's network settings reach the extension's requests: a company proxy (CONNECT) named in http.proxy,
// and a company CA trusted the way a user trusts one (the runner starts the extension host with
// NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem). Everything stays on 127.0.0.1: the host name api.close.test
// resolves nowhere but in the test proxy's own table.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosisStep } from '../../src/close/diagnose';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { startConnectProxy, type ConnectProxy } from '../support/connectProxy';
import { api } from './extensionApi';

const TLS_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls');
const pem = (name: string) => fs.readFileSync(path.join(TLS_DIR, name), 'utf8');

const close = () => vscode.workspace.getConfiguration('closeOpportunities');
const http = () => vscode.workspace.getConfiguration('http');
const port = (server: FakeServer) => new URL(server.url).port;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('Network: VS Code’s proxy and certificate settings', function () {
  this.timeout(60_000);
  let ext: CloseOpportunitiesApi;
  let trusted: FakeServer;
  let untrusted: FakeServer;
  let proxy: ConnectProxy;
  let proxiedBase: string;

  before(async () => {
    ext = await api();
    trusted = await startFakeServer({
      opportunities: 40,
      seed: 21,
      apiKey: 'api_network_test_key',
      tls: { key: pem('server-key.pem'), cert: pem('server.pem') },
      rateLimit: { limit: 40, windowSeconds: 1 },
    });
    untrusted = await startFakeServer({ opportunities: 5, seed: 22, apiKey: 'api_untrusted_key', tls: { key: pem('untrusted-key.pem'), cert: pem('untrusted.pem') } });
    proxy = await startConnectProxy({ 'api.close.test': '127.0.0.1' });
    proxiedBase = `https://api.close.test:${port(trusted)}/api/v1/`;
    await ext.services.connection.signOut();
  });

  afterEach(async () => {
    await ext.services.connection.signOut();
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http().update('proxySupport', undefined, vscode.ConfigurationTarget.Global);
    await close().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    trusted.resetRequests();
    untrusted.resetRequests();
    proxy.connects.length = 0;
  });

  after(async () => {
    await Promise.all([trusted.close(), untrusted.close(), proxy.close()]);
  });

  async function useProxy(support: 'override' | 'on' | 'off'): Promise<void> {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await http().update('proxySupport', support, vscode.ConfigurationTarget.Global);
    await close().update('apiBaseUrl', proxiedBase, vscode.ConfigurationTarget.Global);
  }

  it('reaches a host only the proxy can resolve through http.proxy, and the tree loads', async () => {
    await useProxy('override');
    const me = await ext.services.connection.setApiKey(trusted.key);
    assert.equal(me.id, trusted.dataset.me.id);
    ext.services.filterState.set({});
    const rows = (await ext.treeProvider.getChildren()).filter((node) => node.kind === 'opportunity');
    assert.equal(rows.length, Math.min(40, close().get<number>('pageSize', 100)));
    assert.ok(proxy.connects.includes(`api.close.test:${port(trusted)}`), `the proxy tunnelled to the server (it saw ${JSON.stringify(proxy.connects)})`);
    assert.ok(
      trusted.requests.some((r) => r.path.startsWith('/api/v1/opportunity/')),
      'the list request arrived through the tunnel',
    );
  });

  it('authenticates to a proxy that asks for a password, with the credentials in http.proxy', async () => {
    await useProxy('override');
    proxy.requireAuthorization = `Basic ${Buffer.from('corp-user:pa55word').toString('base64')}`;
    try {
      await http().update('proxy', proxy.url.replace('http://', 'http://corp-user:pa55word@'), vscode.ConfigurationTarget.Global);
      const me = await ext.services.connection.setApiKey(trusted.key);
      assert.equal(me.id, trusted.dataset.me.id);
      assert.ok(proxy.connects.includes(`api.close.test:${port(trusted)}`));
    } finally {
      proxy.requireAuthorization = undefined;
    }
  });

  it('with http.proxySupport off, the same setup fails with a message that points at the proxy setting', async () => {
    await useProxy('off');
    const error = await rejection(ext.services.connection.setApiKey(trusted.key));
    assert.match(error.message, /Could not find the host api\.close\.test/);
    assert.match(error.message, /http\.proxy/);
    assert.deepEqual(proxy.connects, []);
    assert.equal(trusted.requests.length, 0);
    assert.equal(ext.services.connection.kind, 'none');
  });

  it('trusts the company CA without a proxy as well', async () => {
    await close().update('apiBaseUrl', `https://localhost:${port(trusted)}/api/v1/`, vscode.ConfigurationTarget.Global);
    const me = await ext.services.connection.setApiKey(trusted.key);
    assert.equal(me.id, trusted.dataset.me.id);
  });

  it('refuses a certificate from an unknown CA, names it and the settings, and sends nothing in clear', async () => {
    await close().update('apiBaseUrl', `https://localhost:${port(untrusted)}/api/v1/`, vscode.ConfigurationTarget.Global);
    const error = await rejection(ext.services.connection.setApiKey(untrusted.key));
    assert.match(error.message, /The TLS certificate of localhost:\d+ is not trusted/);
    assert.match(error.message, /issued by CN=Untrusted Test CA/);
    assert.match(error.message, /http\.systemCertificates/);
    assert.match(error.message, /NODE_EXTRA_CA_CERTS/);
    assert.equal(untrusted.requests.length, 0, 'no request reached the server');
    assert.ok(!error.message.includes(untrusted.key));
  });

  it('Close: Test Connection reports the proxy, name resolution, TLS issuer, key check and rate limit', async () => {
    await useProxy('override');
    await ext.services.connection.setApiKey(trusted.key);
    // A connection in use: many answers before the check (the newest is the one read).
    const client = (await ext.services.connection.client())!;
    for (let i = 0; i < 25; i++) await client.listUsers();
    const steps = await vscode.commands.executeCommand<DiagnosisStep[]>('closeOpportunities.testConnection');
    const step = (name: string) => steps.find((s) => s.step === name)!;
    assert.equal(step('proxy').detail, `${proxy.url} (from http.proxy)`);
    assert.match(step('dns').detail, /api\.close\.test is not resolved here \(ENOTFOUND\); the proxy resolves it/);
    assert.equal(step('tls').ok, true);
    assert.match(step('tls').detail, /certificate for CN=api\.close\.test, O=Close Opportunities tests, issued by CN=Close Test Company CA/);
    assert.equal(step('key').ok, true);
    assert.match(step('key').detail, new RegExp(trusted.dataset.me.first_name!));
    assert.match(step('rateLimit').detail, /^limit 40 per window, \d+ remaining/);
    for (const s of steps) assert.ok(!s.detail.includes(trusted.key));
  });
});
