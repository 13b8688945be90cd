import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { NetworkError, RateLimitError, ServerError, TimeoutError } from '../../../src/close/errors';
import { type FakeServer, listBody, rejection, startFakeServer, testClient } from '../../support/testClient';
import { waitFor } from '../../support/waitFor';
import { type LiarAnswer, opportunities, opportunityPage, startLiar } from '../../support/liarServer';

const OPPORTUNITY = /\/opportunity\/$/;

describe('429 responses', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 50 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  /** Answers the next request 429 with these headers and body, lets the retry through, and says how long the client waited. */
  const waitedFor = async (headers: Record<string, string>, body: unknown): Promise<{ logged: number; slept: number }> => {
    const { client, log, sleeps } = testClient(server);
    server.script({ status: 429, headers, body, path: OPPORTUNITY });
    const page = await client.listOpportunities({}, { skip: 0, limit: 10 });
    assert.equal(page.data.length, 10);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [429, 200],
    );
    assert.equal(log[0].status, 429);
    assert.equal(sleeps.length, 1);
    await client.close();
    return { logged: log[0].retryInMs!, slept: sleeps[0] };
  };

  const allHeaders = { RateLimit: 'limit=40, remaining=0, reset=3', 'Retry-After': '5', 'X-Rate-Limit-Reset': '7', 'RateLimit-Reset': '9' };

  it('waits the rate_reset of a body wrapped in error, before any header', async () => {
    const { logged, slept } = await waitedFor(allHeaders, { error: { message: 'API call count exceeded', rate_reset: 0.87, rate_limit: 40, rate_window: 1 } });
    assert.equal(logged, 870);
    assert.ok(slept > 600 && slept <= 870, `slept ${slept}`);
  });

  it('waits the rate_reset of a flat legacy body given as text', async () => {
    const { logged } = await waitedFor(
      { 'X-Rate-Limit-Limit': '320', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': '7' },
      { message: 'API call count exceeded for this period', rate_limit: 320, rate_reset: '0.595956', rate_window: 8 },
    );
    assert.equal(logged, 596);
  });

  it('waits the RateLimit header’s reset when the body has no rate_reset', async () => {
    const { logged } = await waitedFor({ ...allHeaders, RateLimit: 'limit=40, remaining=0, reset=1.5' }, { error: { message: 'slow down' } });
    assert.equal(logged, 1500);
  });

  it('waits Retry-After seconds next', async () => {
    const { 'Retry-After': _r, RateLimit: _l, ...rest } = allHeaders;
    void _r;
    void _l;
    const { logged } = await waitedFor({ ...rest, 'Retry-After': '4' }, {});
    assert.equal(logged, 4000);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 3000).toUTCString();
    const { logged } = await waitedFor({ 'Retry-After': at }, {});
    assert.ok(logged > 1900 && logged <= 3000, `waited ${logged}`);
  });

  it('waits X-Rate-Limit-Reset, then RateLimit-Reset', async () => {
    assert.equal((await waitedFor({ 'X-Rate-Limit-Reset': '2.5', 'RateLimit-Reset': '9' }, undefined)).logged, 2500);
    server.resetRequests();
    assert.equal((await waitedFor({ 'RateLimit-Reset': '1.2' }, undefined)).logged, 1200);
  });

  it('waits 2 s when nothing says how long', async () => {
    assert.equal((await waitedFor({}, { error: 'Too many requests' })).logged, 2000);
  });

  it('adds a small jitter to the wait', async () => {
    const { client, log } = testClient(server, { random: () => 0.5 });
    server.script({ status: 429, body: { error: { rate_reset: 1 } }, path: OPPORTUNITY });
    await client.listOpportunities({}, { skip: 0, limit: 1 });
    assert.equal(log[0].retryInMs, 1050);
    await client.close();
  });

  it('gives up after the bounded retries with a RateLimitError', async () => {
    const { client } = testClient(server, { maxRetries: 2 });
    for (let i = 0; i < 3; i++) server.script({ status: 429, body: { error: { rate_reset: 0.25 } }, path: OPPORTUNITY });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.code, 'RATE_LIMITED');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 250);
    assert.match(error.message, /429.*3 attempts.*Try again/);
    assert.equal(server.requests.length, 3);
    await client.close();
  });

  it('does not sit out a wait longer than a minute', async () => {
    const { client, sleeps } = testClient(server);
    server.script({ status: 429, body: { error: { rate_reset: 3600 } }, path: OPPORTUNITY });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.deepEqual(sleeps, []);
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('pauses every request of the client, not only the one refused', async () => {
    const gates: { ms: number; open: () => void }[] = [];
    const { client, log } = testClient(server, {
      sleep: (ms) => new Promise<void>((resolve) => gates.push({ ms, open: resolve })),
    });
    server.script({ status: 429, body: { error: { rate_reset: 0.5 } }, path: OPPORTUNITY });
    const first = client.listOpportunities({}, { skip: 0, limit: 1 });
    await waitFor('the 429', () => log.length === 1);
    const second = client.listOpportunities({}, { skip: 1, limit: 1 });
    // Both wait in a gate of the injected sleep: a request sent instead would have had no 429 to wait for.
    await waitFor('both requests to wait', () => gates.length === 2);
    assert.equal(server.requests.length, 1, 'the second request was sent during the pause');
    assert.ok(
      gates.every((g) => g.ms > 250 && g.ms <= 500),
      JSON.stringify(gates.map((g) => g.ms)),
    );
    for (const gate of gates) gate.open();
    await Promise.all([first, second]);
    assert.equal(server.requests.length, 3);
    await client.close();
  });

  it('holds a request back when the window has nothing left, instead of getting a 429', async () => {
    const gates: { ms: number; open: () => void }[] = [];
    const { client } = testClient(server, { sleep: (ms) => new Promise<void>((resolve) => gates.push({ ms, open: resolve })) });
    server.script({ status: 200, headers: { RateLimit: 'limit=3, remaining=0, reset=1.5' }, body: listBody(), path: OPPORTUNITY });
    await client.listOpportunities({}, { skip: 0, limit: 1 });
    const next = client.listOpportunities({}, { skip: 0, limit: 1 });
    await waitFor('the pacing wait', () => gates.length === 1);
    assert.equal(server.requests.length, 1);
    assert.ok(gates[0].ms > 1000 && gates[0].ms <= 1515, `waited ${gates[0].ms}`);
    gates[0].open();
    await next;
    assert.equal(server.requests.length, 2);
    await client.close();
  });
});

