// What to do with one answer from Close: use it, try again after a wait, or fail with the error the user
// reads. A pure function of the answer and the call so far (the random source and the clock are inputs), so
// the whole policy — 429, 502/503/504, timeouts, broken connections, retry limits — is tested without HTTP
// (test/unit/close/retryPolicy.test.ts). request.ts sends, describes a failed connection, and acts on the verdict.
import { type CloseError, BadResponseError, NetworkError, RateLimitError, ServerError, TimeoutError } from './errors';
import type { DescribedFailure } from './networkErrors';
import { rateLimitDelay, retryAfterDelay } from './rateLimit';
import { type StatusContext, excerpt, path, serverMessage, statusError } from './responseErrors';
import type { RawAnswer } from './transport';

/** The client's limits, from its options (see CloseClientOptions for what each means and its default). */
export interface RetryPolicy {
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  maxRateLimitWaitMs: number;
  maxRetryTotalMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** One attempt's answer as transport.ts gives it, with a failed connection already put in words. */
export interface Answer extends Omit<RawAnswer, 'failure'> {
  /** The connection failed before a whole response arrived (not a timeout, not a body cut short). */
  network?: DescribedFailure;
}

/** The call this answer belongs to, and what the classification may use. */
export interface AnswerContext extends StatusContext {
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** What this call already waited between its attempts. */
  waitedMs: number;
  /** Jitter source, in [0, 1). */
  random: () => number;
  /** For a `Retry-After` given as a date. */
  now: number;
}

/** For the request log: why the attempt failed, and how long until the next one. */
export interface AttemptNote {
  error?: string;
  retryInMs?: number;
}

export type Verdict =
  | { kind: 'success'; body: unknown; note: AttemptNote }
  | {
      kind: 'retry';
      /** How long this call waits before the next attempt. */
      waitMs: number;
      /** A 429: every request of the client pauses this long, not just this one. */
      pauseClientMs?: number;
      /** The answer was a 429. */
      rateLimited?: boolean;
      note: AttemptNote;
    }
  | { kind: 'fail'; error: CloseError; pauseClientMs?: number; rateLimited?: boolean; note: AttemptNote };

const RATE_LIMIT_JITTER_MS = 100;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** A 2xx body kept as bytes, parsed when it is needed (`parseSuccess`). */
export interface SuccessBytes {
  status: number;
  bytes: Buffer;
}

/** A 2xx body's JSON, or a BadResponseError that shows the start of what came instead. */
export function parseSuccess(text: string, status: number, received: number, scrub: (text: string) => string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const cut = excerpt(text, scrub);
    throw new BadResponseError(`Close sent a response that is not valid JSON (status ${status}, ${received} bytes): ${cut || '(empty)'}`, status, cut);
  }
}

/**
 * The verdict on one answer, checked in this order: our timeout (not retried); a body over
 * `maxResponseBytes`; a failed connection (retried when transient); a body cut short (retried); a 2xx
 * (its JSON, or a BadResponseError); a 429 (every request pauses for the wait Close asks, plus up to
 * 100 ms of jitter; a wait over `maxRateLimitWaitMs` fails at once); 502/503/504 (exponential backoff, or
 * a `Retry-After` when the answer has one); any other status fails with its error. A retry becomes a
 * failure once the attempts exceed `maxRetries` or the waits of the call `maxRetryTotalMs`.
 */
