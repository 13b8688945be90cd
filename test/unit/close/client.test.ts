// What the client does with answers a broken proxy or server could send: every one ends in a CloseError
// with a message a user can read, never a TypeError, a hang or a crash of the extension host.
import * as assert from 'node:assert/strict';
import { BadRequestError, BadResponseError, PagingLimitError, RateLimitError, ServerError } from '../../../src/close/errors';
import type { Opportunity } from '../../../src/close/types';
import { type FakeServer, rejection, startFakeServer, testClient } from '../../support/testClient';

const OPPORTUNITY = /\/opportunity\/$/;

function page(data: unknown[], total: number, hasMore: boolean): Record<string, unknown> {
  return { data, total_results: total, has_more: hasMore, count_by_value_period: {} };
}

describe('hostile and broken responses', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 120, seed: 3 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('refuses a first page claiming a total far beyond the paging cap, after that one request', async () => {
    const { client } = testClient(server);
    const first = server.dataset.opportunities.slice(0, 100);
    server.script({ status: 200, path: OPPORTUNITY, body: page(first, 1e13, true) });
    const error = await rejection(client.fetchAll({}, { limit: 100 }));
    assert.ok(error instanceof PagingLimitError);
    assert.match(error.message, /at most 250,000 .*matches 10,000,000,000,000/);
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('reports a total_results that is not a finite count as an unexpected response', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, path: OPPORTUNITY, rawBody: '{"data": [], "total_results": 1e400, "has_more": true}' });
    const error = await rejection(client.fetchAll({}));
    assert.ok(error instanceof BadResponseError, String(error));
    assert.match(error.message, /unexpected response to GET opportunity\//);
    await client.close();
  });

  it('reports a list page holding null instead of an opportunity as an unexpected response', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, path: OPPORTUNITY, body: page([null], 1, false) });
    const error = await rejection(client.fetchAll({}));
    assert.ok(error instanceof BadResponseError, String(error));
    assert.match(error.message, /unexpected response to GET opportunity\//);
    await client.close();
  });

  it('reports a group holding null instead of an opportunity as an unexpected response', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, path: OPPORTUNITY, body: page([{ key: 'user_a', user_id: 'user_a', total_results: 1, objects: [null] }], 1, false) });
    const error = await rejection(client.fetchAll({ group_by: { field: 'user_id', descending: false } }));
    assert.ok(error instanceof BadResponseError, String(error));
    await client.close();
  });

  it('reports a /user/ page holding null as an unexpected response', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, path: /\/user\/$/, body: { data: [null], has_more: false } });
    const error = await rejection(client.listUsers());
    assert.ok(error instanceof BadResponseError, String(error));
    assert.match(error.message, /unexpected response to GET user\//);
    await client.close();
  });

  it('keeps every opportunity of fetchAll when _fields leaves out the id', async () => {
    const { client } = testClient(server);
    const result = await client.fetchAll({ fields: ['lead_name'] }, { limit: 50 });
    assert.equal(result.objects.length, 120);
    assert.deepEqual(Object.keys(result.objects[0]), ['lead_name']);
    await client.close();
  });

  it('keeps every opportunity of a grouped fetchAll when _fields leaves out the id', async () => {
    const { client } = testClient(server);
    const result = await client.fetchAll({ fields: ['lead_name'], group_by: { field: 'user_id', descending: false } }, { limit: 50 });
    assert.equal(result.objects.length, 120);
    assert.equal(
      result.groups!.reduce((n, g) => n + g.objects.length, 0),
      120,
    );
    await client.close();
  });

  it('says "try again in a while", not "Infinity s", when a 429 asks for an endless wait', async () => {
    const { client, sleeps } = testClient(server);
    server.script({ status: 429, body: { error: { message: 'slow down', rate_reset: 1e308 } } });
    const error = await rejection(client.me());
    assert.ok(error instanceof RateLimitError);
    assert.doesNotMatch(error.message, /Infinity|NaN/);
    assert.match(error.message, /Try again in a while\./);
    assert.deepEqual(sleeps, [], 'no wait was attempted');
    await client.close();
  });

  it('does not sit out a 503 whose Retry-After is longer than a minute', async () => {
    const { client, sleeps } = testClient(server);
    server.script({ status: 503, headers: { 'Retry-After': '100000' }, body: { error: 'maintenance' } });
    const error = await rejection(client.me());
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 503);
    assert.match(error.message, /^Close is unavailable \(503: maintenance\), and it asks to wait 100000 s\. Try again later\.$/);
    assert.deepEqual(sleeps, []);
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('does not hold the next request back for hours because one answer said the window resets in 100000 s', async () => {
    const { client, sleeps } = testClient(server);
    server.script({ status: 200, path: /\/me\/$/, body: { id: 'user_x' }, headers: { RateLimit: 'limit=40, remaining=0, reset=100000' } });
    await client.me();
    const me = await client.me();
    assert.equal(typeof me.id, 'string');
    assert.ok(
      sleeps.every((ms) => ms <= 60_000),
      `waited ${sleeps.join(', ')} ms`,
    );
    assert.equal(server.requests.length, 2);
    await client.close();
  });

  it('stops reading an answer larger than maxResponseBytes and says so, without retrying', async () => {
    const { client } = testClient(server, { maxResponseBytes: 1024 * 1024 });
    server.script({ status: 200, path: /\/me\/$/, rawBody: `{"id": "user_x", "pad": "${'x'.repeat(3 * 1024 * 1024)}"}` });
    const error = await rejection(client.me());
    assert.ok(error instanceof BadResponseError, String(error));
    assert.match(error.message, /^Close sent more than 1 MB in answer to GET me\/; the rest was not read\.$/);
    assert.equal(server.requests.length, 1);
    const me = await client.me();
    assert.equal(typeof me.id, 'string', 'the client still works afterwards');
    await client.close();
  });

  it('shows non-text entries of a 400’s errors as JSON, and keeps a field named __proto__', async () => {
    const { client } = testClient(server);
    server.script({ status: 400, rawBody: '{"errors": [{"query": "bad"}, 7], "field-errors": {"__proto__": "not allowed", "lead": "required"}}' });
    const error = await rejection(client.me());
    assert.ok(error instanceof BadRequestError);
    assert.equal(error.message, 'Close refused the request: {"query":"bad"}; 7; __proto__: not allowed; lead: required');
    assert.deepEqual(Object.keys(error.fieldErrors), ['__proto__', 'lead']);
    assert.equal(Object.getPrototypeOf(error.fieldErrors), Object.prototype);
    await client.close();
  });

  it('still reads a well-formed page after the broken ones', async () => {
    const { client } = testClient(server);
    const result = await client.listOpportunities({}, { skip: 0, limit: 5 });
    assert.equal((result.data as Opportunity[]).length, 5);
    await client.close();
  });
});
