// Paging one list of opportunities (the root, or one group) and keeping loads of an old filter out of
// the current one. Pure: no 'vscode' here.
import { isAbortError } from '../../close/errors';
import type { OpportunityRow } from './rows';

/**
 * One load per filter (or refresh): starting a new one aborts the previous one, and a late answer of an
 * aborted load must never be applied (`isCurrent()` is false for it).
 */
export class LoadGenerations {
  private generation = 0;
  private controller: AbortController | undefined;

  begin(): LoadToken {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    return {
      generation,
      signal: controller.signal,
      isCurrent: () => generation === this.generation && !controller.signal.aborted,
    };
  }

  /** Aborts the current load without starting another (sign-out, dispose). */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.generation++;
  }

  get current(): number {
    return this.generation;
  }
}

export interface LoadToken {
  readonly generation: number;
  readonly signal: AbortSignal;
  isCurrent(): boolean;
}

/** One fetched page as the pager needs it. */
export interface FetchedPage {
  rows: OpportunityRow[];
  /** The server's total_results for this list, when the response carries it. */
  total?: number;
  /** Whether the server has more after this page. */
  hasMore: boolean;
  /** How far `_skip` moves for the next page (usually the page size asked for). */
  advancedBy: number;
}

export type FetchPage = (skip: number, limit: number, signal: AbortSignal) => Promise<FetchedPage>;

/**
 * A list that grows page by page ("Load more"). A failed page keeps every row already loaded and
 * remembers the error until `loadMore()` is tried again; an id seen twice (offset paging over data that
 * changed) is shown once.
 */
export class OpportunityPager {
  private readonly loadedRows: OpportunityRow[] = [];
  private readonly seen = new Set<string>();
  private skip = 0;
  private more = true;
  private serverTotal: number | undefined;
  private lastError: unknown;
  private inFlight: Promise<void> | undefined;
  private pages = 0;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly pageSize: number,
    private readonly signal: AbortSignal,
    knownTotal?: number,
    /** Called after every change (rows added, error, loading started/finished) of a current load. */
    private readonly changed: () => void = () => undefined,
  ) {
    this.serverTotal = knownTotal;
    if (knownTotal === 0) this.more = false;
  }

  get rows(): readonly OpportunityRow[] {
    return this.loadedRows;
  }

  get total(): number | undefined {
    return this.serverTotal;
  }

  get hasMore(): boolean {
    return this.more;
  }

  get error(): unknown {
    return this.lastError;
  }

  get loading(): boolean {
    return this.inFlight !== undefined;
  }

  /** True once the first page answered (or failed). */
  get started(): boolean {
    return this.pages > 0 || this.lastError !== undefined;
  }

  /** Fetches the next page; concurrent calls share one request. Never rejects: errors land in `error`. */
  loadMore(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.more || this.signal.aborted) return Promise.resolve();
    this.lastError = undefined;
    const run = this.fetchPage(this.skip, this.pageSize, this.signal).then(
      (page) => {
        if (this.signal.aborted) return;
        for (const row of page.rows) {
          if (this.seen.has(row.id)) continue;
          this.seen.add(row.id);
          this.loadedRows.push(row);
        }
        this.pages++;
        this.skip += page.advancedBy;
        if (page.total !== undefined) this.serverTotal = page.total;
        this.more = page.hasMore && page.advancedBy > 0;
      },
      (error: unknown) => {
        if (this.signal.aborted || isAbortError(error)) return;
        this.lastError = error;
      },
    );
    const tracked = run.finally(() => {
      this.inFlight = undefined;
      if (!this.signal.aborted) this.changed();
    });
    this.inFlight = tracked;
    this.changed();
    return tracked;
  }
}
