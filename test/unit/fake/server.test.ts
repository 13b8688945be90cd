// The fake Close server over real loopback HTTP: routes, auth, rate limits, scripted answers and faults.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { answerSchema, FIXTURE_PATH, readOpenApi, type ServedPath } from '../../support/closeOpenApi';
import { CloseClient } from '../../../src/close/client';
import { UNAUTHORIZED_MESSAGE } from '../../../src/fake/auth';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';
import { waitFor } from '../../support/waitFor';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  chunks: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

type Auth = 'basic' | 'bearer' | 'none' | { header: string };

function authorization(server: FakeServer, auth: Auth): string | undefined {
  if (auth === 'none') return undefined;
  if (auth === 'basic') return `Basic ${Buffer.from(`${server.key}:`).toString('base64')}`;
  if (auth === 'bearer') return `Bearer ${server.key}`;
  return auth.header;
}

/** One request with node:http, so that resets and truncated bodies surface as they happen. */
function request(server: FakeServer, path: string, options: { auth?: Auth; method?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const header = authorization(server, options.auth ?? 'basic');
    const req = http.request(new URL(path, server.url), { method: options.method ?? 'GET', headers: header ? { authorization: header } : {}, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
      res.on('end', () => {
        if (!res.complete) return reject(new Error('incomplete response'));
        const text = Buffer.concat(parts).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, chunks: parts.length, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fake server: routes and auth', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 400, seed: 4 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('serves the API under http://127.0.0.1:PORT/api/v1/ with JSON answers', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/$/);
    const answer = await request(server, 'opportunity/?_limit=5');
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    assert.equal(answer.json.total_results, 400);
    assert.equal(answer.json.data.length, 5);
  });

  it('generates a random api_ key unless one is given', async () => {
    assert.match(server.key, /^api_[A-Za-z0-9]{22}\.[A-Za-z0-9]{22}$/);
    const other = await startFakeServer({ opportunities: 5, apiKey: 'api_given' });
    try {
      assert.equal(other.key, 'api_given');
      assert.equal((await request(other, 'me/')).status, 200);
    } finally {
      await other.close();
    }
  });

  it('accepts the key as Basic base64("<key>:") and as Bearer', async () => {
    assert.equal((await request(server, 'me/', { auth: 'basic' })).status, 200);
    assert.equal((await request(server, 'me/', { auth: 'bearer' })).status, 200);
  });

  it('accepts a configured OAuth access token as Bearer only, and answers 401 once it is revoked', async () => {
    const token = 'oauth_token0123456789abcdef';
    const other = await startFakeServer({ opportunities: 5, seed: 2, oauthToken: token });
    try {
      assert.equal((await request(other, 'me/', { auth: { header: `Bearer ${token}` } })).status, 200);
      assert.equal((await request(other, 'me/', { auth: { header: `Basic ${Buffer.from(`${token}:`).toString('base64')}` } })).status, 401);
      other.setOptions({ oauthToken: undefined });
      assert.equal((await request(other, 'me/', { auth: { header: `Bearer ${token}` } })).status, 401);
      assert.deepEqual(
        other.requests.map((r) => r.authorization),
        ['bearer', 'invalid', 'invalid'],
      );
      assert.ok(!JSON.stringify(other.requests).includes(token));
    } finally {
      await other.close();
    }
  });

  it('forgets a scripted reply nobody used when reset, so it cannot answer the next test', async () => {
    server.script({ status: 500, path: /\/me\/$/ });
    server.resetRequests();
    assert.equal((await request(server, 'me/')).status, 200);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [200],
    );
  });

  it("answers a missing or wrong key with 401 and Close's exact body", async () => {
    const wrongBasic = { header: `Basic ${Buffer.from('api_wrong:').toString('base64')}` };
    for (const auth of ['none', wrongBasic, { header: 'Bearer api_wrong' }, { header: 'Token abc' }] as Auth[]) {
      const answer = await request(server, 'opportunity/', { auth });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json, { error: UNAUTHORIZED_MESSAGE });
    }
    assert.ok(UNAUTHORIZED_MESSAGE.includes('URL requested.  You either supplied the wrong credentials'));
  });

  it('records each request with how it authenticated, and never the key', async () => {
    await request(server, 'opportunity/?_limit=1&status_type=won', { auth: 'basic' });
    await request(server, 'me/', { auth: 'bearer' });
    await request(server, 'me/', { auth: 'none' });
    await request(server, 'me/', { auth: { header: 'Bearer nope' } });
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.path, r.query, r.authorization, r.status]),
      [
        ['GET', '/api/v1/opportunity/', { _limit: '1', status_type: 'won' }, 'basic', 200],
        ['GET', '/api/v1/me/', {}, 'bearer', 200],
        ['GET', '/api/v1/me/', {}, 'none', 401],
        ['GET', '/api/v1/me/', {}, 'invalid', 401],
      ],
    );
    assert.ok(server.requests.every((r) => r.bytes > 0 && r.time > 0));
    assert.ok(!JSON.stringify(server.requests).includes(server.key));
  });

  it('answers an unknown opportunity id with 404 and Close body', async () => {
    const answer = await request(server, 'opportunity/oppo_doesNotExist/');
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.json, { error: 'Empty query: Opportunity matching query does not exist.' });
  });

  it('returns one opportunity exactly as generated', async () => {
    const opportunity = server.dataset.opportunities[17];
    const answer = await request(server, `opportunity/${opportunity.id}/`);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, JSON.parse(JSON.stringify(opportunity)));
  });

  it('answers an unknown path with 404 and an error message', async () => {
    for (const path of ['lead/', 'opportunity/a/b/c/', '/other/']) {
      const answer = await request(server, path);
      assert.equal(answer.status, 404, path);
      assert.equal(typeof answer.json.error, 'string');
    }
  });

  it('answers other methods than GET with 405', async () => {
    const answer = await request(server, 'opportunity/', { method: 'POST' });
    assert.equal(answer.status, 405);
    assert.equal(typeof answer.json.error, 'string');
  });

  it('lists opportunity statuses and pipelines', async () => {
    const statuses = await request(server, 'status/opportunity/');
    assert.deepEqual(statuses.json, { has_more: false, data: server.dataset.statuses });
    const pipelines = await request(server, 'pipeline/');
    assert.deepEqual(
      pipelines.json.data.map((p: { name: string }) => p.name),
      server.dataset.pipelines.map((p) => p.name),
    );
    assert.ok(pipelines.json.data.every((p: { statuses: unknown[] }) => p.statuses.length >= 3));
  });

  it('pages /user/ with _limit/_skip and leaves out the deactivated user', async () => {
    const first = await request(server, 'user/?_limit=3');
    assert.equal(first.json.has_more, true);
    const ids: string[] = [];
    for (let skip = 0; ; skip += 3) {
      const page = await request(server, `user/?_limit=3&_skip=${skip}`);
      ids.push(...page.json.data.map((u: { id: string }) => u.id));
      if (!page.json.has_more) break;
    }
    assert.deepEqual(
      ids,
      server.dataset.users.map((u) => u.id),
    );
    assert.ok(!ids.includes(server.dataset.deactivatedUsers[0].id));
  });

  it('returns the current user with its organisation from /me/', async () => {
    const answer = await request(server, 'me/');
    assert.equal(answer.json.id, server.dataset.users[0].id);
    assert.deepEqual(answer.json.organizations, [server.dataset.organization]);
  });

  it('lists lead Smart Views by default and other types with type / type__in, without match data', async () => {
    const lead = await request(server, 'saved_search/');
    const leadViews = server.dataset.savedSearches.filter((s) => s.type === 'lead');
    assert.deepEqual(
      lead.json.data.map((s: { id: string }) => s.id),
      leadViews.map((s) => s.id),
    );
    assert.ok(lead.json.data.every((s: Record<string, unknown>) => s.type === 'lead' && !('matchingLeadIds' in s)));
    const contact = await request(server, 'saved_search/?type=contact');
    assert.deepEqual(
      contact.json.data.map((s: { type: string }) => s.type),
      ['contact'],
    );
    const both = await request(server, 'saved_search/?type__in=lead,contact');
    assert.equal(both.json.data.length, leadViews.length + 1);
  });

  it('filters opportunities by a Smart View id given as lead_saved_search_id', async () => {
    const view = server.dataset.savedSearches[0];
    const answer = await request(server, `opportunity/?lead_saved_search_id=${view.id}&_limit=200`);
    const expected = server.dataset.opportunities.filter((o) => view.matchingLeadIds.includes(o.lead_id));
    assert.equal(answer.json.total_results, expected.length);
    assert.ok(answer.json.data.every((o: { lead_id: string }) => view.matchingLeadIds.includes(o.lead_id)));
  });

  it('answers a bad parameter with 400 and an error naming it', async () => {
    const answer = await request(server, 'opportunity/?status_type=open');
    assert.equal(answer.status, 400);
    assert.match(answer.json.error, /status_type/);
  });

  it('applies the configured maximum _limit and _skip', async () => {
    const small = await startFakeServer({ opportunities: 10, maxLimit: 50, maxSkip: 1000 });
    try {
      assert.equal((await request(small, 'opportunity/?_limit=51')).status, 400);
      const skip = await request(small, 'opportunity/?_skip=1001');
      assert.deepEqual(skip.json, {
        error: 'The skip you set is larger than the maximum skip for this resource (max_skip = 1000). Please refine your search query.',
      });
    } finally {
      await small.close();
    }
  });

  it('serves a given dataset instead of generating one', async () => {
    const other = await startFakeServer({ dataset: server.dataset });
    try {
      assert.equal(other.dataset, server.dataset);
      assert.equal((await request(other, 'opportunity/?_limit=0')).json.total_results, 400);
    } finally {
      await other.close();
    }
  });
});

