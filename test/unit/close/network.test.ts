// What a user reads when the network is in the way: the cause and the setting that fixes it, and the
// step-by-step report of "Close: Test Connection". Everything on 127.0.0.1 (api.close.test resolves nowhere).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloseClient, type RequestLogEntry } from '../../../src/close/client';
import { diagnoseConnection } from '../../../src/close/diagnose';
import { NetworkError } from '../../../src/close/errors';
import { describeNetworkFailure, probeCertificate } from '../../../src/close/networkErrors';
import { bypassesProxy, parseProxy } from '../../../src/close/proxyConfig';
import { startConnectProxy, type ConnectProxy } from '../../support/connectProxy';
import { type FakeServer, rejection, startFakeServer } from './helpers';

const TLS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'tls');
const pem = (name: string) => fs.readFileSync(path.join(TLS_DIR, name), 'utf8');

describe('network failures name their cause and the setting that fixes it', () => {
  let untrusted: FakeServer;
  before(async () => {
    untrusted = await startFakeServer({ opportunities: 3, apiKey: 'api_untrusted_key', tls: { key: pem('untrusted-key.pem'), cert: pem('untrusted.pem') } });
  });
  after(() => untrusted.close());

  it('a certificate from an unknown CA: names the certificate, the trust settings, and nothing reaches the server', async () => {
    const client = new CloseClient({
      baseUrl: `https://localhost:${new URL(untrusted.url).port}/api/v1/`,
      credentials: { apiKey: untrusted.key },
      sleep: async () => {},
    });
    const error = await rejection(client.me());
    assert.ok(error instanceof NetworkError);
    assert.equal(error.reason, 'certificate');
    assert.match(error.message, /^The TLS certificate of localhost:\d+ is not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN): /);
    assert.match(error.message, /It presented a certificate for CN=api\.close\.test, O=Close Opportunities tests issued by CN=Untrusted Test CA/);
    assert.match(error.message, /http\.systemCertificates/);
    assert.match(error.message, /NODE_EXTRA_CA_CERTS/);
    assert.match(error.message, /Nothing was sent to it/);
    assert.equal(untrusted.requests.length, 0);
    assert.ok(!error.message.includes(untrusted.key));
    await client.close();
  });

  it('a host name that does not resolve: suggests http.proxy (not the base URL setting: only a 404 does), without retrying', async () => {
    const log: RequestLogEntry[] = [];
    const client = new CloseClient({ baseUrl: 'https://api.close.test/api/v1/', credentials: { apiKey: 'api_x' }, sleep: async () => {}, onRequest: (e) => log.push(e) });
    const error = await rejection(client.me());
    assert.ok(error instanceof NetworkError);
    assert.equal(error.reason, 'dns');
    assert.match(
      error.message,
      /^Could not find the host api\.close\.test \(ENOTFOUND\)\. If this network reaches the internet through a proxy, set it in VS Code's http\.proxy setting/,
    );
    assert.doesNotMatch(error.message, /apiBaseUrl/);
    assert.equal(log.length, 1);
    await client.close();
  });

  it('a refused connection: retried, then the proxy hint', async () => {
    const closed = await startFakeServer({ opportunities: 1 });
    await closed.close();
    const client = new CloseClient({ baseUrl: closed.url, credentials: { apiKey: 'api_x' }, maxRetries: 2, sleep: async () => {} });
    const error = await rejection(client.me());
    assert.ok(error instanceof NetworkError);
    assert.equal(error.reason, 'connect');
    assert.match(
      error.message,
      /^Could not reach Close at 127\.0\.0\.1:\d+ \(ECONNREFUSED\), after 3 attempts\. Check your connection and try again\. If this network reaches the internet through a proxy/,
    );
    await client.close();
  });

  it('never follows a redirect: the key does not go where a 302 points', async () => {
    const server = await startFakeServer({ opportunities: 2, apiKey: 'api_redirect_key' });
    const elsewhere = await startFakeServer({ opportunities: 2 });
    try {
      server.script({ status: 302, headers: { Location: `${elsewhere.url}me/` }, body: {} });
      const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, sleep: async () => {} });
      const error = await rejection(client.me());
      assert.match(error.message, /302/);
      assert.equal(elsewhere.requests.length, 0, 'nothing reached the server the redirect named');
      await client.close();
    } finally {
      await Promise.all([server.close(), elsewhere.close()]);
    }
  });

  it("VS Code's proxy agent failing to reach the proxy is a proxy problem, not Close's", async () => {
    const failure = new Error('Failed to establish a socket connection to proxies: PROXY 127.0.0.1:3128');
    const described = await describeNetworkFailure(new URL('https://api.close.com/api/v1/'), failure);
    assert.equal(described.reason, 'proxy');
    assert.equal(described.transient, false);
    assert.match(
      described.message,
      /^Could not get through the proxy to api\.close\.com \(Failed to establish a socket connection to proxies: PROXY 127\.0\.0\.1:3128\)\.$/,
    );
    assert.match(described.hint, /http\.proxy/);
  });
});

