// Every echo of a credential is taken out of errors and log lines: the key in any letter case, its base64
// with and without the colon, Basic/Bearer header values and `user:pass@` in URLs.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { CloseClient, type RequestLogEntry } from '../../../src/close/client';
import { createScrubber, hasCredentialsInUrl, scrubCredentials } from '../../../src/close/scrub';
import { rejection, seen, startFakeServer, testClient } from '../../support/testClient';

const KEY = 'api_3xAmPLeKey0123456789abcdefGHIJ';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('scrubbing credentials out of text', () => {
  const scrub = createScrubber([KEY]);

  const echoes: [string, string][] = [
    ['the key as typed', `bad key ${KEY}!`],
    ['the key in upper case', `BAD KEY ${KEY.toUpperCase()}`],
    ['the key in lower case', `bad key ${KEY.toLowerCase()}`],
    ['the key URL-encoded', `q=${encodeURIComponent(`${KEY} `)}`],
    ['base64 of the key', `token ${b64(KEY)}`],
    ['base64 of key + colon', `auth ${b64(`${KEY}:`)}`],
    ['base64 of key + colon without padding', `auth ${b64(`${KEY}:`).replace(/=+$/, '')}.`],
  ];
  for (const [name, text] of echoes) {
    it(`removes ${name}`, () => {
      const clean = scrub(text);
      assert.match(clean, /\[redacted\]/);
      assert.ok(!clean.toLowerCase().includes(KEY.toLowerCase()), clean);
      assert.ok(!clean.includes(b64(KEY).replace(/=+$/, '')), clean);
    });
  }

  it('removes the value of a Basic header, whatever key it holds', () => {
    const other = b64('api_someOtherKey42:');
    assert.equal(scrubCredentials(`Authorization: Basic ${other}`), 'Authorization: Basic [redacted]');
    assert.equal(scrubCredentials(`authorization: basic ${other}`), 'authorization: basic [redacted]');
  });

  it('removes the value of a Bearer header', () => {
    assert.equal(scrubCredentials('sent Bearer tok_9Zq3abcdefghij to the proxy'), 'sent Bearer [redacted] to the proxy');
  });

  it('leaves prose that merely says Basic or Bearer alone', () => {
    assert.equal(scrubCredentials('Basic authentication is required'), 'Basic authentication is required');
    assert.equal(scrubCredentials('the Basic plan'), 'the Basic plan');
  });

  it('removes user:pass@ (and user@) from URLs', () => {
    assert.equal(scrubCredentials('GET https://alice:s3cret@proxy.example.com/api/v1/ failed'), 'GET https://[redacted]@proxy.example.com/api/v1/ failed');
    assert.equal(scrubCredentials(`see http://${KEY}@api.close.com/`), 'see http://[redacted]@api.close.com/');
    assert.equal(scrubCredentials('mail alice@example.com'), 'mail alice@example.com');
  });

  it('removes a password that holds an @ up to the host, as a URL parser reads it', () => {
    assert.equal(scrubCredentials('GET https://user:p@ss@host.example/api/ failed'), 'GET https://[redacted]@host.example/api/ failed');
    assert.equal(scrubCredentials('http://a@b@c@proxy:3128 and mail alice@example.com'), 'http://[redacted]@proxy:3128 and mail alice@example.com');
  });

  it('tells a base URL with credentials from one without', () => {
    assert.equal(hasCredentialsInUrl('https://user:pass@api.close.com/api/v1/'), true);
    assert.equal(hasCredentialsInUrl('https://user@api.close.com/api/v1/'), true);
    assert.equal(hasCredentialsInUrl('https://api.close.com/api/v1/'), false);
    assert.equal(hasCredentialsInUrl('not a url'), false);
  });
});