describe('fake server: rate limit', () => {
  let server: FakeServer;
  afterEach(() => server.close());

  const parse = (header: string | string[] | undefined): Record<string, number> =>
    Object.fromEntries(
      String(header)
        .split(',')
        .map((part) => part.trim().split('='))
        .map(([k, v]) => [k, Number(v)]),
    );

  it('sends RateLimit: limit, remaining and reset on every response', async () => {
    server = await startFakeServer({ opportunities: 20, rateLimit: { limit: 5, windowSeconds: 2 } });
    const answers = [await request(server, 'me/'), await request(server, 'opportunity/'), await request(server, 'user/')];
    const headers = answers.map((a) => parse(a.headers.ratelimit));
    assert.deepEqual(
      headers.map((h) => [h.limit, h.remaining]),
      [
        [5, 4],
        [5, 3],
        [5, 2],
      ],
    );
    assert.ok(
      headers.every((h) => h.reset > 0 && h.reset <= 2),
      JSON.stringify(headers),
    );
    assert.match(String(answers[0].headers.ratelimit), /^limit=5, remaining=4, reset=\d+(\.\d+)?$/);
  });

  it("answers over the limit with 429, Close's wrapped body and Retry-After", async () => {
    server = await startFakeServer({ opportunities: 20, rateLimit: { limit: 2, windowSeconds: 1 } });
    await request(server, 'me/');
    await request(server, 'me/');
    const answer = await request(server, 'opportunity/');
    assert.equal(answer.status, 429);
    const error = answer.json.error;
    assert.equal(error.message, 'API call count exceeded for this 1 second window');
    assert.equal(typeof error.rate_reset, 'number');
    assert.ok(error.rate_reset > 0 && error.rate_reset <= 1);
    assert.deepEqual([error.rate_limit, error.rate_window, error.rate_limit_type], [2, 1, 'key']);
    assert.match(error.rate_endpoint_group, /^[0-9a-f]{32}$/);
    assert.equal(answer.headers['retry-after'], '1');
    assert.equal(parse(answer.headers.ratelimit).remaining, 0);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [200, 200, 429],
    );
  });

  it('counts each key separately', async () => {
    server = await startFakeServer({ opportunities: 20, rateLimit: { limit: 2, windowSeconds: 5 } });
    await request(server, 'me/', { auth: { header: 'Bearer api_someone_else' } });
    await request(server, 'me/', { auth: { header: 'Bearer api_someone_else' } });
    assert.equal((await request(server, 'me/', { auth: { header: 'Bearer api_someone_else' } })).status, 429);
    assert.equal((await request(server, 'me/')).status, 200);
  });

  it('can use the legacy form: flat body with a string rate_reset and X-Rate-Limit-* headers', async () => {
    server = await startFakeServer({ opportunities: 20, rateLimit: { limit: 1, windowSeconds: 3, legacy: true } });
    const first = await request(server, 'me/');
    assert.equal(first.headers['x-rate-limit-limit'], '1');
    assert.equal(first.headers['x-rate-limit-remaining'], '0');
    assert.ok(Number(first.headers['x-rate-limit-reset']) > 0);
    assert.equal(first.headers.ratelimit, undefined);
    const answer = await request(server, 'me/');
    assert.equal(answer.status, 429);
    assert.equal(answer.json.message, 'API call count exceeded for this 3 second window');
    assert.equal(typeof answer.json.rate_reset, 'string');
    assert.ok(Number(answer.json.rate_reset) > 0 && Number(answer.json.rate_reset) <= 3);
    assert.deepEqual([answer.json.rate_limit, answer.json.rate_window, answer.json.rate_limit_type], [1, 3, 'key']);
    assert.equal(answer.json.error, undefined);
    assert.equal(answer.headers['x-rate-limit-remaining'], '0');
  });

  it('can be switched off and on while running', async () => {
    server = await startFakeServer({ opportunities: 20 });
    assert.equal((await request(server, 'me/')).headers.ratelimit, undefined);
    server.setOptions({ rateLimit: { limit: 1, windowSeconds: 10 } });
    await request(server, 'me/');
    assert.equal((await request(server, 'me/')).status, 429);
    server.setOptions({ rateLimit: undefined });
    assert.equal((await request(server, 'me/')).status, 200);
  });
});