describe('the fake’s own rate limiter', () => {
  for (const legacy of [false, true]) {
    it(`is waited out on a real ${legacy ? 'legacy ' : ''}429, in the next window`, async () => {
      const server = await startFakeServer({ opportunities: 50, rateLimit: { limit: 3, windowSeconds: 1, legacy } });
      try {
        const other = testClient(server);
        for (let i = 0; i < 3; i++) await other.client.listOpportunities({}, { skip: 0, limit: 1 });
        await other.client.close();
        // A second client with the same key knows nothing of the used-up window.
        const log: { status?: number; retryInMs?: number }[] = [];
        const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, onRequest: (e) => log.push(e) });
        const page = await client.listOpportunities({}, { skip: 0, limit: 5 });
        assert.equal(page.data.length, 5);
        assert.deepEqual(
          log.map((e) => e.status),
          [429, 200],
        );
        assert.ok(log[0].retryInMs! > 0 && log[0].retryInMs! <= 1100);
        const [refused, retried] = server.requests.slice(-2);
        assert.equal(refused.status, 429);
        assert.ok(retried.time - refused.time >= log[0].retryInMs! - 100 - 5);
        await client.close();
      } finally {
        await server.close();
      }
    });
  }

  it('lets fetchAll reach every page with at most one 429 per window', async () => {
    const server = await startFakeServer({ opportunities: 1500, latencyMs: 20, rateLimit: { limit: 6, windowSeconds: 1 } });
    try {
      const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
      const started = Date.now();
      const result = await client.fetchAll({}, { limit: 100 });
      const windows = Math.ceil((Date.now() - started) / 1000) + 1;
      assert.equal(new Set(result.objects.map((o) => o.id)).size, 1500);
      assert.ok(result.responses429 <= windows, `${result.responses429} 429s in ${windows} windows`);
      await client.close();
    } finally {
      await server.close();
    }
  });
});

