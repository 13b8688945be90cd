// Reading Close's rate-limit signals (docs/architecture.md, The Close API client). Pure functions over headers and bodies.

/** Response headers as Node gives them: lower-case names, a value or a list of values. */
export type HeaderMap = Record<string, string | string[] | undefined>;

export function header(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** What the server says about the current window. */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets (may be fractional). */
  resetSeconds?: number;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/**
 * The window from `RateLimit: limit=40, remaining=39, reset=0.75` (fractional reset accepted), else from
 * the legacy `X-Rate-Limit-Limit` / `-Remaining` / `-Reset` headers. Undefined when neither is present.
 */
export function parseRateLimitHeaders(headers: HeaderMap): RateLimitInfo | undefined {
  const combined = header(headers, 'ratelimit');
  if (combined) {
    const info: RateLimitInfo = {};
    for (const match of combined.matchAll(/(limit|remaining|reset)\s*=\s*"?(\d+(?:\.\d+)?)"?/gi)) {
      info[match[1].toLowerCase() === 'limit' ? 'limit' : match[1].toLowerCase() === 'remaining' ? 'remaining' : 'resetSeconds'] = Number(match[2]);
    }
    if (info.limit !== undefined || info.remaining !== undefined || info.resetSeconds !== undefined) return info;
  }
  const limit = seconds(header(headers, 'x-rate-limit-limit'));
  const remaining = seconds(header(headers, 'x-rate-limit-remaining'));
  const resetSeconds = seconds(header(headers, 'x-rate-limit-reset'));
  if (limit === undefined && remaining === undefined && resetSeconds === undefined) return undefined;
  return { limit, remaining, resetSeconds };
}

/** Where a 429 wait came from, in the order they are consulted. */
export type RetryDelaySource = 'rate_reset' | 'RateLimit' | 'Retry-After' | 'X-Rate-Limit-Reset' | 'RateLimit-Reset' | 'default';

export const DEFAULT_RATE_LIMIT_DELAY_MS = 2000;

/** `rate_reset` of a 429 body, wrapped in `error` or flat, a number or a numeric string, in seconds. */
export function bodyRateReset(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : undefined;
  for (const value of [inner?.rate_reset, record.rate_reset]) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    if (typeof value === 'string') {
      const parsed = seconds(value);
      if (parsed !== undefined) return parsed;
    }
  }
  return undefined;
}

/** The `Retry-After` header in ms (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterDelay(headers: HeaderMap, now = Date.now()): number | undefined {
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const secs = seconds(value);
  if (secs !== undefined) return Math.ceil(secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * How long to wait after a 429 before retrying, without jitter: the body's `rate_reset`, else the
 * `RateLimit` header's `reset=`, else `Retry-After` (seconds or an HTTP date), else `X-Rate-Limit-Reset`,
 * else `RateLimit-Reset`, else 2 s.
 */
export function rateLimitDelay(headers: HeaderMap, body: unknown, now = Date.now()): { ms: number; source: RetryDelaySource } {
  const fromBody = bodyRateReset(body);
  if (fromBody !== undefined) return { ms: Math.ceil(fromBody * 1000), source: 'rate_reset' };
  const combined = header(headers, 'ratelimit');
  const match = combined ? /reset\s*=\s*"?(\d+(?:\.\d+)?)/i.exec(combined) : null;
  if (match) return { ms: Math.ceil(Number(match[1]) * 1000), source: 'RateLimit' };
  const retryAfter = retryAfterDelay(headers, now);
  if (retryAfter !== undefined) return { ms: retryAfter, source: 'Retry-After' };
  const legacy = seconds(header(headers, 'x-rate-limit-reset'));
  if (legacy !== undefined) return { ms: Math.ceil(legacy * 1000), source: 'X-Rate-Limit-Reset' };
  const draft = seconds(header(headers, 'ratelimit-reset'));
  if (draft !== undefined) return { ms: Math.ceil(draft * 1000), source: 'RateLimit-Reset' };
  return { ms: DEFAULT_RATE_LIMIT_DELAY_MS, source: 'default' };
}