describe('fake server: scripted answers and faults', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 300, seed: 9 });
  });
  after(() => server.close());
  beforeEach(() => {
    server.resetRequests();
    server.setOptions({ faults: {}, latencyMs: 0, jitterMs: 0 });
  });

  it('answers the next requests with scripted answers, in order, and records them', async () => {
    server.script({ status: 503, body: { error: 'down' } }, { status: 200, headers: { 'X-Test': 'yes' }, body: { data: [], has_more: false } });
    const first = await request(server, 'opportunity/', { auth: 'none' });
    const second = await request(server, 'opportunity/');
    const third = await request(server, 'opportunity/?_limit=1');
    assert.deepEqual([first.status, first.json], [503, { error: 'down' }]);
    assert.deepEqual([second.status, second.headers['x-test'], second.json], [200, 'yes', { data: [], has_more: false }]);
    assert.equal(third.json.total_results, 300, 'then back to normal');
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [503, 200, 200],
    );
  });

  it('applies a scripted answer with a path only to matching requests', async () => {
    server.script({ status: 500, body: { error: 'me is broken' }, path: /\/me\/$/ });
    assert.equal((await request(server, 'user/')).status, 200);
    assert.equal((await request(server, 'me/')).status, 500);
    assert.equal((await request(server, 'me/')).status, 200);
  });

  it('sends a scripted raw body verbatim', async () => {
    server.script({ status: 200, rawBody: '{"data": [{"id": "oppo_' });
    const answer = await request(server, 'opportunity/');
    assert.equal(answer.text, '{"data": [{"id": "oppo_');
    assert.equal(answer.json, undefined);
  });

  it('sends a scripted Content-Length as given and drops the connection when it lies', async () => {
    server.script({ status: 200, rawBody: '{"data": [', headers: { 'Content-Length': '100' } });
    await assert.rejects(request(server, 'opportunity/'));
    assert.equal((await request(server, 'opportunity/')).status, 200);
  });

  it('destroys the connection for a scripted reset', async () => {
    server.script({ status: 0, reset: true });
    await assert.rejects(request(server, 'opportunity/'));
    assert.equal((await request(server, 'opportunity/')).status, 200);
  });

  it('delays a scripted answer by delayMs', async () => {
    server.script({ status: 200, body: {}, delayMs: 150 });
    const start = Date.now();
    await request(server, 'me/');
    assert.ok(Date.now() - start >= 140);
  });

  it('adds latency before every answer', async () => {
    server.setOptions({ latencyMs: 120 });
    const start = Date.now();
    await Promise.all([request(server, 'me/'), request(server, 'user/')]);
    assert.ok(Date.now() - start >= 110);
  });

  it('answers 502, 503 or 504 at the configured server error rate', async () => {
    server.setOptions({ faults: { serverErrorRate: 1 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) statuses.add((await request(server, 'opportunity/?_limit=1')).status);
    assert.deepEqual([...statuses].sort(), [502, 503, 504]);
  });

  it('resets connections at the configured reset rate', async () => {
    server.setOptions({ faults: { resetRate: 1 } });
    await assert.rejects(request(server, 'opportunity/'));
    server.setOptions({ faults: {} });
    assert.equal((await request(server, 'opportunity/')).status, 200);
  });

  it('cuts bodies mid-way at the configured truncate rate', async () => {
    server.setOptions({ faults: { truncateRate: 1 } });
    const outcomes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      try {
        const answer = await request(server, 'opportunity/?_limit=20');
        assert.equal(answer.json, undefined, 'the JSON is incomplete');
        assert.equal(answer.headers['content-length'], undefined);
        outcomes.add('ended early without Content-Length');
      } catch {
        outcomes.add('connection closed before Content-Length bytes');
      }
    }
    assert.equal(outcomes.size, 2, [...outcomes].join('; '));
  });

  it('sends invalid JSON with status 200 at the configured malformed rate', async () => {
    server.setOptions({ faults: { malformedRate: 1 } });
    const answer = await request(server, 'opportunity/?_limit=3');
    assert.equal(answer.status, 200);
    assert.throws(() => JSON.parse(answer.text));
  });

  it('writes slow bodies in several chunks that still add up to valid JSON', async () => {
    server.setOptions({ faults: { slowBodyMs: 200 } });
    const start = Date.now();
    const answer = await request(server, 'opportunity/?_limit=50');
    assert.ok(answer.chunks > 1, `${answer.chunks} chunks`);
    assert.ok(Date.now() - start >= 150);
    assert.equal(answer.json.data.length, 50);
  });

  it('closes with requests still waiting', async () => {
    const slow = await startFakeServer({ opportunities: 5, latencyMs: 5000 });
    const pending = request(slow, 'me/').then(
      () => 'answered',
      () => 'closed',
    );
    await waitFor('the request to arrive', () => slow.requests.length === 1);
    await slow.close();
    assert.equal(await pending, 'closed');
  });
});

