// Opportunities looked up by id for hovers: a TTL cache whose in-flight requests are shared, so fifty
// hovers of one id cost one request. vscode-free (benchmarked in plain Node).
import { abortError, NotFoundError } from '../../close/errors';
import type { Opportunity } from '../../close/types';

export type OpportunityLoader = (id: string, signal: AbortSignal) => Promise<Opportunity>;

export interface OpportunityCacheOptions {
  /** How long an answer stays fresh, default 60 s. */
  ttlMs?: number;
  /** Entries kept at most (oldest dropped first), default 500. */
  maxEntries?: number;
  now?: () => number;
}

type Settled = { until: number } & ({ opportunity: Opportunity } | { notFound: NotFoundError });

interface InFlight {
  promise: Promise<Opportunity>;
  controller: AbortController;
  waiters: number;
}

/**
 * Answers and 404s are kept for `ttlMs`; other failures are not kept (the next hover tries again).
 * A caller that gives up (its signal aborts) gets an AbortError at once and leaves the shared request
 * running for the others; the request itself is aborted only when no caller waits for it any more.
 */
export class OpportunityCache {
  private readonly settled = new Map<string, Settled>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Bumped by `clear()`: answers of requests started before it are not kept. */
  private generation = 0;

  constructor(
    private readonly load: OpportunityLoader,
    options: OpportunityCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** The fresh cached opportunity, synchronously (undefined when absent, stale or a 404). */
  peek(id: string): Opportunity | undefined {
    const entry = this.fresh(id);
    return entry && 'opportunity' in entry ? entry.opportunity : undefined;
  }

  /** The opportunity; rejects with NotFoundError for a 404, AbortError when `signal` aborts first. */
  get(id: string, signal?: AbortSignal): Promise<Opportunity> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const entry = this.fresh(id);
    if (entry) return 'opportunity' in entry ? Promise.resolve(entry.opportunity) : Promise.reject(entry.notFound);
    const flight = this.inFlight.get(id) ?? this.start(id);
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<Opportunity>((resolve, reject) => {
      const leave = (): void => {
        flight.waiters--;
        if (flight.waiters === 0 && this.inFlight.get(id) === flight) {
          this.inFlight.delete(id);
          flight.controller.abort();
        }
        reject(abortError(signal));
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }

  /** Forgets everything (connection changed, the user refreshed). Requests in flight are not kept. */
  clear(): void {
    this.generation++;
    this.settled.clear();
    this.inFlight.clear();
  }

  /** Number of requests currently shared (for tests and the benchmark). */
  get pending(): number {
    return this.inFlight.size;
  }

  private fresh(id: string): Settled | undefined {
    const entry = this.settled.get(id);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry;
    this.settled.delete(id);
    return undefined;
  }

  private start(id: string): InFlight {
    const controller = new AbortController();
    const generation = this.generation;
    const promise = this.load(id, controller.signal).then(
      (opportunity) => {
        this.finish(id, generation, flight, { until: this.now() + this.ttlMs, opportunity });
        return opportunity;
      },
      (error: unknown) => {
        const keep = error instanceof NotFoundError ? { until: this.now() + this.ttlMs, notFound: error } : undefined;
        this.finish(id, generation, flight, keep);
        throw error;
      },
    );
    // Callers with a signal attach their own handlers; this one keeps an unobserved rejection quiet.
    promise.catch(() => undefined);
    const flight: InFlight = { promise, controller, waiters: 0 };
    this.inFlight.set(id, flight);
    return flight;
  }

  private finish(id: string, generation: number, flight: InFlight, entry: Settled | undefined): void {
    if (this.inFlight.get(id) === flight) this.inFlight.delete(id);
    if (!entry || generation !== this.generation) return;
    this.settled.delete(id);
    this.settled.set(id, entry);
    while (this.settled.size > this.maxEntries) {
      const oldest = this.settled.keys().next().value!;
      this.settled.delete(oldest);
    }
  }
}
