// Every echo of a credential is taken out of errors and log lines: the key in any letter case, its base64
// with and without the colon, Basic/Bearer header values and `user:pass@` in URLs.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createScrubber, hasCredentialsInUrl, scrubCredentials } from '../../../src/close/scrub';
import { rejection, startFakeServer, testClient } from './helpers';

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
