// Proactive pacing within Close's rate limit: requests the server already told us it would refuse (its
// window's `remaining` is used up) wait for the window to reset, and a 429 pauses every request of the client.
import { abortError } from './errors';
import { type HeaderMap, parseRateLimitHeaders } from './rateLimit';

/** Wait this long after a window's estimated end before sending into the next one. */
const MARGIN_MS = 15;
/** Estimates of one window's end differ by how long requests took to arrive; windows are ≥ 1 s apart. */
const SAME_WINDOW_MS = 250;
/** A request sent this shortly before a window's end may arrive after it and count in the next window. */
const ARRIVAL_SLACK_MS = 50;

/**
 * The server counts a request when it arrives and answers `remaining` and `reset` (seconds to the window's
 * end) as of then. We only know when we sent it, so `sentAt + reset` is a lower bound of the window's end;
 * the largest one seen for a window is the best estimate. `remaining` minus what we sent after that request
 * is what is left (taking the smallest such figure, since requests may arrive out of order).
 */
export class RateLimitPacer {
  private sent = 0;
  private sendTimes: number[] = [];
  private limit: number | undefined;
  /** Requests we may still send in the current window; undefined while the server has not told us. */
  private allowance: number | undefined;
  /** Estimated end of the current window; undefined when unknown. */
  private windowEnd: number | undefined;
  /** End of the previous window (start of the current one), when known. */
  private windowStart: number | undefined;
  private pausedUntil = 0;

  constructor(
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
    private readonly now: () => number = Date.now,
    /** A window said to end further away than this is not believed (a broken proxy's `reset=100000`). */
    private readonly maxWaitMs = 60_000,
  ) {}

  /** Waits until a request may be sent (429 pause, or the window used up), without counting one. */
  async waitTurn(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const now = this.now();
      if (this.pausedUntil > now) {
        const until = this.pausedUntil;
        await this.sleep(until - now, signal);
        if (this.pausedUntil === until) {
          this.pausedUntil = 0;
          if (this.windowEnd !== undefined && this.windowEnd <= until) this.rollOver();
        }
        continue;
      }
      if (this.windowEnd !== undefined && now >= this.windowEnd + MARGIN_MS) this.rollOver();
      if (this.allowance !== undefined && this.allowance <= 0 && this.windowEnd !== undefined) {
        const end = this.windowEnd;
        await this.sleep(end + MARGIN_MS - now, signal);
        if (this.windowEnd === end) this.rollOver();
        continue;
      }
      return;
    }
  }

  /** True when a request sent now would have to wait first (a pause or a used-up window began meanwhile). */
  mustWait(): boolean {
    const now = this.now();
    if (this.pausedUntil > now) return true;
    return this.allowance !== undefined && this.allowance <= 0 && this.windowEnd !== undefined && now < this.windowEnd + MARGIN_MS;
  }

  /** Counts a request as sent now. */
  take(): { seq: number; sentAt: number } {
    // With the window's end unknown and our own count used up we send anyway: a 429 tells us the rest.
    if (this.allowance !== undefined) this.allowance--;
    const sentAt = this.now();
    this.sent++;
    this.sendTimes.push(sentAt);
    if (this.sendTimes.length > 4096) this.sendTimes = this.sendTimes.slice(-2048);
    return { seq: this.sent, sentAt };
  }

  /** Learns from a response's rate-limit headers (any status). */
  observe(seq: number, sentAt: number, headers: HeaderMap): void {
    const info = parseRateLimitHeaders(headers);
    if (!info) return;
    // Holding every request back for hours on one header's word would look like a hang: send, and let a 429 say more.
    if (info.resetSeconds !== undefined && info.resetSeconds * 1000 > this.maxWaitMs) info.resetSeconds = undefined;
    if (info.limit !== undefined) this.limit = info.limit;
    // Requests sent after this one had not been counted when the server answered it.
    const left = info.remaining !== undefined ? info.remaining - (this.sent - seq) : undefined;
    if (info.resetSeconds === undefined) {
      if (left !== undefined) this.allowance = Math.min(this.allowance ?? left, left);
      return;
    }
    const end = sentAt + info.resetSeconds * 1000;
    const known = this.windowEnd ?? this.windowStart;
    if (known === undefined || end > known + SAME_WINDOW_MS) {
      // A window newer than the one we knew of.
      if (this.windowEnd !== undefined) this.windowStart = this.windowEnd;
      this.windowEnd = end;
      const sinceStart = this.windowStart !== undefined && this.limit !== undefined ? this.limit - this.sentSince(this.windowStart - ARRIVAL_SLACK_MS) : undefined;
      this.allowance = minDefined(left, sinceStart);
    } else if (this.windowEnd !== undefined && end >= this.windowEnd - SAME_WINDOW_MS) {
      this.windowEnd = Math.max(this.windowEnd, end);
      if (left !== undefined) this.allowance = Math.min(this.allowance ?? left, left);
    }
    // Otherwise it describes a window that is already over: nothing to learn.
    if (this.pausedUntil > this.now()) {
      this.allowance = 0;
      this.windowEnd = Math.max(this.windowEnd ?? 0, this.pausedUntil);
    }
  }

  /** After a 429: nobody sends until `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.allowance = 0;
    this.windowEnd = this.pausedUntil;
  }

  /** The estimated window ended: what was sent since (or just before) counts against the new one. */
  private rollOver(): void {
    this.windowStart = this.windowEnd;
    this.windowEnd = undefined;
    this.allowance = this.limit !== undefined && this.windowStart !== undefined ? this.limit - this.sentSince(this.windowStart - ARRIVAL_SLACK_MS) : undefined;
  }

  private sentSince(time: number): number {
    let low = 0;
    let high = this.sendTimes.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sendTimes[mid] < time) low = mid + 1;
      else high = mid;
    }
    return this.sendTimes.length - low;
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