describe('server errors and broken connections', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 50 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('retries 503 and 502 with growing waits, then succeeds', async () => {
    const { client, sleeps, log } = testClient(server);
    server.script(
      { status: 503, body: { error: 'Service temporarily unavailable, please retry.' } },
      { status: 502, headers: { 'Content-Type': 'text/html' }, rawBody: '<html><title>502 Bad Gateway</title></html>' },
    );
    const page = await client.listOpportunities({}, { skip: 0, limit: 3 });
    assert.equal(page.data.length, 3);
    assert.deepEqual(
      server.requests.map((r) => r.status),
      [503, 502, 200],
    );
    assert.deepEqual(sleeps, [250, 500]);
    assert.deepEqual(
      log.map((e) => e.retryInMs),
      [250, 500, undefined],
    );
    await client.close();
  });

  it('retries 504 on a GET', async () => {
    const { client } = testClient(server);
    server.script({ status: 504, rawBody: 'Gateway Time-out' });
    assert.equal((await client.me()).id, server.dataset.me.id);
    assert.equal(server.requests.length, 2);
    await client.close();
  });

  it('waits a 503’s Retry-After when it gives one', async () => {
    const { client, sleeps } = testClient(server);
    server.script({ status: 503, headers: { 'Retry-After': '3' }, body: { error: 'maintenance' } });
    await client.me();
    assert.deepEqual(sleeps, [3000]);
    await client.close();
  });

  it('ends bounded 5xx retries with a ServerError that says what happened', async () => {
    const { client } = testClient(server, { maxRetries: 3 });
    for (let i = 0; i < 4; i++) server.script({ status: 503, body: { error: 'Service temporarily unavailable, please retry.' } });
    const error = await rejection(client.listStatuses());
    assert.ok(error instanceof ServerError);
    assert.equal(error.code, 'SERVER_ERROR');
    assert.equal(error.status, 503);
    assert.match(error.message, /unavailable \(503: Service temporarily unavailable, please retry\.\), after 4 attempts/);
    assert.equal(server.requests.length, 4);
    await client.close();
  });

  it('does not retry a 500', async () => {
    const { client } = testClient(server);
    server.script({ status: 500, body: { error: 'Internal Server Error' } });
    const error = await rejection(client.listPipelines());
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 500);
    assert.match(error.message, /Internal Server Error/);
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('retries a connection reset, then succeeds', async () => {
    const { client, log } = testClient(server);
    server.script({ status: 0, reset: true });
    const users = await client.listUsers();
    assert.equal(users.length, server.dataset.users.length);
    assert.equal(server.requests.length, 2);
    assert.match(log[0].error!, /Could not reach Close at 127\.0\.0\.1:\d+ \((ECONNRESET|UND_ERR_SOCKET)\)/);
    await client.close();
  });

  it('ends bounded connection retries with a NetworkError', async () => {
    const { client } = testClient(server, { maxRetries: 2 });
    for (let i = 0; i < 3; i++) server.script({ status: 0, reset: true });
    const error = await rejection(client.me());
    assert.ok(error instanceof NetworkError);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.match(error.message, /after 3 attempts\. Check your connection/);
    assert.equal(server.requests.length, 3);
    await client.close();
  });

  it('reports a server that is not listening as a NetworkError', async () => {
    const closed = await startFakeServer({ opportunities: 1 });
    const url = closed.url;
    await closed.close();
    const client = new CloseClient({ baseUrl: url, credentials: { apiKey: 'api_x' }, maxRetries: 1, sleep: async () => {} });
    const error = await rejection(client.me());
    assert.ok(error instanceof NetworkError);
    assert.match(error.message, /ECONNREFUSED/);
    await client.close();
  });
});