// The sample-data server runs as long as the VS Code window: it must not keep a record of every request.
describe('fake server: request recording', () => {
  it('keeps no record of requests when started with recordRequests: false, and still answers them', async () => {
    const server = await startFakeServer({ opportunities: 300, recordRequests: false });
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
    try {
      const result = await client.fetchAll({}, { limit: 10 });
      assert.equal(result.objects.length, 300);
      assert.equal(result.requests, 30);
      assert.deepEqual(server.requests, []);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('records every request by default', async () => {
    const server = await startFakeServer({ opportunities: 30 });
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
    try {
      await client.fetchAll({}, { limit: 10 });
      assert.deepEqual(
        server.requests.map((r) => r.query._skip),
        ['0', '10', '20'],
      );
    } finally {
      await client.close();
      await server.close();
    }
  });
});

// The fake server agrees with Close's own OpenAPI text: every kind of object it serves validates against the
// schema Close publishes for that endpoint's answer, as kept in test/fixtures/close-openapi/ (cut from the full text).
describe("the fake server against Close's OpenAPI schema", function () {
  this.timeout(60_000);
  let server: FakeServer;
  let validator: (pathName: ServedPath) => (body: unknown) => string[];

  before(async () => {
    const doc = readOpenApi(FIXTURE_PATH);
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'close', components: doc.components });
    validator = (pathName: ServedPath) => {
      const schema = answerSchema(doc, pathName);
      assert.ok(schema, `the kept OpenAPI text has a 200 answer for GET ${pathName}`);
      // Refs inside the text point at '#/components/…' of the document registered as 'close'.
      const ref = (schema as { $ref?: string }).$ref;
      const validate = ajv.compile(ref ? { $ref: `close${ref}` } : schema);
      return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
    };
    server = await startFakeServer({ opportunities: 2000, seed: 1 });
  });
  after(() => server?.close());

  const get = async (relative: string): Promise<unknown> => {
    const response = await fetch(new URL(relative, server.url), { headers: { authorization: `Bearer ${server.key}` } });
    assert.equal(response.status, 200, relative);
    return response.json();
  };

  /** Every failing object with its first errors, so a failure says what is wrong. */
  const check = (what: string, items: readonly unknown[], validate: (body: unknown) => string[]) => {
    const failures = items.map((item) => ({ id: (item as { id?: string }).id, errors: validate(item) })).filter((f) => f.errors.length > 0);
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${items.length} ${what} do not validate`);
  };

  it('every generated opportunity validates against Opportunity, alone and in list pages', async () => {
    const one = validator('/opportunity/{id}/');
    check('opportunities', server.dataset.opportunities, one);
    const page = validator('/opportunity/');
    for (let skip = 0; skip < server.dataset.opportunities.length; skip += 200) {
      const body = await get(`opportunity/?_limit=200&_skip=${skip}`);
      assert.deepEqual(page(body), [], `the page at _skip=${skip}`);
    }
    check('answers of GET opportunity/{id}/', [await get(`opportunity/${server.dataset.opportunities[0].id}/`)], one);
  });

  it('statuses, pipelines, users and /me/ validate against their answers', async () => {
    assert.deepEqual(validator('/status/opportunity/')(await get('status/opportunity/')), []);
    assert.deepEqual(validator('/pipeline/')(await get('pipeline/')), []);
    assert.deepEqual(validator('/user/')(await get('user/')), []);
    assert.deepEqual(validator('/user/{id}/')(await get(`user/${server.dataset.users[0].id}/`)), []);
    assert.deepEqual(validator('/me/')(await get('me/')), []);
  });

  it('Smart Views validate against SavedSearch, in the list and alone', async () => {
    const list = (await get('saved_search/?type__in=lead,contact,opportunity')) as { data: unknown[] };
    assert.ok(list.data.length >= 4);
    assert.deepEqual(validator('/saved_search/')(list), []);
    const one = validator('/saved_search/{id}/');
    check('Smart Views', await Promise.all(list.data.map((s) => get(`saved_search/${(s as { id: string }).id}/`))), one);
  });
});

describe('fake server: several organizations', () => {
  let server: FakeServer;
  const BETA_KEY = 'api_beta.organization';
  before(async () => {
    server = await startFakeServer({
      opportunities: 60,
      seed: 4,
      organizationName: 'Acme Corp',
      organizations: [{ apiKey: BETA_KEY, organizationName: 'Beta GmbH', currency: 'EUR', seed: 9, opportunities: 25 }],
    });
  });
  after(() => server.close());

  it('answers each key with its own organization: who you are, its users, statuses, currency and opportunities', async () => {
    const beta = { header: `Basic ${Buffer.from(`${BETA_KEY}:`).toString('base64')}` };
    const [meA, meB] = [await request(server, 'me/'), await request(server, 'me/', { auth: beta })];
    assert.equal(meA.json.organizations[0].name, 'Acme Corp');
    assert.equal(meB.json.organizations[0].name, 'Beta GmbH');
    assert.notEqual(meA.json.id, meB.json.id);
    const [oppsA, oppsB] = [await request(server, 'opportunity/?_limit=100'), await request(server, 'opportunity/?_limit=100', { auth: beta })];
    assert.equal(oppsA.json.total_results, 60);
    assert.equal(oppsB.json.total_results, 25);
    const idsA = new Set(oppsA.json.data.map((o: { id: string }) => o.id));
    assert.ok(
      oppsB.json.data.every((o: { id: string }) => !idsA.has(o.id)),
      'no opportunity of one is the other’s',
    );
    const statusesA = new Set(server.dataset.statuses.map((s) => s.id));
    assert.ok(server.datasetOf(BETA_KEY)!.statuses.every((s) => !statusesA.has(s.id)));
    assert.equal(server.datasetOf(BETA_KEY)!.currency, 'EUR');
    // An opportunity of the other organization is not found with this key.
    assert.equal((await request(server, `opportunity/${oppsB.json.data[0].id}/`)).status, 404);
    assert.equal((await request(server, `opportunity/${oppsB.json.data[0].id}/`, { auth: beta })).status, 200);
  });

  it('still refuses a key of no organization', async () => {
    assert.equal((await request(server, 'me/', { auth: { header: `Basic ${Buffer.from('api_nobody:').toString('base64')}` } })).status, 401);
    assert.equal(server.datasetOf('api_nobody'), undefined);
  });
});
