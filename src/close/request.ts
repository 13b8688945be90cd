// One GET of the Close API as the rest of the client sees it: authenticated, within the concurrency limit and
// the rate limit, retried as retryPolicy.ts decides, logged, and abortable at every wait. transport.ts sends
// each attempt (Node's http/https, required on the first request).
import type * as Http from 'http';
import { Semaphore } from './concurrency';
import { type Credentials, authorizationFor } from './endpoint';
import { PagingLimitError, abortError } from './errors';
import { type CertificateProbe, describeNetworkFailure } from './networkErrors';
import { RateLimitPacer } from './pacer';
import { type RateLimitInfo, parseRateLimitHeaders } from './rateLimit';
import { type RetryPolicy, type SuccessBytes, type Verdict, classifyAnswer, parseSuccess } from './retryPolicy';
import { ownAgents, sendOnce } from './transport';

/** One HTTP attempt, for the log. Never contains credentials. */
export interface RequestLogEntry {
  method: string;
  /** Path + query relative to the base URL, e.g. `opportunity/?_limit=100&_skip=0`. */
  url: string;
  status?: number;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** Why the attempt failed (never contains the key). */
  error?: string;
  /** When the attempt will be retried: how long the client waits first. */
  retryInMs?: number;
  /** Response body bytes received. */
  bytes?: number;
  /** The rate-limit window the server announced with this answer, if it did. */
  rateLimit?: RateLimitInfo;
}

/** What one public call cost; shared by all the requests it made. */
export interface CallStats {
  requests: number;
  bytes: number;
  responses429: number;
}

export function newStats(): CallStats {
  return { requests: 0, bytes: 0, responses429: 0 };
}

/**
 * 'bulk': pages and counts, paced within the rate limit; 'interactive': one object a user is waiting for
 * (hover, Show Details, the key check), with slots of its own and not held back by the pacing of paging.
 */
export type Lane = 'bulk' | 'interactive';

/** The client's options with their defaults applied (see CloseClientOptions). */
export interface RequesterSettings {
  userAgent: string;
  maxConcurrency: number;
  policy: RetryPolicy;
  maxSkip: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  onRequest?: (entry: RequestLogEntry) => void;
  onWarning?: (message: string) => void;
  sharedAgent: boolean;
  certificateProbe: CertificateProbe;
}

/** Requests of single objects (hover, Show Details, key check) have slots of their own, never queued behind paging. */
const INTERACTIVE_SLOTS = 4;

export class Requester {
  readonly #authorization: string;
  /** Takes every spelling of the secret (and any other credential) out of text, for messages and the log. */
  readonly #scrub: (text: string) => string;
  private readonly usesOAuth: boolean;
  readonly maxConcurrency: number;
  readonly onWarning?: (message: string) => void;
  #maxSkip: number;
  private readonly slots: Semaphore;
  private readonly interactiveSlots: Semaphore;
  private readonly agentFor: (url: URL) => Http.Agent | undefined;
  private readonly closeTransport: () => void;
  /** Shared by every request of this client (a 429 pauses them all). */
  private readonly pacer: RateLimitPacer;

  /** Throws INVALID_CREDENTIALS before anything is sent. */
  constructor(
    private readonly base: URL,
    credentials: Credentials,
    private readonly settings: RequesterSettings,
  ) {
    const authorization = authorizationFor(credentials);
    this.#authorization = authorization.header;
    this.#scrub = authorization.scrub;
    this.usesOAuth = authorization.usesOAuth;
    this.maxConcurrency = settings.maxConcurrency;
    this.onWarning = settings.onWarning;
    this.#maxSkip = settings.maxSkip;
    this.slots = new Semaphore(settings.maxConcurrency);
    this.interactiveSlots = new Semaphore(INTERACTIVE_SLOTS);
    if (settings.sharedAgent) {
      this.agentFor = () => undefined;
      this.closeTransport = () => {};
    } else {
      const own = ownAgents(settings.maxConcurrency + INTERACTIVE_SLOTS);
      this.agentFor = own.agentFor;
      this.closeTransport = own.close;
    }
    this.pacer = new RateLimitPacer(settings.sleep, Date.now, settings.policy.maxRateLimitWaitMs);
  }

  /** Largest `_skip` the server accepts for opportunities; lowered when a 400 names the server's own. */
  get maxSkip(): number {
    return this.#maxSkip;
  }

  /** Takes every spelling of the secret out of text (bound: it can be passed on). */
  readonly scrub = (text: string): string => this.#scrub(text);

  /** Closes keep-alive connections. Requests can still be made afterwards (they reconnect). */
  close(): void {
    this.closeTransport();
  }

  /**
   * GET with bounded retries; every pause (429, pacing, backoff) is abortable and holds no concurrency slot.
   * `interactive` requests only wait for a 429 of their own.
   */
  getJson<T>(path: string, params: URLSearchParams | undefined, signal: AbortSignal | undefined, stats: CallStats, lane: Lane = 'bulk'): Promise<T> {
    return this.get<T>(path, params, signal, stats, lane, false);
  }

