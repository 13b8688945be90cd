import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { CloseClient, type RequestLogEntry } from '../../../src/close/client';
import { AuthError, BadRequestError, BadResponseError, CloseError, InsecureTransportError, NotFoundError } from '../../../src/close/errors';
import { type FakeServer, listBody, rejection, startFakeServer, testClient } from './helpers';

const OPPORTUNITY = /\/opportunity\/$/;

describe('error responses', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 100 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('shows the server’s error of a 400', async () => {
    const { client } = testClient(server);
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 500 }));
    assert.ok(error instanceof BadRequestError);
    assert.equal(error.code, 'BAD_REQUEST');
    assert.equal(error.status, 400);
    assert.match(error.message, /^Close refused the request: The limit you set is larger than the maximum limit for this resource \(max_limit = 200\)/);
    await client.close();
  });

  it('shows errors and field-errors of a 400', async () => {
    const { client } = testClient(server);
    server.script({ status: 400, body: { errors: ['Invalid query.'], 'field-errors': { lead: 'This field is required.', status: 'Not a valid choice.' } } });
    const error = await rejection(client.listOpportunities({ query: 'x:' }, { skip: 0, limit: 1 }));
    assert.ok(error instanceof BadRequestError);
    assert.equal(error.message, 'Close refused the request: Invalid query.; lead: This field is required.; status: Not a valid choice.');
    assert.deepEqual(error.errors, ['Invalid query.']);
    assert.deepEqual(error.fieldErrors, { lead: 'This field is required.', status: 'Not a valid choice.' });
    await client.close();
  });

  it('turns a 401 into an AuthError that says to set the key', async () => {
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: 'api_wrong' } });
    const error = await rejection(client.me());
    assert.ok(error instanceof AuthError);
    assert.equal(error.code, 'UNAUTHORIZED');
    assert.equal(error.status, 401);
    assert.match(error.message, /did not accept the API key \(The server could not verify that you are authorized/);
    assert.match(error.message, /Set a valid key with “Close: Set API Key”/);
    assert.equal(server.requests.length, 1, 'a 401 is not retried');
    await client.close();
  });

  it('says which opportunity was not found', async () => {
    const { client } = testClient(server);
    const error = await rejection(client.getOpportunity('oppo_DoesNotExist0123456789'));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(
      error.message,
      'Opportunity oppo_DoesNotExist0123456789 was not found in this Close organization (Empty query: Opportunity matching query does not exist.).',
    );
    await client.close();
  });

  it('says when the base URL has no such endpoint', async () => {
    const client = new CloseClient({ baseUrl: server.url.replace('/api/v1/', '/api/v9/'), credentials: { apiKey: server.key } });
    const error = await rejection(client.listStatuses());
    assert.ok(error instanceof NotFoundError);
    assert.match(error.message, /has no status\/opportunity\/ endpoint .*closeOpportunities\.apiBaseUrl/);
    await client.close();
  });

  it('says a deleted Smart View of the filter is missing, not the endpoint', async () => {
    const { client } = testClient(server);
    const error = await rejection(client.listOpportunities({ lead_saved_search_id: 'save_Deleted0123' }, { skip: 0, limit: 10 }));
    assert.ok(error instanceof NotFoundError);
    assert.deepEqual(error.missing, { field: 'lead_saved_search_id', value: 'save_Deleted0123' });
    assert.equal(
      error.message,
      'The Smart View in the filter (save_Deleted0123) does not exist in this Close organization (it may have been deleted). Clear the Smart View filter to continue.',
    );
    assert.doesNotMatch(error.message, /apiBaseUrl|endpoint/);
    await client.close();
  });

  it('says an unknown status of the filter is missing when Close answers 404 naming it', async () => {
    const { client } = testClient(server);
    server.script({ status: 404, body: { error: 'Empty query: Status matching query does not exist.' }, path: /opportunity/ });
    const error = await rejection(client.fetchAll({ status_id: ['stat_Gone1', 'stat_Gone2'] }));
    assert.ok(error instanceof NotFoundError);
    assert.deepEqual(error.missing, { field: 'status_id', value: 'stat_Gone1, stat_Gone2' });
    assert.match(error.message, /^The status in the filter \(stat_Gone1, stat_Gone2\) does not exist/);
    await client.close();
  });

  it('refuses an id that is not one, before sending', async () => {
    const { client } = testClient(server);
    const error = await rejection(client.getOpportunity('../me'));
    assert.ok(error instanceof CloseError);
    assert.equal(error.code, 'INVALID_ID');
    assert.equal(server.requests.length, 0);
    await client.close();
  });
});

