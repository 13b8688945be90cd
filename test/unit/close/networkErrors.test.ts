// What a user reads when the network is in the way: the cause and the setting that fixes it. Everything on
// 127.0.0.1 (api.close.test resolves nowhere).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloseClient, type RequestLogEntry } from '../../../src/close/client';
import { NetworkError } from '../../../src/close/errors';
import { describeNetworkFailure } from '../../../src/close/networkErrors';
import { type FakeServer, rejection, startFakeServer } from '../../support/testClient';

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

  it('a refused connection: one attempt (nothing listens there; a retry would only delay the answer), then the proxy hint', async () => {
    const closed = await startFakeServer({ opportunities: 1 });
    await closed.close();
    const log: RequestLogEntry[] = [];
    const client = new CloseClient({ baseUrl: closed.url, credentials: { apiKey: 'api_x' }, maxRetries: 2, sleep: async () => {}, onRequest: (e) => log.push(e) });
    const error = await rejection(client.me());
    assert.ok(error instanceof NetworkError);
    assert.equal(error.reason, 'connect');
    assert.equal(log.length, 1, 'one attempt');
    assert.match(
      error.message,
      /^Could not reach Close at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check your connection and try again\. If this network reaches the internet through a proxy/,
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

  it("an untrusted certificate: Node's own advice (a command-line flag) is left out, the extension's is given", async () => {
    // What Node 24 (VS Code's extension host) says for a certificate of an unknown CA.
    const failure = Object.assign(new Error('unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    const described = await describeNetworkFailure(new URL('https://api.close.com/api/v1/'), failure);
    assert.equal(described.reason, 'certificate');
    assert.equal(
      described.message,
      'The TLS certificate of api.close.com is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate). Nothing was sent to it.',
    );
    assert.ok(![described.message, described.hint].some((text) => /use-system-ca|Node\.js/.test(text)), described.hint);
    assert.match(described.hint, /http\.systemCertificates/);
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
