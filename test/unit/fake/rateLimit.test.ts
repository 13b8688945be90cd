import * as assert from 'node:assert/strict';
import { RateLimiter } from '../../../src/fake/rateLimit';

describe('fake server: rate limit windows', () => {
  it('lets requests through again once the window has passed', () => {
    let now = 1000;
    const limiter = new RateLimiter({ limit: 1, windowSeconds: 1 }, () => now);
    assert.equal(limiter.take('key').allowed, true);
    now += 400;
    const limited = limiter.take('key');
    assert.deepEqual(limited, { allowed: false, remaining: 0, resetSeconds: 0.6 });
    now += limited.resetSeconds * 1000 - 1;
    assert.equal(limiter.take('key').allowed, false, 'still the same window 1 ms before its end');
    now += 1;
    assert.deepEqual(limiter.take('key'), { allowed: true, remaining: 0, resetSeconds: 1 });
  });

  it('counts each key in a window of its own', () => {
    const limiter = new RateLimiter({ limit: 1, windowSeconds: 1 }, () => 0);
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
    assert.equal(limiter.take('b').allowed, true);
  });
});
