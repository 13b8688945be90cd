// The step-by-step report of "Close: Test Connection". Everything on 127.0.0.1 (api.close.test resolves nowhere).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloseClient, type RequestLogEntry } from '../../../src/close/client';
import { diagnoseConnection } from '../../../src/close/diagnose';
import { probeCertificate } from '../../../src/close/networkErrors';
import { startConnectProxy, type ConnectProxy } from '../../support/connectProxy';
import { type FakeServer, startFakeServer } from '../../support/testClient';

const TLS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'tls');
const pem = (name: string) => fs.readFileSync(path.join(TLS_DIR, name), 'utf8');

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
