// The step-by-step report of "Close: Test Connection". Everything on 127.0.0.1 (api.close.test resolves nowhere).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloseClient, type RequestLogEntry } from '../../../src/close/client';
import { diagnoseConnection } from '../../../src/close/diagnose';
import { probeCertificate } from '../../../src/close/networkErrors';
import { startConnectProxy, startRecordingRelay, type ConnectProxy } from '../../support/connectProxy';
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

  describe('through an https:// proxy that wants a password', () => {
    const PASSWORD = 'pr0xy-Passw0rd';
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const spellings = [PASSWORD, b64(`alice:${PASSWORD}`), b64(`alice:${PASSWORD}`).replace(/=+$/, ''), 'Proxy-Authorization', 'CONNECT'];
    let trusted: FakeServer;
    before(async () => {
      trusted = await startFakeServer({ opportunities: 3, apiKey: 'api_trusted_key', tls: { key: pem('server-key.pem'), cert: pem('server.pem') } });
    });
    after(() => trusted.close());

    /** Test Connection through `proxy` (its certificate: `cert`), with a relay in front that records the bytes on the wire. */
    async function diagnoseThrough(cert: string, key: string) {
      const secureProxy = await startConnectProxy({ 'api.close.test': '127.0.0.1' }, { key: pem(key), cert: pem(cert) });
      secureProxy.requireAuthorization = `Basic ${b64(`alice:${PASSWORD}`)}`;
      const relay = await startRecordingRelay(new URL(secureProxy.url).host);
      try {
        const base = new URL(`https://api.close.test:${new URL(trusted.url).port}/api/v1/`);
        const steps = await diagnoseConnection({
          base,
          proxy: new URL(`https://alice:${PASSWORD}@${relay.address}`),
          proxySource: 'http.proxy',
          proxyCa: pem('ca.pem'),
        });
        return { steps, wire: relay.received().toString('latin1'), connects: secureProxy.connects, port: base.port };
      } finally {
        await Promise.all([relay.close(), secureProxy.close()]);
      }
    }

    it('speaks TLS to the proxy: the password and the CONNECT never cross the wire in clear', async () => {
      const { steps, wire, connects, port } = await diagnoseThrough('server.pem', 'server-key.pem');
      for (const spelling of spellings) assert.ok(!wire.includes(spelling), `${spelling} crossed the wire in clear`);
      assert.equal(wire.charCodeAt(0), 0x16, 'the first byte on the wire opens a TLS handshake');
      assert.deepEqual(connects, [`api.close.test:${port}`], 'the proxy got the CONNECT, with the password it wants');
      assert.match(steps.find((s) => s.step === 'tls')!.detail, /^certificate for CN=api\.close\.test, O=Close Opportunities tests, issued by CN=Close Test Company CA/);
    });

    it('sends nothing to a proxy whose certificate is not trusted', async () => {
      const { steps, wire, connects } = await diagnoseThrough('untrusted.pem', 'untrusted-key.pem');
      for (const spelling of spellings) assert.ok(!wire.includes(spelling), `${spelling} crossed the wire in clear`);
      assert.deepEqual(connects, []);
      assert.equal(steps.find((s) => s.step === 'tls')?.ok, false);
    });
  });

  it('a proxy that refuses the tunnel: no certificate, and the TLS step says so', async () => {
    const base = new URL('https://elsewhere.test:443/api/v1/');
    assert.equal(await probeCertificate(base, new URL(proxy.url)), undefined);
    const steps = await diagnoseConnection({ base, proxy: new URL(proxy.url), proxySource: 'http.proxy' });
    assert.equal(steps.find((s) => s.step === 'tls')?.ok, false);
    assert.match(steps.find((s) => s.step === 'tls')!.detail, /no TLS connection to elsewhere\.test through the proxy/);
  });
});
