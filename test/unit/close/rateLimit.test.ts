import * as assert from 'node:assert/strict';
import { parseRateLimitHeaders, rateLimitDelay } from '../../../src/close/rateLimit';

describe('rate-limit signals', () => {
  it('reads the RateLimit header with a fractional reset', () => {
    assert.deepEqual(parseRateLimitHeaders({ ratelimit: 'limit=40, remaining=0, reset=0.870' }), { limit: 40, remaining: 0, resetSeconds: 0.87 });
  });

  it('reads the legacy X-Rate-Limit headers', () => {
    assert.deepEqual(parseRateLimitHeaders({ 'x-rate-limit-limit': '320', 'x-rate-limit-remaining': '319', 'x-rate-limit-reset': '7.224826' }), {
      limit: 320,
      remaining: 319,
      resetSeconds: 7.224826,
    });
    assert.equal(parseRateLimitHeaders({}), undefined);
  });

  it('waits per rate_reset first, wrapped in error or flat, number or text', () => {
    const headers = { ratelimit: 'limit=40, remaining=0, reset=3', 'retry-after': '5', 'x-rate-limit-reset': '7' };
    assert.deepEqual(rateLimitDelay(headers, { error: { rate_reset: 0.870663 } }), { ms: 871, source: 'rate_reset' });
    assert.deepEqual(rateLimitDelay(headers, { rate_reset: '0.595956' }), { ms: 596, source: 'rate_reset' });
  });

  it('then the RateLimit reset, Retry-After, X-Rate-Limit-Reset, RateLimit-Reset, then 2 s', () => {
    assert.deepEqual(rateLimitDelay({ ratelimit: 'limit=40, remaining=0, reset=1.5', 'retry-after': '5' }, {}), { ms: 1500, source: 'RateLimit' });
    assert.deepEqual(rateLimitDelay({ 'retry-after': '4', 'x-rate-limit-reset': '7' }, { error: 'x' }), { ms: 4000, source: 'Retry-After' });
    assert.deepEqual(rateLimitDelay({ 'x-rate-limit-reset': '2.5', 'ratelimit-reset': '9' }, undefined), { ms: 2500, source: 'X-Rate-Limit-Reset' });
    assert.deepEqual(rateLimitDelay({ 'ratelimit-reset': '1.2' }, null), { ms: 1200, source: 'RateLimit-Reset' });
    assert.deepEqual(rateLimitDelay({}, { error: { message: 'slow down' } }), { ms: 2000, source: 'default' });
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    assert.deepEqual(rateLimitDelay({ 'retry-after': 'Wed, 21 Oct 2026 07:28:03 GMT' }, undefined, now), { ms: 3000, source: 'Retry-After' });
  });

  it('ignores a rate_reset that is not a number', () => {
    assert.deepEqual(rateLimitDelay({ 'retry-after': '1' }, { rate_reset: 'soon' }), { ms: 1000, source: 'Retry-After' });
  });
});