  /** `getJson`, with the body left as bytes until `parseBytes` (for a page that waits its turn). */
  getBytes(path: string, params: URLSearchParams | undefined, signal: AbortSignal | undefined, stats: CallStats): Promise<SuccessBytes> {
    return this.get<SuccessBytes>(path, params, signal, stats, 'bulk', true);
  }

  /** The JSON of a body from `getBytes`, or the BadResponseError `getJson` would have thrown. */
  parseBytes(body: SuccessBytes): unknown {
    return parseSuccess(body.bytes.toString('utf8'), body.status, body.bytes.length, this.#scrub);
  }

  private async get<T>(path: string, params: URLSearchParams | undefined, signal: AbortSignal | undefined, stats: CallStats, lane: Lane, keepBytes: boolean): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    const query = params?.toString();
    const relative = query ? `${path}?${query}` : path;
    const url = new URL(relative, this.base);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const verdict = await this.attemptInSlot(url, relative, attempt, waited, signal, stats, lane, keepBytes);
      if (verdict.kind === 'success') return verdict.body as T;
      if (verdict.kind === 'fail') throw verdict.error;
      waited += verdict.waitMs;
      // After a 429 the pacer holds back every bulk request, this one included.
      const delayMs = lane === 'bulk' && verdict.pauseClientMs !== undefined ? 0 : verdict.waitMs;
      if (delayMs > 0) await this.settings.sleep(delayMs, signal);
    }
  }

  /** One attempt holding a slot of its lane; the pacer's waits happen before the slot is taken. */
  private async attemptInSlot(
    url: URL,
    relative: string,
    attempt: number,
    waitedMs: number,
    signal: AbortSignal | undefined,
    stats: CallStats,
    lane: Lane,
    keepBytes: boolean,
  ): Promise<Verdict> {
    const slots = lane === 'interactive' ? this.interactiveSlots : this.slots;
    for (;;) {
      if (lane === 'bulk') await this.pacer.waitTurn(signal);
      await slots.acquire(signal);
      // A 429 may have paused everyone while this one waited for its slot.
      if (lane === 'interactive' || !this.pacer.mustWait()) break;
      slots.release();
    }
    try {
      return await this.attempt(url, relative, attempt, waitedMs, signal, stats, this.pacer.take(), keepBytes);
    } finally {
      slots.release();
    }
  }

  /** Sends once, learns the rate-limit window from the answer, logs it, and returns the policy's verdict. */
  private async attempt(
    url: URL,
    relative: string,
    attempt: number,
    waitedMs: number,
    signal: AbortSignal | undefined,
    stats: CallStats,
    ticket: { seq: number; sentAt: number },
    keepBytes: boolean,
  ): Promise<Verdict> {
    const { policy } = this.settings;
    stats.requests++;
    const started = performance.now();
    const { failure, ...answer } = await sendOnce(url, {
      headers: { authorization: this.#authorization, 'user-agent': this.settings.userAgent, accept: 'application/json' },
      signal,
      timeoutMs: policy.timeoutMs,
      maxBytes: policy.maxResponseBytes,
      keepBytes,
      agent: this.agentFor(url),
    });
    const { status, headers, received } = answer;
    stats.bytes += received;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const log = (entry: Partial<RequestLogEntry>) =>
      this.settings.onRequest?.({
        method: 'GET',
        url: this.scrub(relative),
        status,
        durationMs,
        attempt,
        bytes: received,
        rateLimit: status !== undefined ? parseRateLimitHeaders(headers) : undefined,
        ...entry,
      });
    if (status !== undefined) this.pacer.observe(ticket.seq, ticket.sentAt, headers);

    if (signal?.aborted) {
      log({ error: 'aborted' });
      throw abortError(signal);
    }
    const failedToConnect = failure !== undefined && !answer.bodyCut && !answer.timedOut;
    const network = failedToConnect ? await describeNetworkFailure(this.base, failure, this.settings.certificateProbe) : undefined;
    const verdict = classifyAnswer({ ...answer, network }, policy, {
      relative,
      host: this.base.host,
      usesOAuth: this.usesOAuth,
      scrub: this.#scrub,
      attempt,
      waitedMs,
      random: this.settings.random,
      now: Date.now(),
    });
    if (verdict.kind !== 'success') {
      if (verdict.rateLimited) stats.responses429++;
      // One pause for the whole client: every request waits, not just this one.
      if (verdict.pauseClientMs !== undefined) this.pacer.pause(verdict.pauseClientMs);
    }
    log(verdict.note);
    if (verdict.kind === 'fail' && verdict.error instanceof PagingLimitError) this.#maxSkip = verdict.error.maxSkip;
    return verdict;
  }
}