export function classifyAnswer(answer: Answer, policy: RetryPolicy, context: AnswerContext): Verdict {
  const { attempt, scrub } = context;
  const where = `GET ${path(context.relative)}`;
  if (answer.timedOut) return fail(new TimeoutError(`Close did not answer within ${seconds(policy.timeoutMs)} (${where}). Check your connection and try again.`));
  if (answer.tooLarge) {
    return fail(
      new BadResponseError(
        `Close sent more than ${Math.round(policy.maxResponseBytes / 1024 / 1024)} MB in answer to ${where}; the rest was not read.`,
        answer.status!,
        '',
      ),
    );
  }

  const network = answer.network;
  if (network) {
    const message = scrub(network.message);
    if (!network.transient) return fail(new NetworkError(`${message.endsWith('.') ? message : `${message}.`} ${network.hint}`, network.reason));
    const finalError = () => new NetworkError(`${message.replace(/\.$/, '')}, after ${attempt} attempts. ${network.hint}`, network.reason);
    return retryOrFail(backoff(attempt, policy, context.random), message, finalError, policy, context);
  }
  const { status, text } = answer;
  if (answer.bodyCut) {
    // The connection dropped mid-body: worth another try, like a reset.
    const message = `The response from Close was cut short (status ${status}, ${answer.received} bytes)`;
    const finalError = () => new BadResponseError(`${message}: ${excerpt(text, scrub)}`, status!, excerpt(text, scrub));
    return retryOrFail(backoff(attempt, policy, context.random), message, finalError, policy, context);
  }

  const statusCode = status!;
  if (statusCode >= 200 && statusCode < 300) {
    if (answer.bytes) return { kind: 'success', body: { status: statusCode, bytes: answer.bytes } satisfies SuccessBytes, note: {} };
    try {
      return { kind: 'success', body: parseSuccess(text, statusCode, answer.received, scrub), note: {} };
    } catch (error) {
      return fail(error as BadResponseError);
    }
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (statusCode === 429) {
    const delay = rateLimitDelay(answer.headers, body, context.now);
    const waitMs = delay.ms + Math.round(context.random() * RATE_LIMIT_JITTER_MS);
    const error = new RateLimitError(`Close is limiting the request rate (429) and still was after ${attempt} attempts. Try again in ${seconds(delay.ms)}.`, delay.ms);
    const note = { error: `rate limited (${delay.source})` };
    if (delay.ms > policy.maxRateLimitWaitMs || attempt > policy.maxRetries) return { kind: 'fail', error, rateLimited: true, note };
    // The pause is taken even when this call gives up: the server asked every request to wait.
    const paused = { pauseClientMs: waitMs, rateLimited: true, note: { ...note, retryInMs: waitMs } };
    if (context.waitedMs + waitMs > policy.maxRetryTotalMs) return { kind: 'fail', error, ...paused };
    return { kind: 'retry', waitMs, ...paused };
  }
  if (RETRYABLE_STATUS.has(statusCode)) {
    // Only Retry-After speaks of the outage; a RateLimit header's reset is about the request rate.
    const retryAfter = retryAfterDelay(answer.headers, context.now);
    const said = serverMessage(body, scrub);
    const message = `Close is unavailable (${statusCode}${said ? `: ${said}` : ''})`;
    if (retryAfter !== undefined && retryAfter > policy.maxRateLimitWaitMs) {
      // Like a 429 asking for too long: waiting minutes per retry, holding a slot, helps nobody.
      return {
        kind: 'fail',
        error: new ServerError(`${message}, and it asks to wait ${seconds(retryAfter)}. Try again later.`, statusCode),
        note: { error: message },
      };
    }
    const waitMs = retryAfter ?? backoff(attempt, policy, context.random);
    return retryOrFail(waitMs, message, () => new ServerError(`${message}, after ${attempt} attempts. Try again later.`, statusCode), policy, context);
  }
  return fail(statusError(statusCode, body, text, context));
}

/** Exponential backoff with jitter: base × 2^(attempt−1), capped, between half and all of it. */
export function backoff(attempt: number, policy: Pick<RetryPolicy, 'retryBaseDelayMs' | 'maxRetryDelayMs'>, random: () => number): number {
  const full = Math.min(policy.maxRetryDelayMs, policy.retryBaseDelayMs * 2 ** (attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** "150 ms", "2.5 s". */
function seconds(ms: number): string {
  if (!Number.isFinite(ms)) return 'a while';
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function fail(error: CloseError): Verdict {
  return { kind: 'fail', error, note: { error: error.message } };
}

/** A retry after `waitMs`, or `finalError` when the call is out of attempts or of waiting time. */
function retryOrFail(waitMs: number, message: string, finalError: () => CloseError, policy: RetryPolicy, context: AnswerContext): Verdict {
  const { attempt } = context;
  const note = { error: message, retryInMs: attempt <= policy.maxRetries ? waitMs : undefined };
  if (attempt > policy.maxRetries || context.waitedMs + waitMs > policy.maxRetryTotalMs) return { kind: 'fail', error: finalError(), note };
  return { kind: 'retry', waitMs, note };
}