describe('the client scrubs every echo from errors and its log', () => {
  it('never shows the key echoed by the server in upper case, as base64 or in a header or URL', async () => {
    const server = await startFakeServer({ opportunities: 5, seed: 2, apiKey: KEY });
    const { client, log } = testClient(server);
    try {
      const echoes = [
        `key ${KEY.toUpperCase()} is revoked`,
        `token ${b64(KEY)} is revoked`,
        `header Basic ${b64(`${KEY}:`).replace(/=+$/, '')} refused`,
        'header Bearer abcDEF1234567890xyz refused',
        'upstream https://proxyuser:proxypass@10.0.0.1:3128/ refused',
      ];
      const errors: unknown[] = [];
      for (const error of echoes) {
        server.script({ status: 400, body: { error } });
        errors.push(await rejection(client.me()));
      }
      const texts = [...errors.flatMap((e) => [String(e), inspect(e)]), ...log.map((entry) => JSON.stringify(entry))];
      for (const text of texts) {
        assert.ok(!text.toLowerCase().includes(KEY.toLowerCase()), text);
        assert.ok(!text.includes(b64(KEY).replace(/=+$/, '')), text);
        assert.ok(!text.includes(b64(`${KEY}:`).replace(/=+$/, '')), text);
        assert.ok(!text.includes('abcDEF1234567890xyz'), text);
        assert.ok(!text.includes('proxypass'), text);
      }
      assert.equal(errors.filter((e) => String(e).includes('[redacted]')).length, echoes.length);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('sends no user:pass of a base URL and names no credentials in a bad-URL message', async () => {
    const server = await startFakeServer({ opportunities: 5, seed: 2, apiKey: KEY });
    const withCredentials = server.url.replace('http://', 'http://someone:hunter2@');
    const { client, log } = testClient(server, { baseUrl: withCredentials });
    try {
      await client.me();
      assert.ok(log.every((entry) => !JSON.stringify(entry).includes('hunter2')));
      assert.equal(server.requests[0].authorization, 'basic');
      const error = await rejection(Promise.resolve().then(() => testClient(server, { baseUrl: 'https://someone:hunter2@bad host/' })));
      assert.ok(!String(error).includes('hunter2'), String(error));
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('the API key stays secret', () => {
  it('appears in no error, stack or log entry, even when the server echoes it', async () => {
    const server = await startFakeServer({ opportunities: 20 });
    const secrets = [server.key, Buffer.from(`${server.key}:`).toString('base64')];
    const log: RequestLogEntry[] = [];
    const errors: unknown[] = [];
    const client = new CloseClient({
      baseUrl: server.url,
      credentials: { apiKey: server.key },
      onRequest: (entry) => log.push(entry),
      maxRetries: 1,
      timeoutMs: 200,
      sleep: async () => {},
    });
    const attempt = async (call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (error) {
        errors.push(error);
      }
    };
    try {
      server.script({ status: 400, body: { error: `bad key ${server.key}`, 'field-errors': { auth: `Basic ${secrets[1]}` } } });
      await attempt(() => client.me());
      server.script({ status: 401, body: { error: `key ${server.key} is revoked` } });
      await attempt(() => client.me());
      server.script({ status: 404, body: { error: `no ${server.key}` } });
      await attempt(() => client.getOpportunity('oppo_x'));
      server.script({ status: 500, body: { message: `crash for ${server.key}` } });
      await attempt(() => client.listUsers());
      server.script({ status: 200, rawBody: `{"oops": "${'y'.repeat(100)}${server.key}` });
      await attempt(() => client.me());
      server.script({ status: 429, body: { error: { message: server.key, rate_reset: 99999 } } });
      await attempt(() => client.me());
      server.script({ status: 503, body: { error: server.key } }, { status: 503, body: { error: server.key } });
      await attempt(() => client.me());
      server.script({ status: 200, body: {}, delayMs: 1000 });
      await attempt(() => client.me());
      server.script({ status: 0, reset: true }, { status: 0, reset: true });
      await attempt(() => client.me());
      await attempt(() => client.listOpportunities({ date_won: { gte: server.key } }, { skip: 0, limit: 1 }));
      assert.equal(errors.length, 10);
      const texts = [
        ...errors.flatMap((e) => [String(e), (e as Error).stack ?? '', inspect(e, { depth: 5 }), JSON.stringify(e)]),
        ...log.map((entry) => JSON.stringify(entry)),
        inspect(client, { depth: 5, showHidden: true }),
      ];
      assert.ok(log.length >= 10);
      for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `the key leaked into: ${text.slice(0, 300)}`);
      assert.ok(
        texts.some((text) => text.includes('[redacted]')),
        'the echoed key was not replaced',
      );
      assert.ok(server.requests.every((r) => !JSON.stringify(r).includes(server.key)));
    } finally {
      await client.close();
      await server.close();
    }
  });
});

// A root hook: runs once every test file of the suite is done, over everything the tests' clients logged
// and every error they caught.
after('no API key appears in any log entry or error of the Close client tests', () => {
  assert.ok(seen.secrets.size > 0 && seen.logs.length > 0 && seen.errors.length > 0, 'nothing was collected');
  const texts = [
    ...seen.logs.flat().map((entry) => JSON.stringify(entry)),
    ...seen.errors.flatMap((error) => [String(error), (error as Error)?.stack ?? '', inspect(error)]),
  ];
  for (const text of texts) for (const secret of seen.secrets) assert.ok(!text.includes(secret), `a key leaked into: ${text.slice(0, 200)}`);
});
