// The retry policy as a pure function: each answer Close may give, and what the client does with it — use
// it, wait and try again, or fail with the error the user reads. No HTTP: answers are built here.
import * as assert from 'node:assert/strict';
import {
  AuthError,
  BadRequestError,
  BadResponseError,
  CloseError,
  NetworkError,
  NotFoundError,
  PagingLimitError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../src/close/errors';
import type { DescribedFailure } from '../../../src/close/networkErrors';
import { type Answer, type AnswerContext, type RetryPolicy, type Verdict, backoff, classifyAnswer } from '../../../src/close/retryPolicy';
import { createScrubber } from '../../../src/close/scrub';

const KEY = 'api_4bCdEf9hIjKlMnOp';
const NOW = Date.parse('2024-05-01T12:00:00Z');

/** The client's defaults (CloseClientOptions). */
const POLICY: RetryPolicy = {
  maxRetries: 5,
  retryBaseDelayMs: 500,
  maxRetryDelayMs: 8000,
  maxRateLimitWaitMs: 60_000,
  maxRetryTotalMs: 60_000,
  timeoutMs: 30_000,
  maxResponseBytes: 8 * 1024 * 1024,
};

/** An answer with this status; `body` is sent as JSON, `text` as is; header names in any case. */
function answer(status: number | undefined, options: { headers?: Record<string, string>; body?: unknown; text?: string } = {}): Answer {
  const text = options.text ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return { status, headers, text, received: Buffer.byteLength(text), bodyCut: false, tooLarge: false, timedOut: false };
}

/** A connection that failed before any answer, as describeNetworkFailure puts it. */
function networkFailure(failure: Partial<DescribedFailure> = {}): Answer {
  const network: DescribedFailure = {
    reason: 'reset',
    code: 'ECONNRESET',
    transient: true,
    message: 'Could not reach Close at api.close.com (ECONNRESET)',
    hint: 'Check your connection and try again.',
    ...failure,
  };
  return { ...answer(undefined), network };
}

function classify(given: Answer, context: Partial<AnswerContext> = {}, policy: Partial<RetryPolicy> = {}): Verdict {
  return classifyAnswer(
    given,
    { ...POLICY, ...policy },
    {
      relative: 'opportunity/?_limit=10&_skip=0',
      host: 'api.close.com',
      usesOAuth: false,
      scrub: createScrubber([KEY]),
      attempt: 1,
      waitedMs: 0,
      random: () => 0,
      now: NOW,
      ...context,
    },
  );
}

function retried(verdict: Verdict): Extract<Verdict, { kind: 'retry' }> {
  assert.equal(verdict.kind, 'retry', `expected a retry, got ${JSON.stringify(verdict)}`);
  return verdict;
}

function failed(verdict: Verdict): Extract<Verdict, { kind: 'fail' }> {
  assert.equal(verdict.kind, 'fail', `expected a failure, got ${JSON.stringify(verdict)}`);
  return verdict;
}

describe('retry policy: success', () => {
  it('uses the JSON body of a 200, with nothing to log', () => {
    const verdict = classify(answer(200, { body: { id: 'user_1', data: [1, 2] } }));
    assert.deepEqual(verdict, { kind: 'success', body: { id: 'user_1', data: [1, 2] }, note: {} });
  });

  it('uses any 2xx', () => {
    assert.equal(classify(answer(203, { body: {} })).kind, 'success');
  });

  it('fails a 2xx that is not JSON with the status, size and a short excerpt, without retrying', () => {
    const { error, note } = failed(classify(answer(200, { text: '<html>maintenance</html>' })));
    assert.ok(error instanceof BadResponseError);
    assert.equal(error.message, 'Close sent a response that is not valid JSON (status 200, 24 bytes): <html>maintenance</html>');
    assert.equal(error.excerpt, '<html>maintenance</html>');
    assert.deepEqual(note, { error: error.message });
  });

  it('says "(empty)" for an empty 2xx body', () => {
    const { error } = failed(classify(answer(200)));
    assert.equal(error.message, 'Close sent a response that is not valid JSON (status 200, 0 bytes): (empty)');
  });

  it('cuts the excerpt to 120 characters and takes the key out first', () => {
    const { error } = failed(classify(answer(200, { text: `${KEY} ${'x'.repeat(500)}` })));
    assert.ok(error instanceof BadResponseError);
    assert.equal(error.excerpt.length, 120);
    assert.ok(error.excerpt.startsWith('[redacted] xxx') && error.excerpt.endsWith('…'), error.excerpt);
    assert.ok(!error.message.includes(KEY));
  });
});

describe('retry policy: 429', () => {
  it('without any hint waits 2 s, pausing every request of the client', () => {
    const verdict = retried(classify(answer(429, { body: { error: 'Too many requests' } })));
    assert.deepEqual(verdict, {
      kind: 'retry',
      waitMs: 2000,
      pauseClientMs: 2000,
      rateLimited: true,
      note: { error: 'rate limited (default)', retryInMs: 2000 },
    });
  });

  it('waits Retry-After seconds', () => {
    const verdict = retried(classify(answer(429, { headers: { 'Retry-After': '4' } })));
    assert.equal(verdict.waitMs, 4000);
    assert.equal(verdict.pauseClientMs, 4000);
    assert.equal(verdict.note.error, 'rate limited (Retry-After)');
  });

  it('reads Retry-After as an HTTP date, from now', () => {
    const at = new Date(NOW + 3000).toUTCString();
    assert.equal(retried(classify(answer(429, { headers: { 'Retry-After': at } }))).waitMs, 3000);
  });

  it('takes the body’s rate_reset before any header', () => {
    const headers = { RateLimit: 'limit=40, remaining=0, reset=3', 'Retry-After': '5' };
    const verdict = retried(classify(answer(429, { headers, body: { error: { message: 'API call count exceeded', rate_reset: 0.87 } } })));
    assert.equal(verdict.waitMs, 870);
    assert.equal(verdict.note.error, 'rate limited (rate_reset)');
  });

  it('takes the RateLimit header’s reset before Retry-After', () => {
    const verdict = retried(classify(answer(429, { headers: { RateLimit: 'limit=40, remaining=0, reset=1.5', 'Retry-After': '5' } })));
    assert.equal(verdict.waitMs, 1500);
    assert.equal(verdict.note.error, 'rate limited (RateLimit)');
  });

  it('takes X-Rate-Limit-Reset, then RateLimit-Reset, when nothing else says', () => {
    assert.equal(retried(classify(answer(429, { headers: { 'X-Rate-Limit-Reset': '2.5', 'RateLimit-Reset': '9' } }))).waitMs, 2500);
    assert.equal(retried(classify(answer(429, { headers: { 'RateLimit-Reset': '1.2' } }))).waitMs, 1200);
  });

  it('adds up to 100 ms of jitter to the wait, not to the error’s retryAfterMs', () => {
    assert.equal(retried(classify(answer(429, { headers: { 'Retry-After': '1' } }), { random: () => 0.5 })).waitMs, 1050);
    assert.equal(retried(classify(answer(429, { headers: { 'Retry-After': '1' } }), { random: () => 0.999 })).waitMs, 1100);
    const { error } = failed(classify(answer(429, { headers: { 'Retry-After': '1' } }), { attempt: 6, random: () => 0.5 }));
    assert.equal((error as RateLimitError).retryAfterMs, 1000);
  });

  it('retries up to the last allowed retry, then fails with a RateLimitError that says how long to wait', () => {
    assert.equal(classify(answer(429), { attempt: 5 }).kind, 'retry');
    const verdict = failed(classify(answer(429, { headers: { 'Retry-After': '3' } }), { attempt: 6 }));
    assert.ok(verdict.error instanceof RateLimitError);
    assert.equal(verdict.error.code, 'RATE_LIMITED');
    assert.equal(verdict.error.status, 429);
    assert.equal(verdict.error.retryAfterMs, 3000);
    assert.equal(verdict.error.message, 'Close is limiting the request rate (429) and still was after 6 attempts. Try again in 3 s.');
    assert.equal(verdict.rateLimited, true);
    assert.equal(verdict.pauseClientMs, undefined, 'a call that gave up does not pause the others');
    assert.deepEqual(verdict.note, { error: 'rate limited (Retry-After)' });
  });

  it('fails at once when asked to wait longer than a minute', () => {
    const verdict = failed(classify(answer(429, { body: { error: { rate_reset: 3600 } } })));
    assert.ok(verdict.error instanceof RateLimitError);
    assert.equal(verdict.error.retryAfterMs, 3_600_000);
    assert.equal(verdict.error.message, 'Close is limiting the request rate (429) and still was after 1 attempts. Try again in 3600 s.');
    assert.equal(verdict.pauseClientMs, undefined);
  });

  it('waits exactly maxRateLimitWaitMs, not a millisecond more', () => {
    assert.equal(classify(answer(429, { headers: { 'Retry-After': '60' } })).kind, 'retry');
    assert.equal(classify(answer(429, { headers: { 'Retry-After': '60.001' } })).kind, 'fail');
    assert.equal(classify(answer(429, { headers: { 'Retry-After': '5' } }), {}, { maxRateLimitWaitMs: 4000 }).kind, 'fail');
  });

  it('fails once the call’s waits would pass maxRetryTotalMs, still pausing the client as Close asked', () => {
    assert.equal(classify(answer(429), { waitedMs: 58_000 }).kind, 'retry');
    const verdict = failed(classify(answer(429), { waitedMs: 58_001 }));
    assert.ok(verdict.error instanceof RateLimitError);
    assert.equal(verdict.pauseClientMs, 2000);
    assert.deepEqual(verdict.note, { error: 'rate limited (default)', retryInMs: 2000 });
  });

  it('does not retry a 429 with maxRetries 0', () => {
    assert.equal(
      failed(classify(answer(429), {}, { maxRetries: 0 })).error.message,
      'Close is limiting the request rate (429) and still was after 1 attempts. Try again in 2 s.',
    );
  });
});

describe('retry policy: 502, 503, 504', () => {
  it('retries a 503 after its Retry-After, without pausing the other requests', () => {
    const verdict = retried(classify(answer(503, { headers: { 'Retry-After': '3' }, body: { error: 'maintenance' } })));
    assert.deepEqual(verdict, { kind: 'retry', waitMs: 3000, note: { error: 'Close is unavailable (503: maintenance)', retryInMs: 3000 } });
  });

  it('reads a 503’s Retry-After given as a date', () => {
    const at = new Date(NOW + 7000).toUTCString();
    assert.equal(retried(classify(answer(503, { headers: { 'Retry-After': at } }))).waitMs, 7000);
  });

  it('fails a 503 at once when its Retry-After is over a minute', () => {
    const verdict = failed(classify(answer(503, { headers: { 'Retry-After': '120' }, body: { error: 'maintenance' } })));
    assert.ok(verdict.error instanceof ServerError);
    assert.equal(verdict.error.status, 503);
    assert.equal(verdict.error.message, 'Close is unavailable (503: maintenance), and it asks to wait 120 s. Try again later.');
    assert.deepEqual(verdict.note, { error: 'Close is unavailable (503: maintenance)' });
  });

  it('honours Retry-After on 502 and 504 too', () => {
    assert.equal(retried(classify(answer(502, { headers: { 'Retry-After': '2' } }))).waitMs, 2000);
    assert.equal(retried(classify(answer(504, { headers: { 'Retry-After': '1' } }))).waitMs, 1000);
  });

  it('backs off exponentially without Retry-After: 500 ms doubling, capped at 8 s, jittered between half and all', () => {
    const waits = (random: number) =>
      [1, 2, 3, 4, 5, 6, 7].map((attempt) => retried(classify(answer(503), { attempt, random: () => random }, { maxRetries: 10 })).waitMs);
    assert.deepEqual(waits(0), [250, 500, 1000, 2000, 4000, 4000, 4000]);
    assert.deepEqual(waits(1), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    assert.deepEqual(waits(0.5), [375, 750, 1500, 3000, 6000, 6000, 6000]);
  });

  it('uses backoff, not the RateLimit header’s reset, for a 5xx', () => {
    const verdict = retried(classify(answer(502, { headers: { RateLimit: 'limit=40, remaining=10, reset=9' } })));
    assert.equal(verdict.waitMs, 250);
  });

  it('waits a 503’s Retry-After even when a RateLimit header with a reset comes with it (that reset is about the rate, not the outage)', () => {
    const verdict = retried(classify(answer(503, { headers: { RateLimit: 'limit=40, remaining=10, reset=9', 'Retry-After': '30' } })));
    assert.equal(verdict.waitMs, 30_000);
    const tooLong = classify(answer(503, { headers: { RateLimit: 'limit=40, remaining=10, reset=9', 'Retry-After': '600' } }));
    assert.equal(tooLong.kind, 'fail');
    assert.match(tooLong.kind === 'fail' ? tooLong.error.message : '', /asks to wait 600 s/);
  });

  it('names the server’s message, or only the status for a body that is not JSON', () => {
    assert.equal(classify(answer(502, { text: '<html><title>502 Bad Gateway</title></html>' })).note.error, 'Close is unavailable (502)');
    assert.equal(classify(answer(504, { body: { message: 'upstream  timed\nout' } })).note.error, 'Close is unavailable (504: upstream timed out)');
  });

  it('still retries on the last allowed retry', () => {
    assert.equal(classify(answer(503), { attempt: 5 }).kind, 'retry');
    assert.equal(classify(answer(502), { attempt: 2 }, { maxRetries: 2 }).kind, 'retry');
    assert.equal(classify(networkFailure(), { attempt: 5 }).kind, 'retry');
  });

  it('after the last retry fails with a ServerError saying how many attempts were made', () => {
    const verdict = failed(classify(answer(503, { body: { error: 'Service temporarily unavailable, please retry.' } }), { attempt: 6 }));
    assert.ok(verdict.error instanceof ServerError);
    assert.equal(verdict.error.code, 'SERVER_ERROR');
    assert.equal(verdict.error.status, 503);
    assert.equal(verdict.error.message, 'Close is unavailable (503: Service temporarily unavailable, please retry.), after 6 attempts. Try again later.');
    assert.deepEqual(verdict.note, { error: 'Close is unavailable (503: Service temporarily unavailable, please retry.)', retryInMs: undefined });
  });

  it('fails once the call’s waits would pass maxRetryTotalMs', () => {
    assert.equal(classify(answer(503, { headers: { 'Retry-After': '10' } }), { waitedMs: 50_000 }).kind, 'retry');
    const verdict = failed(classify(answer(503, { headers: { 'Retry-After': '10' } }), { waitedMs: 50_001 }));
    assert.equal(verdict.error.message, 'Close is unavailable (503), after 1 attempts. Try again later.');
    assert.equal(verdict.note.retryInMs, 10_000, 'the log still says what the wait would have been');
  });
});

describe('retry policy: other server errors', () => {
  it('does not retry a 500', () => {
    const verdict = failed(classify(answer(500, { body: { error: 'Internal Server Error' } })));
    assert.ok(verdict.error instanceof ServerError);
    assert.equal(verdict.error.status, 500);
    assert.equal(verdict.error.message, 'Close had an internal error (500) (Internal Server Error). Try again later.');
    assert.deepEqual(verdict.note, { error: verdict.error.message });
  });

  it('does not retry 501 or 505, even with a Retry-After', () => {
    for (const status of [501, 505]) {
      const verdict = failed(classify(answer(status, { headers: { 'Retry-After': '1' } })));
      assert.ok(verdict.error instanceof ServerError);
      assert.equal(verdict.error.message, `Close had an internal error (${status}). Try again later.`);
    }
  });
});

describe('retry policy: 4xx', () => {
  it('fails a 400 with a BadRequestError carrying the server’s error', () => {
    const verdict = failed(classify(answer(400, { body: { error: 'The limit you set is larger than the maximum limit for this resource (max_limit = 200)' } })));
    assert.ok(verdict.error instanceof BadRequestError);
    assert.equal(verdict.error.code, 'BAD_REQUEST');
    assert.equal(verdict.error.status, 400);
    assert.equal(verdict.error.message, 'Close refused the request: The limit you set is larger than the maximum limit for this resource (max_limit = 200)');
  });

  it('joins a 400’s errors and field-errors', () => {
    const body = { errors: ['Invalid query.', { code: 7 }], 'field-errors': { lead: 'This field is required.', status: ['Not a valid choice.'] } };
    const { error } = failed(classify(answer(400, { body })));
    assert.ok(error instanceof BadRequestError);
    assert.equal(error.message, 'Close refused the request: Invalid query.; {"code":7}; lead: This field is required.; status: ["Not a valid choice."]');
    assert.deepEqual(error.errors, ['Invalid query.', '{"code":7}']);
    assert.deepEqual(error.fieldErrors, { lead: 'This field is required.', status: '["Not a valid choice."]' });
  });

  it('keeps a field-error named __proto__ as the server’s text', () => {
    const { error } = failed(classify(answer(400, { text: '{"field-errors": {"__proto__": "polluted"}}' })));
    assert.ok(error instanceof BadRequestError);
    assert.equal(Object.getPrototypeOf(error.fieldErrors), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(error.fieldErrors, '__proto__')?.value, 'polluted');
  });

  it('shows the body of a 400 without details, or says there are none', () => {
    assert.equal(failed(classify(answer(400, { text: 'Bad Request' }))).error.message, 'Close refused the request: Bad Request');
    assert.equal(failed(classify(answer(400))).error.message, 'Close refused the request: no details given');
  });

  it('turns a 400 naming max_skip into a PagingLimitError with that maximum', () => {
    const { error } = failed(classify(answer(400, { body: { error: 'Skip value is larger than the maximum (max_skip = 500)' } })));
    assert.ok(error instanceof PagingLimitError);
    assert.equal(error.maxSkip, 500);
    assert.match(error.message, /^Close lists at most 500 opportunities of one filter page by page\. Narrow the filter/);
  });

  it('fails a 401 with an AuthError that says to set the key, or names the access token', () => {
    const verdict = failed(classify(answer(401, { body: { error: 'The server could not verify that you are authorized.' } })));
    assert.ok(verdict.error instanceof AuthError);
    assert.equal(verdict.error.code, 'UNAUTHORIZED');
    assert.equal(verdict.error.status, 401);
    assert.equal(
      verdict.error.message,
      'Close did not accept the API key (The server could not verify that you are authorized.). Set a valid key with “Close: Set API Key”.',
    );
    assert.equal(failed(classify(answer(401), { usesOAuth: true })).error.message, 'Close did not accept the access token. Set a valid key with “Close: Set API Key”.');
  });

  it('takes the key out of the server’s echo of it', () => {
    const { error } = failed(classify(answer(401, { body: { error: { message: `key ${KEY} is revoked` } } })));
    assert.equal(error.message, 'Close did not accept the API key (key [redacted] is revoked). Set a valid key with “Close: Set API Key”.');
  });

  it('fails a 403 and a 402 with their own codes', () => {
    const forbidden = failed(classify(answer(403, { body: { error: 'admins only' } }))).error;
    assert.equal(forbidden.constructor, CloseError);
    assert.equal(forbidden.code, 'FORBIDDEN');
    assert.equal(forbidden.message, 'Close does not allow this with the current key (admins only).');
    const plan = failed(classify(answer(402))).error;
    assert.equal(plan.code, 'PLAN_LIMIT');
    assert.equal(plan.message, 'A limit of the Close plan was reached.');
  });

  it('says which object a 404 did not find', () => {
    const relative = 'opportunity/oppo_DoesNotExist0123456789/';
    const { error } = failed(classify(answer(404, { body: { error: 'Empty query: Opportunity matching query does not exist.' } }), { relative }));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(
      error.message,
      'Opportunity oppo_DoesNotExist0123456789 was not found in this Close organization (Empty query: Opportunity matching query does not exist.).',
    );
    assert.equal(
      failed(classify(answer(404), { relative: 'status/opportunity/stat_Gone/' })).error.message,
      'Opportunity status stat_Gone was not found in this Close organization.',
    );
    assert.equal(failed(classify(answer(404), { relative: 'saved_search/save_1/' })).error.message, 'Smart View save_1 was not found in this Close organization.');
  });

  it('names the model a list request’s 404 says is missing', () => {
    const body = { error: 'Empty query: SavedSearch matching query does not exist.' };
    const { error } = failed(classify(answer(404, { body }), { relative: 'opportunity/?lead_saved_search_id=save_Deleted0123' }));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.model, 'SavedSearch');
    assert.equal(error.message, 'Close could not find a Smart View that the request names (Empty query: SavedSearch matching query does not exist.).');
  });

  it('points a 404 of the endpoint itself at the base URL setting', () => {
    const { error } = failed(classify(answer(404, { text: 'Not Found' }), { relative: 'status/opportunity/?_limit=100' }));
    assert.equal(error.message, 'The Close API at api.close.com has no status/opportunity/ endpoint. Check the setting closeOpportunities.apiBaseUrl.');
  });

  it('fails any other status with its number and the server’s text', () => {
    const teapot = failed(classify(answer(418, { text: 'I am a teapot' }))).error;
    assert.equal(teapot.code, 'HTTP_ERROR');
    assert.equal(teapot.status, 418);
    assert.equal(teapot.message, 'Close answered 418: I am a teapot.');
    assert.equal(failed(classify(answer(409, { body: { message: 'conflict' } }))).error.message, 'Close answered 409 (conflict).');
  });

  it('never retries a 4xx other than 429, whatever its headers say', () => {
    for (const status of [400, 401, 403, 404, 408, 409, 422]) {
      assert.equal(classify(answer(status, { headers: { 'Retry-After': '1' } })).kind, 'fail', String(status));
    }
  });
});

describe('retry policy: broken connections', () => {
  it('retries a reset with backoff, logging the scrubbed message', () => {
    const verdict = retried(classify(networkFailure({ message: `Could not reach Close at api.close.com (ECONNRESET) for ${KEY}` })));
    assert.deepEqual(verdict, { kind: 'retry', waitMs: 250, note: { error: 'Could not reach Close at api.close.com (ECONNRESET) for [redacted]', retryInMs: 250 } });
  });

  it('after the last retry fails with a NetworkError that counts the attempts and says what to do', () => {
    const verdict = failed(classify(networkFailure(), { attempt: 3 }, { maxRetries: 2 }));
    assert.ok(verdict.error instanceof NetworkError);
    assert.equal(verdict.error.code, 'NETWORK_ERROR');
    assert.equal(verdict.error.reason, 'reset');
    assert.equal(verdict.error.message, 'Could not reach Close at api.close.com (ECONNRESET), after 3 attempts. Check your connection and try again.');
    assert.equal(verdict.note.retryInMs, undefined);
  });

  it('does not end the final message with two full stops', () => {
    const dns = networkFailure({ reason: 'dns', code: 'EAI_AGAIN', message: 'Could not find the host api.close.com (EAI_AGAIN).', hint: 'Check http.proxy.' });
    assert.equal(failed(classify(dns, { attempt: 6 })).error.message, 'Could not find the host api.close.com (EAI_AGAIN), after 6 attempts. Check http.proxy.');
  });

  it('fails at once on a failure that another try would not fix (a certificate), with its hint', () => {
    const verdict = failed(
      classify(
        networkFailure({
          reason: 'certificate',
          code: 'CERT_HAS_EXPIRED',
          transient: false,
          message: 'The TLS certificate of api.close.com is not trusted.',
          hint: 'Trust its CA.',
        }),
      ),
    );
    assert.ok(verdict.error instanceof NetworkError);
    assert.equal(verdict.error.reason, 'certificate');
    assert.equal(verdict.error.message, 'The TLS certificate of api.close.com is not trusted. Trust its CA.');
    assert.deepEqual(verdict.note, { error: verdict.error.message });
  });

  it('ends a message without a full stop with one before the hint', () => {
    const { error } = failed(classify(networkFailure({ transient: false, message: 'Could not find the host api.close.com (ENOTFOUND)', hint: 'Check http.proxy.' })));
    assert.equal(error.message, 'Could not find the host api.close.com (ENOTFOUND). Check http.proxy.');
  });

  it('retries a body cut short, then fails with a BadResponseError showing what arrived', () => {
    const cut = { ...answer(200, { text: '{"data": [{"id"' }), bodyCut: true };
    const verdict = retried(classify(cut, { attempt: 2 }));
    assert.deepEqual(verdict, { kind: 'retry', waitMs: 500, note: { error: 'The response from Close was cut short (status 200, 15 bytes)', retryInMs: 500 } });
    const last = failed(classify(cut, { attempt: 6 }));
    assert.ok(last.error instanceof BadResponseError);
    assert.equal(last.error.message, 'The response from Close was cut short (status 200, 15 bytes): {"data": [{"id"');
    assert.equal(last.error.status, 200);
  });

  it('does not retry at all with maxRetries 0', () => {
    assert.equal(
      failed(classify(networkFailure(), {}, { maxRetries: 0 })).error.message,
      'Could not reach Close at api.close.com (ECONNRESET), after 1 attempts. Check your connection and try again.',
    );
  });

  it('stops retrying when the waits of the call would pass maxRetryTotalMs', () => {
    assert.equal(classify(networkFailure(), { waitedMs: 59_750 }).kind, 'retry');
    assert.ok(failed(classify(networkFailure(), { waitedMs: 59_751 })).error instanceof NetworkError);
  });
});

describe('retry policy: timeouts and oversized answers', () => {
  it('never retries our own timeout, and names the time and the path', () => {
    const timedOut = { ...networkFailure({ code: 'ETIMEDOUT' }), timedOut: true };
    const verdict = failed(classify(timedOut));
    assert.ok(verdict.error instanceof TimeoutError);
    assert.equal(verdict.error.code, 'TIMEOUT');
    assert.equal(verdict.error.message, 'Close did not answer within 30 s (GET opportunity/). Check your connection and try again.');
    assert.equal(
      failed(classify({ ...answer(200), timedOut: true }, {}, { timeoutMs: 150 })).error.message,
      'Close did not answer within 150 ms (GET opportunity/). Check your connection and try again.',
    );
  });

  it('fails an answer over maxResponseBytes without reading it', () => {
    const verdict = failed(classify({ ...answer(200, { text: '{"data": [' }), tooLarge: true }));
    assert.ok(verdict.error instanceof BadResponseError);
    assert.equal(verdict.error.message, 'Close sent more than 8 MB in answer to GET opportunity/; the rest was not read.');
    assert.equal(verdict.error.status, 200);
  });
});

describe('retry policy: backoff', () => {
  it('stays between half and all of base × 2^(attempt−1), capped', () => {
    const policy = { retryBaseDelayMs: 100, maxRetryDelayMs: 1000 };
    assert.equal(
      backoff(1, policy, () => 0),
      50,
    );
    assert.equal(
      backoff(1, policy, () => 1),
      100,
    );
    assert.equal(
      backoff(4, policy, () => 0.5),
      600,
    );
    assert.equal(
      backoff(20, policy, () => 1),
      1000,
    );
  });
});