describe('broken bodies', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 300 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('reports malformed JSON with the status and a short excerpt', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, rawBody: '{"data": [ <!-- upstream error --> }{]' });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof BadResponseError);
    assert.equal(error.code, 'BAD_RESPONSE');
    assert.equal(error.status, 200);
    assert.equal(error.excerpt, '{"data": [ <!-- upstream error --> }{]');
    assert.match(error.message, /not valid JSON \(status 200, 38 bytes\): \{"data": \[ <!--/);
    await client.close();
  });

  it('cuts the excerpt of a long body to 120 characters', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, rawBody: `<html>${'x'.repeat(5000)}</html>` });
    const error = await rejection(client.me());
    assert.ok(error instanceof BadResponseError);
    assert.ok(error.excerpt.length <= 120, `${error.excerpt.length} characters`);
    assert.ok(error.message.length < 250);
    await client.close();
  });

  it('reports JSON that stops half-way', async () => {
    const { client } = testClient(server);
    const whole = JSON.stringify(listBody([{ id: 'oppo_1' }]));
    server.script({ status: 200, rawBody: whole.slice(0, whole.length / 2) });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof BadResponseError);
    await client.close();
  });

  it('reports a body cut short by the connection, after retrying', async () => {
    const { client } = testClient(server, { maxRetries: 1 });
    server.setOptions({ faults: { truncateRate: 1 } });
    try {
      // The fake cuts either with a dying connection or with a clean end; several calls meet both.
      for (let i = 0; i < 6; i++) {
        const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 100 }));
        assert.ok(error instanceof BadResponseError, String(error));
        assert.equal(error.status, 200);
      }
    } finally {
      server.setOptions({ faults: {} });
    }
    await client.close();
  });

  it('reports the server’s malformed bodies', async () => {
    const { client } = testClient(server);
    server.setOptions({ faults: { malformedRate: 1 } });
    try {
      const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 10 }));
      assert.ok(error instanceof BadResponseError);
      assert.match(error.excerpt, /upstream error/);
    } finally {
      server.setOptions({ faults: {} });
    }
    await client.close();
  });

  it('reports valid JSON of the wrong shape', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, body: [1, 2, 3], path: OPPORTUNITY });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof BadResponseError);
    assert.match(error.message, /unexpected response to GET opportunity\//);
    await client.close();
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

/** A bare HTTP server that records the headers of each request and answers `{}` (or /opportunity/ with a list). */
async function headerRecorder(host = '127.0.0.1'): Promise<{ url: string; headers: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(req.url?.startsWith('/api/v1/opportunity/') ? listBody() : { id: 'user_me' }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/api/v1/`,
    headers,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('transport and authentication', () => {
  it('sends Basic base64("<key>:"), a User-Agent naming the extension and its version, and Accept JSON', async () => {
    const recorder = await headerRecorder();
    const client = new CloseClient({ baseUrl: recorder.url, credentials: { apiKey: 'api_abc.def' } });
    try {
      await client.me();
      const [sent] = recorder.headers;
      assert.equal(sent.authorization, `Basic ${Buffer.from('api_abc.def:').toString('base64')}`);
      const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
      assert.equal(sent['user-agent'], `close-opportunities-vscode/${version}`);
      assert.equal(sent.accept, 'application/json');
    } finally {
      await client.close();
      await recorder.close();
    }
  });

  it('sends an OAuth token as Bearer, which Close accepts', async () => {
    const recorder = await headerRecorder();
    const client = new CloseClient({ baseUrl: recorder.url, credentials: { oauthToken: 'tok_123' }, userAgent: 'custom/1.0' });
    const server = await startFakeServer({ opportunities: 5 });
    const bearer = new CloseClient({ baseUrl: server.url, credentials: { oauthToken: server.key } });
    try {
      await client.me();
      assert.equal(recorder.headers[0].authorization, 'Bearer tok_123');
      assert.equal(recorder.headers[0]['user-agent'], 'custom/1.0');
      assert.equal((await bearer.me()).id, server.dataset.me.id);
      assert.equal(server.requests[0].authorization, 'bearer');
    } finally {
      await Promise.all([client.close(), bearer.close(), recorder.close()]);
      await server.close();
    }
  });

  for (const url of ['http://api.close.com/api/v1/', 'http://10.0.0.1/api/v1/', 'http://127.0.0.1.example.com/api/v1/', 'http://[::2]/api/v1/']) {
    it(`refuses plain http to ${new URL(url).hostname} before sending anything`, () => {
      assert.throws(
        () => new CloseClient({ baseUrl: url, credentials: { apiKey: 'api_secret' } }),
        (error: unknown) =>
          error instanceof InsecureTransportError &&
          error.code === 'INSECURE_TRANSPORT' &&
          error.message.includes('use https://') &&
          error.message.includes(new URL(url).hostname) &&
          !error.message.includes('api_secret'),
      );
    });
  }

  for (const url of ['http://127.0.0.1:1/', 'http://127.8.9.10/', 'http://localhost:8080/api/v1/', 'http://[::1]:1/', 'https://api.close.com/api/v1']) {
    it(`allows ${url}`, () => {
      assert.doesNotThrow(() => new CloseClient({ baseUrl: url, credentials: { apiKey: 'api_x' } }));
    });
  }

  it('talks plain http to [::1]', async () => {
    const recorder = await headerRecorder('::1');
    const client = new CloseClient({ baseUrl: recorder.url, credentials: { apiKey: 'api_x' } });
    try {
      assert.equal((await client.me()).id, 'user_me');
    } finally {
      await client.close();
      await recorder.close();
    }
  });

  it('refuses a base URL that is not http(s) or not a URL', () => {
    assert.throws(() => new CloseClient({ baseUrl: 'ftp://api.close.com/', credentials: { apiKey: 'k' } }), { code: 'INVALID_BASE_URL' });
    assert.throws(() => new CloseClient({ baseUrl: 'api.close.com', credentials: { apiKey: 'k' } }), { code: 'INVALID_BASE_URL' });
  });

  it('refuses an empty key', () => {
    assert.throws(() => new CloseClient({ baseUrl: 'https://api.close.com/api/v1/', credentials: { apiKey: '' } }), { code: 'INVALID_CREDENTIALS' });
  });

  it("sends through the modules named 'http'/'https' (the ones VS Code hooks), loaded on the first request only", () => {
    // What VS Code's extension host does: hand out its own http/https (proxy, certificates) to whoever
    // requires them by those names. A request that does not go through them escapes the user's proxy.
    const clientModule = path.resolve(__dirname, '../../../src/close/client.js');
    const script = `
      const Module = require('module');
      const http = require('http');
      const load = Module._load;
      const asked = [];
      const sent = [];
      const hooked = { ...http, request: (url, ...rest) => { sent.push(String(url)); return http.request(url, ...rest); } };
      Module._load = function (request, ...rest) {
        if (/^(node:)?https?$/.test(request)) asked.push(request);
        return request === 'http' ? hooked : load.call(this, request, ...rest);
      };
      const { CloseClient } = require(${JSON.stringify(clientModule)});
      const client = new CloseClient({ baseUrl: 'http://127.0.0.1:1/api/v1/', credentials: { apiKey: 'k' }, maxRetries: 0, sharedAgent: true });
      const before = asked.slice();
      client.me().catch(() => {}).finally(() => { console.log(JSON.stringify({ before, after: asked, sent })); client.close(); });
    `;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), { before: [], after: ['http', 'https'], sent: ['http://127.0.0.1:1/api/v1/me/'] });
  });
});

describe('reference data', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 30 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('reads me, users, statuses, pipelines and lead Smart Views', async () => {
    const { client } = testClient(server);
    assert.deepEqual(await client.me(), server.dataset.me);
    assert.deepEqual(await client.listUsers(), server.dataset.users);
    assert.deepEqual(await client.listStatuses(), server.dataset.statuses);
    assert.deepEqual(await client.listPipelines(), server.dataset.pipelines);
    const searches = await client.listSavedSearches();
    assert.deepEqual(
      searches.map((s) => s.id),
      server.dataset.savedSearches.filter((s) => s.type === 'lead').map((s) => s.id),
    );
    assert.equal(server.requests.find((r) => r.path.endsWith('/saved_search/'))?.query.type, 'lead');
    await client.close();
  });

  it('reads one opportunity', async () => {
    const { client } = testClient(server);
    const wanted = server.dataset.opportunities[7];
    assert.deepEqual(await client.getOpportunity(wanted.id), wanted);
    assert.equal(server.requests[0].path, `/api/v1/opportunity/${wanted.id}/`);
    await client.close();
  });
});