describe('proxy settings as VS Code and curl read them', () => {
  const target = new URL('https://api.close.com/api/v1/');
  it('NO_PROXY entries: host, .domain, *.domain, host:port, *', () => {
    assert.equal(bypassesProxy(target, ['api.close.com']), true);
    assert.equal(bypassesProxy(target, ['.close.com']), true);
    assert.equal(bypassesProxy(target, ['*.close.com']), true);
    assert.equal(bypassesProxy(target, ['close.com']), true);
    assert.equal(bypassesProxy(target, ['api.close.com:443']), true);
    assert.equal(bypassesProxy(target, ['api.close.com:8443']), false);
    assert.equal(bypassesProxy(target, ['notclose.com', 'close.co', ' ']), false);
    assert.equal(bypassesProxy(target, ['*']), true);
  });
  it('a proxy with or without a scheme; anything else is no proxy', () => {
    assert.equal(parseProxy('proxy.corp:3128')?.href, 'http://proxy.corp:3128/');
    assert.equal(parseProxy('https://proxy.corp')?.href, 'https://proxy.corp/');
    assert.equal(parseProxy('socks5://proxy.corp:1080'), undefined);
    assert.equal(parseProxy('  '), undefined);
  });
});

describe('Test Connection, step by step', () => {
  let proxy: ConnectProxy;
  let untrusted: FakeServer;
  let limited: FakeServer;
  before(async () => {
    untrusted = await startFakeServer({ opportunities: 3, apiKey: 'api_untrusted_key', tls: { key: pem('untrusted-key.pem'), cert: pem('untrusted.pem') } });
    limited = await startFakeServer({ opportunities: 3, apiKey: 'api_limited_key', rateLimit: { limit: 40, windowSeconds: 1 } });
    proxy = await startConnectProxy({ 'api.close.test': '127.0.0.1' });
  });
  after(async () => {
    await Promise.all([untrusted.close(), limited.close(), proxy.close()]);
  });

  it('through a proxy: the proxy, no local name, the certificate and its issuer read through the tunnel', async () => {
    const base = new URL(`https://api.close.test:${new URL(untrusted.url).port}/api/v1/`);
    const steps = await diagnoseConnection({ base, proxy: new URL(`${proxy.url.replace('http://', 'http://user:secret@')}`), proxySource: 'http.proxy' });
    assert.deepEqual(
      steps.map((s) => [s.step, s.ok]),
      [
        ['proxy', undefined],
        ['dns', undefined],
        ['tls', false],
        ['key', undefined],
      ],
    );
    assert.equal(steps[0].detail, `${proxy.url} (from http.proxy)`, 'the proxy is named without its password');
    assert.match(steps[1].detail, /api\.close\.test is not resolved here \(ENOTFOUND\); the proxy resolves it/);
    assert.match(
      steps[2].detail,
      /^certificate for CN=api\.close\.test, O=Close Opportunities tests, issued by CN=Untrusted Test CA, O=Close Opportunities tests, valid until .*: NOT trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)$/,
    );
    assert.deepEqual(proxy.connects, [`api.close.test:${base.port}`]);
    assert.equal(steps[3].detail, 'no API key set: nothing to check');
  });

  it('without a proxy: resolution, plain http to this machine, the key check and the rate-limit window', async () => {
    const log: RequestLogEntry[] = [];
    const client = new CloseClient({ baseUrl: limited.url, credentials: { apiKey: limited.key }, onRequest: (e) => log.push(e) });
    // Many earlier answers, as in a window that has been in use: the newest one is read.
    for (let i = 0; i < 25; i++) await client.listUsers();
    const steps = await diagnoseConnection({
      base: new URL(limited.url),
      proxySource: 'none configured',
      client,
      lastAnswered: () => log[log.length - 1],
      describeMe: (me) => me.email ?? me.id,
    });
    assert.deepEqual(
      steps.map((s) => [s.step, s.ok]),
      [
        ['proxy', undefined],
        ['dns', true],
        ['tls', undefined],
        ['key', true],
        ['rateLimit', undefined],
      ],
    );
    assert.equal(steps[0].detail, 'none (none configured)');
    assert.equal(steps[1].detail, '127.0.0.1 → 127.0.0.1');
    assert.match(steps[2].detail, /^plain http:\/\/ to this machine/);
    assert.equal(steps[3].detail, `GET me/ accepted the key: ${limited.dataset.me.email}`);
    assert.match(steps[4].detail, /^limit 40 per window, \d+ remaining, resets in [\d.]+ s$/);
    assert.ok(steps.every((s) => !s.detail.includes(limited.key)));
    await client.close();
  });

  it('a proxy that refuses the tunnel: no certificate, and the TLS step says so', async () => {
    const base = new URL('https://elsewhere.test:443/api/v1/');
    assert.equal(await probeCertificate(base, new URL(proxy.url)), undefined);
    const steps = await diagnoseConnection({ base, proxy: new URL(proxy.url), proxySource: 'http.proxy' });
    assert.equal(steps.find((s) => s.step === 'tls')?.ok, false);
    assert.match(steps.find((s) => s.step === 'tls')!.detail, /no TLS connection to elsewhere\.test through the proxy/);
  });
});
