import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { AuthError, BadRequestError, BadResponseError, CloseError, NotFoundError } from '../../../src/close/errors';
import { type FakeServer, listBody, rejection, startFakeServer, testClient } from '../../support/testClient';

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

  it('takes the key out of the field names of a 400, in the message, the field errors and the log', async () => {
    const { client, log } = testClient(server);
    server.script({ status: 400, body: { 'field-errors': { [server.key]: 'Unknown field.', [`x_${server.key.toUpperCase()}`]: 'Not allowed.' } } });
    const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 1 }));
    assert.ok(error instanceof BadRequestError);
    assert.equal(error.message, 'Close refused the request: [redacted]: Unknown field.; x_[redacted]: Not allowed.');
    assert.deepEqual(Object.keys(error.fieldErrors), ['[redacted]', 'x_[redacted]']);
    const texts = [error.message, JSON.stringify(error.fieldErrors), ...log.map((entry) => JSON.stringify(entry))].join('\n').toLowerCase();
    assert.ok(!texts.includes(server.key.toLowerCase()), texts);
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