describe('timeouts and abort', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 3000 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('fails with a TimeoutError when no answer comes in time, without retrying', async () => {
    const { client } = testClient(server, { timeoutMs: 150 });
    server.script({ status: 200, body: listBody(), delayMs: 2000 });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.code, 'TIMEOUT');
    assert.match(error.message, /did not answer within 150 ms \(GET opportunity\/\)/);
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('times out a body that arrives too slowly', async () => {
    const { client } = testClient(server, { timeoutMs: 300 });
    server.setOptions({ faults: { slowBodyMs: 3000 } });
    try {
      const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 50 }));
      assert.ok(error instanceof TimeoutError);
    } finally {
      server.setOptions({ faults: {} });
    }
    await client.close();
  });

  it('cancels a request in flight when aborted', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, body: listBody(), delayMs: 5000 });
    const controller = new AbortController();
    const call = client.listOpportunities({}, { skip: 0, limit: 1 }, controller.signal);
    await waitFor('the request to arrive', () => server.requests.length === 1);
    controller.abort();
    const error = await rejection(call);
    assert.equal(error.name, 'AbortError');
    assert.equal(server.requests[0].status, 0, 'the server had not answered yet');
    await client.close();
  });

  it('cancels a pending rate-limit wait when aborted', async () => {
    const log: { status?: number }[] = [];
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, onRequest: (e) => log.push(e) });
    server.script({ status: 429, body: { error: { rate_reset: 30 } } });
    const controller = new AbortController();
    const call = client.listOpportunities({}, { skip: 0, limit: 1 }, controller.signal);
    await waitFor('the 429', () => log.length === 1);
    controller.abort();
    const error = await rejection(call);
    assert.equal(error.name, 'AbortError');
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('cancels every page of a fetchAll and sends no more', async () => {
    // The first page promises 1,000; every later page is held unanswered, so only the client can end it.
    const liar = await startLiar(({ path, params }) => {
      if (path.endsWith('/me/')) return { body: { id: 'user_me' } };
      if (params.get('_skip') === '0') return { body: opportunityPage(opportunities(0, 100), 1000, true) };
      return new Promise<LiarAnswer>(() => undefined);
    });
    try {
      const client = new CloseClient({ baseUrl: liar.url, credentials: { apiKey: liar.key }, maxConcurrency: 4 });
      const controller = new AbortController();
      const call = client.fetchAll({}, { limit: 100, signal: controller.signal });
      await waitFor('a page in each of the 4 slots', () => liar.unanswered() === 4);
      controller.abort();
      const error = await rejection(call);
      assert.equal(error.name, 'AbortError');
      await waitFor(
        'the pages in flight to be cancelled',
        () => liar.unanswered() === 0,
        5_000,
        () => `${liar.unanswered()} still open`,
      );
      // A request made now is sent after anything the aborted paging still had queued.
      await client.me();
      assert.deepEqual(
        liar.requests.map((r) => (r.path.endsWith('/me/') ? 'me' : r.params.get('_skip'))),
        ['0', '100', '200', '300', '400', 'me'],
      );
      await client.close();
    } finally {
      await liar.close();
    }
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { client } = testClient(server);
    const error = await rejection(client.getOpportunity(server.dataset.opportunities[0].id, AbortSignal.abort()));
    assert.equal(error.name, 'AbortError');
    assert.equal(server.requests.length, 0);
    await client.close();
  });
});

describe('a key pasted into a filter', () => {
  it('is sent as the search text but never written to the request log', async () => {
    const key = 'api_Pasted+Key/With=Signs.0123456789';
    const server = await startFakeServer({ opportunities: 20, apiKey: key });
    const { client, log } = testClient(server);
    try {
      await client.listOpportunities({ query: key }, { skip: 0, limit: 5 });
      assert.equal(server.requests[0].query.query, key, 'the server got the text as typed');
      assert.equal(log.length, 1);
      for (const spelling of [key, encodeURIComponent(key), new URLSearchParams({ q: key }).toString().slice(2)]) {
        assert.ok(!log[0].url.includes(spelling), `log url holds ${spelling}: ${log[0].url}`);
      }
      assert.match(log[0].url, /query=\[redacted\]/);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
