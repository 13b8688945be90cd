// Errors the Close client raises. Each has a stable `code` and a message a user can act on; none ever
// contains the API key (messages are built from server text and request paths only).
import type { NetworkFailureReason } from './networkErrors';
import { type Translate, untranslated as english } from './translate';

/** Base class of every error the Close client raises. */
export class CloseError extends Error {
  /** Stable identifier, e.g. `UNAUTHORIZED`, `RATE_LIMITED`. */
  readonly code: string;
  /** HTTP status when the server answered. */
  readonly status?: number;

  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** The filter cannot be sent: thrown before any request. */
export class FilterValidationError extends CloseError {
  /** The filter field at fault, e.g. `date_won.gte` or `status_type`. */
  readonly field: string;
  /** The values that field accepts, when it is an enum. */
  readonly accepted?: readonly string[];

  constructor(field: string, message: string, accepted?: readonly string[]) {
    super('INVALID_FILTER', message);
    this.field = field;
    this.accepted = accepted;
  }
}

/** 400: Close refused the request; the message is the server's `error`, or `errors` and `field-errors`. */
export class BadRequestError extends CloseError {
  readonly errors: readonly string[];
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(message: string, errors: readonly string[] = [], fieldErrors: Record<string, string> = {}) {
    super('BAD_REQUEST', message, 400);
    this.errors = errors;
    this.fieldErrors = fieldErrors;
  }
}

/** 401: the key (or token) was refused. */
export class AuthError extends CloseError {
  constructor(message: string, status = 401) {
    super('UNAUTHORIZED', message, status);
  }
}

/** 404: what was asked for does not exist in this organization. */
/** What a 404 says is missing: a filter's object (a deleted Smart View, an unknown status), by its filter field. */
export interface MissingFilterObject {
  /** The filter field that names it, e.g. `lead_saved_search_id`, `status_id`. */
  field: 'lead_saved_search_id' | 'status_id' | 'user_id' | 'lead_id' | 'organization_id';
  /** The value(s) of that field in the filter sent. */
  value: string;
}

export class NotFoundError extends CloseError {
  constructor(
    message: string,
    /** The model Close named in its answer ("SavedSearch" in "Empty query: SavedSearch matching query does not exist."). */
    readonly model?: string,
    /** Set when the missing object is one the filter names: clearing that filter field helps. */
    readonly missing?: MissingFilterObject,
  ) {
    super('NOT_FOUND', message, 404);
  }
}

/** 429 still answered after the bounded retries. */
export class RateLimitError extends CloseError {
  /** How long the server last asked us to wait. */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super('RATE_LIMITED', message, 429);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx (after retries where the request was retryable) or any other unexpected status. */
export class ServerError extends CloseError {
  constructor(message: string, status: number) {
    super('SERVER_ERROR', message, status);
  }
}

/** The connection failed (reset, refused, DNS) after retries. */
export class NetworkError extends CloseError {
  /** The likely cause: name resolution, connecting, the proxy, the TLS certificate, a dropped connection. */
  readonly reason: NetworkFailureReason;
  constructor(message: string, reason: NetworkFailureReason = 'other') {
    super('NETWORK_ERROR', message);
    this.reason = reason;
  }
}

/** No complete answer within the request timeout. */
export class TimeoutError extends CloseError {
  constructor(message: string) {
    super('TIMEOUT', message);
  }
}

/** The body was not the JSON we expected (malformed or cut short). */
export class BadResponseError extends CloseError {
  /** At most 120 characters of what arrived. */
  readonly excerpt: string;

  constructor(message: string, status: number, excerpt: string) {
    super('BAD_RESPONSE', message, status);
    this.excerpt = excerpt;
  }
}

/** Refused to send credentials over plain http to a host that is not this machine. */
export class InsecureTransportError extends CloseError {
  constructor(message: string) {
    super('INSECURE_TRANSPORT', message);
  }
}

/** The filter matches more opportunities than Close lets one page through (`_skip` is capped per resource). */
export class PagingLimitError extends CloseError {
  readonly maxSkip: number;
  /** How many the filter matches, when known. */
  readonly total?: number;

  constructor(maxSkip: number, total?: number) {
    super(
      'PAGING_LIMIT',
      `Close lists at most ${maxSkip.toLocaleString('en-US')} opportunities of one filter page by page` +
        (total !== undefined ? `, and this filter matches ${total.toLocaleString('en-US')}` : '') +
        '. Narrow the filter (for example with a date range) to see the rest.',
      400,
    );
    this.maxSkip = maxSkip;
    this.total = total;
  }
}

/** The groups a too-wide span would have to be counted as, one request each (more than are ever sent). */
export interface UncountedGroups {
  /** How many groups the span holds (undefined when the server's dates could not be read). */
  count?: number;
  /** The most groups counted one by one. */
  max: number;
  /** The earliest and latest `date_won` the server answered (`YYYY-MM-DD`), when grouping by a date. */
  first?: string;
  last?: string;
}

/** What a GroupingLimitError knows: the server's total, what paging reaches, and the groups left uncounted. */
export interface GroupingLimit {
  /** How many the server says the filter matches. */
  total: number;
  /** The most opportunities paging can reach (the last page starts at the server's maximum `_skip`). */
  reach: number;
  uncounted?: UncountedGroups;
}

/** Why grouping stopped, in the user's language (`t`) with numbers in their format (`locale`). */
export function groupingLimitText({ total, reach, uncounted }: GroupingLimit, locale?: string, t: Translate = english): string {
  const n = (x: number) => new Intl.NumberFormat(locale || 'en-US').format(x);
  if (uncounted?.count !== undefined && uncounted.first && uncounted.last) {
    return t(
      'Grouping stopped: Close says {0} opportunities match, with close dates between {1} and {2}. That is {3} groups, more than the {4} counted one by one, and more opportunities than the {5} that can be listed page by page. Narrow the filter, for example with a close date range.',
      n(total),
      uncounted.first,
      uncounted.last,
      n(uncounted.count),
      n(uncounted.max),
      n(reach),
    );
  }
  if (uncounted?.count !== undefined) {
    return t(
      'Grouping stopped: Close says {0} opportunities match, in {1} groups. That is more groups than the {2} counted one by one, and more opportunities than the {3} that can be listed page by page. Narrow the filter, for example with a close date range.',
      n(total),
      n(uncounted.count),
      n(uncounted.max),
      n(reach),
    );
  }
  return t(
    'Grouping stopped: Close says {0} opportunities match, more than the {1} that can be listed page by page to find their groups. Narrow the filter, for example with a close date range.',
    n(total),
    n(reach),
  );
}

/**
 * Grouping stopped before it began: the groups could not be counted one by one (too many, or they did not add
 * up), and the filter matches more opportunities than paging can reach to find them.
 */
export class GroupingLimitError extends CloseError implements GroupingLimit {
  readonly total: number;
  readonly reach: number;
  readonly uncounted?: UncountedGroups;

  constructor(total: number, reach: number, uncounted?: UncountedGroups) {
    super('GROUPING_LIMIT', groupingLimitText({ total, reach, uncounted }));
    this.total = total;
    this.reach = reach;
    this.uncounted = uncounted;
  }
}

/** The error an aborted call rejects with (`name === 'AbortError'`, like fetch). */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

/** True for the error an aborted call rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Waits for a promise others share: `signal` ends this caller's wait only, not the work itself. */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
