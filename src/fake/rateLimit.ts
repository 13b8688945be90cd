// Close's rate limiting as the fake does it: fixed windows per presented key, aligned to the server's start,
// the `RateLimit` (or legacy `X-Rate-Limit-*`) headers and the 429 answer with its body and `Retry-After`.
import { createHash } from 'node:crypto';
import { json, type Reply } from './reply';

export interface RateLimitOptions {
  /** Requests allowed per key and window. */
  limit: number;
  windowSeconds: number;
  /** Close's older form: flat 429 body with `rate_reset` as a string, `X-Rate-Limit-*` headers. */
  legacy?: boolean;
}

/** Fixed windows per key, aligned to the server's start. */
export class RateLimiter {
  private readonly windows = new Map<string, { index: number; count: number }>();
  private readonly origin: number;

  constructor(
    readonly options: RateLimitOptions,
    /** Milliseconds on a monotonic clock. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.origin = now();
  }

  /** Counts one request; says whether it may pass and what the headers should say. */
  take(key: string): { allowed: boolean; remaining: number; resetSeconds: number } {
    const windowMs = this.options.windowSeconds * 1000;
    const elapsed = this.now() - this.origin;
    const index = Math.floor(elapsed / windowMs);
    let window = this.windows.get(key);
    if (window?.index !== index) {
      window = { index, count: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(0.001, ((index + 1) * windowMs - elapsed) / 1000);
    if (window.count >= this.options.limit) return { allowed: false, remaining: 0, resetSeconds };
    window.count++;
    return { allowed: true, remaining: this.options.limit - window.count, resetSeconds };
  }
}

function seconds(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

const ENDPOINT_GROUP = createHash('md5').update('GET api/v1').digest('hex');

export function rateLimitHeaders(options: RateLimitOptions, remaining: number, resetSeconds: number): Record<string, string> {
  if (options.legacy) {
    return {
      'X-Rate-Limit-Limit': String(options.limit),
      'X-Rate-Limit-Remaining': String(remaining),
      'X-Rate-Limit-Reset': seconds(resetSeconds, 6),
    };
  }
  return { RateLimit: `limit=${options.limit}, remaining=${remaining}, reset=${seconds(resetSeconds, 3)}` };
}

export function tooManyRequests(options: RateLimitOptions, resetSeconds: number): Reply {
  const message = `API call count exceeded for this ${options.windowSeconds} second window`;
  const details = {
    message,
    rate_reset: Number(resetSeconds.toFixed(6)),
    rate_limit: options.limit,
    rate_window: options.windowSeconds,
    rate_limit_type: 'key',
    rate_endpoint_group: ENDPOINT_GROUP,
  };
  if (options.legacy) return json(429, { ...details, rate_reset: seconds(resetSeconds, 6) });
  return json(429, { error: details }, { 'Retry-After': String(Math.max(1, Math.ceil(resetSeconds))) });
}
