// The last results of the most recent filters, kept on disk so the tree and the summary can show them,
// marked as old, at start until Close answers and when Close cannot be reached. Pure and vscode-free (the file access is passed in), so the
// bounds are unit-tested in plain Node. Only what the tree shows is kept: never the key.
import type { GroupSummary } from '../../close/client';
import { NetworkError, TimeoutError } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import { isOpportunityId } from '../../close/ids';
import { toQueryParams } from '../../close/query';
import { addressWithoutCredentials } from '../../close/scrub';
import type { Aggregates, Pipeline } from '../../close/types';

/** What one successful load showed: the first page (or the groups) and the filter's totals. */
export interface OfflineSnapshot {
  /** When it was loaded (ms since the epoch). */
  at: number;
  totals: Aggregates;
  /** The first page of an ungrouped filter: the tree's rows as it gave them (views/tree/rows.ts), kept as they are. */
  rows?: { id: string }[];
  /** The groups of a grouped filter (their counts and values; their opportunities are not kept). */
  groups?: GroupSummary[];
  /** The organization's currency then (ISO code), so kept amounts read in it before Close says it again. */
  currency?: string;
  /** The pipelines status and pipeline groups were counted with: the next load counts with them while Close's are asked. */
  pipelines?: Pipeline[];
}

export interface OfflineLimits {
  /** Filters kept; the least recently used goes first. */
  filters: number;
  /** Rows kept per filter (the first page is at most 100). */
  rows: number;
  /** Groups kept per filter. */
  groups: number;
  /** Characters of the whole file (JSON); least recently used filters go until it fits. */
  chars: number;
}

export const DEFAULT_OFFLINE_LIMITS: OfflineLimits = { filters: 10, rows: 100, groups: 500, chars: 2_000_000 };

/** Where the store lives (a file in the extension's global storage). */
export interface OfflineFile {
  /** The file's text, undefined when there is none. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
  remove(): Promise<void>;
}

interface Entry {
  key: string;
  /** Last time it was saved or shown (for least-recently-used eviction). */
  used: number;
  snapshot: OfflineSnapshot;
}

// 2: keys name the account (version 1 keys did not: those entries are dropped).
const FORMAT_VERSION = 2;

/**
 * True when Close could not be reached at all: refused, reset, name resolution, proxy, timeout. Not for
 * anything Close answered (4xx, 5xx), nor a certificate that failed verification (that needs fixing, not
 * hiding behind old data).
 */
export function isOfflineError(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  return error instanceof NetworkError && error.reason !== 'certificate';
}

/**
 * The store's key for a filter of one account on one Close: the account ("orga_…/user_…", so another key
 * at the same address never finds these), the API's address without any user:password part, and the
 * filter as query parameters in a fixed order.
 */
export function offlineKey(account: string, baseUrl: string, filter: OpportunityFilter): string {
  const params = [...toQueryParams({ ...filter, fields: undefined })].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${offlinePrefix(account, baseUrl)}${new URLSearchParams(params).toString()}`;
}

/** The start of every key of one account on one Close. */
export function offlinePrefix(account: string, baseUrl: string): string {
  return `${account} ${addressWithoutCredentials(baseUrl)}?`;
}

function isSnapshot(value: unknown): value is OfflineSnapshot {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<OfflineSnapshot>;
  if (typeof s.at !== 'number' || !s.totals || typeof s.totals !== 'object' || typeof s.totals.total_results !== 'number') return false;
  // The file is outside our control once written: ids must still have Close's shape before they become tree ids.
  if (s.rows !== undefined && (!Array.isArray(s.rows) || !s.rows.every((r) => r && typeof r === 'object' && isOpportunityId(r.id)))) return false;
  if (s.groups !== undefined && (!Array.isArray(s.groups) || !s.groups.every((g) => g && typeof g === 'object' && typeof g.total_results === 'number'))) return false;
  if (s.pipelines !== undefined && (!Array.isArray(s.pipelines) || !s.pipelines.every((p) => p && typeof p === 'object' && Array.isArray(p.statuses)))) return false;
  return s.currency === undefined || (typeof s.currency === 'string' && /^[A-Z]{3}$/.test(s.currency));
}

function parse(text: string | undefined): Entry[] {
  if (!text) return [];
  try {
    const data = JSON.parse(text) as { version?: unknown; entries?: unknown };
    if (data.version !== FORMAT_VERSION || !Array.isArray(data.entries)) return [];
    return data.entries.filter(
      (e: Partial<Entry> | null): e is Entry => !!e && typeof e === 'object' && typeof e.key === 'string' && typeof e.used === 'number' && isSnapshot(e.snapshot),
    );
  } catch {
    // A damaged file is as good as none: it is only a cache.
    return [];
  }
}

/**
 * The last results per filter, least recently used dropped beyond the limits. Reads its file on first use
 * (never at activation); writes are coalesced and merged with what other windows wrote meanwhile.
 */
export class OfflineResults {
  private entries: Map<string, Entry> | undefined;
  private loading: Promise<Map<string, Entry>> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private writeTimer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;
  /** Accounts forgotten since the last write: what the file still holds of them is not merged back. */
  private forgotten: ((key: string) => boolean)[] = [];
  private clock = 0;

  constructor(
    private readonly file: OfflineFile,
    private readonly limits: OfflineLimits = DEFAULT_OFFLINE_LIMITS,
    private readonly options: { writeDelayMs?: number; now?: () => number } = {},
  ) {}

  /** The last results of this key, if kept; counts as a use. */
  async get(key: string): Promise<OfflineSnapshot | undefined> {
    const entries = await this.load();
    const entry = entries.get(key);
    if (!entry) return undefined;
    entry.used = this.tick();
    return entry.snapshot;
  }

  /** The newest kept row of this opportunity among the keys starting with `prefix` (one Close), with when it was kept. */
  async findRow(id: string, prefix: string): Promise<{ row: { id: string }; at: number } | undefined> {
    let found: { row: { id: string }; at: number } | undefined;
    for (const entry of (await this.load()).values()) {
      if (!entry.key.startsWith(prefix) || (found && found.at >= entry.snapshot.at)) continue;
      const row = entry.snapshot.rows?.find((r) => r.id === id);
      if (row) found = { row, at: entry.snapshot.at };
    }
    return found;
  }

  /** Keeps (or replaces) the results of this key, within the limits; written to the file soon after. */
  async put(key: string, snapshot: OfflineSnapshot): Promise<void> {
    const entries = await this.load();
    const kept: OfflineSnapshot = { at: snapshot.at, totals: snapshot.totals };
    if (snapshot.currency) kept.currency = snapshot.currency;
    if (snapshot.rows) kept.rows = snapshot.rows.slice(0, this.limits.rows);
    if (snapshot.groups) kept.groups = snapshot.groups.slice(0, this.limits.groups);
    if (snapshot.pipelines) kept.pipelines = snapshot.pipelines;
    entries.delete(key);
    entries.set(key, { key, used: this.tick(), snapshot: kept });
    this.bound(entries);
    this.scheduleWrite();
  }

  /** Forgets what was kept for these accounts (Sign Out of some organizations); what other accounts kept stays. */
  async forget(accounts: readonly string[]): Promise<void> {
    const gone = (key: string) => accounts.some((account) => key.startsWith(`${account} `));
    const entries = await this.load();
    for (const key of [...entries.keys()]) if (gone(key)) entries.delete(key);
    // Not merged back from the file when it is written.
    this.forgotten.push(gone);
    this.dirty = true;
    await this.enqueue(() => this.write());
  }

  /** Forgets everything and deletes the file (sign-out, another account). */
  clear(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.dirty = false;
    this.entries = new Map();
    this.loading = undefined;
    return this.enqueue(() => this.file.remove());
  }

  /** The keys kept, most recently used last (for tests). */
  async keys(): Promise<string[]> {
    return [...(await this.load()).values()].sort((a, b) => a.used - b.used).map((e) => e.key);
  }

  /** Writes now what is waiting to be written. */
  flush(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (this.dirty) return this.enqueue(() => this.write());
    return this.queue;
  }

  dispose(): Promise<void> {
    return this.flush();
  }

  private tick(): number {
    // Strictly increasing even within one millisecond, so the order of uses is exact.
    this.clock = Math.max(this.clock + 1, (this.options.now ?? Date.now)());
    return this.clock;
  }

  private load(): Promise<Map<string, Entry>> {
    if (this.entries) return Promise.resolve(this.entries);
    this.loading ??= this.file.read().then(
      (text) => {
        const entries = new Map<string, Entry>();
        for (const entry of parse(text).sort((a, b) => a.used - b.used)) entries.set(entry.key, entry);
        this.clock = Math.max(this.clock, ...[...entries.values()].map((e) => e.used));
        this.bound(entries);
        // A clear() while reading wins.
        this.entries ??= entries;
        return this.entries;
      },
      () => {
        this.entries ??= new Map();
        return this.entries;
      },
    );
    return this.loading;
  }

  /** Drops the least recently used entries beyond the number of filters and the file size. */
  private bound(entries: Map<string, Entry>): void {
    const byUse = [...entries.values()].sort((a, b) => a.used - b.used);
    while (byUse.length > this.limits.filters) entries.delete(byUse.shift()!.key);
    let size = byUse.reduce((n, e) => n + JSON.stringify(e).length, 0);
    while (byUse.length > 0 && size > this.limits.chars) {
      const dropped = byUse.shift()!;
      size -= JSON.stringify(dropped).length;
      entries.delete(dropped.key);
    }
  }

  private scheduleWrite(): void {
    this.dirty = true;
    if (this.writeTimer) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      void this.enqueue(() => this.write());
    }, this.options.writeDelayMs ?? 1000);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task).catch(() => undefined);
    this.queue = next;
    return next;
  }

  /** Merges with the file (another window may have saved other filters) and writes the result. */
  private async write(): Promise<void> {
    if (!this.dirty || !this.entries) return;
    this.dirty = false;
    const mine = this.entries;
    const forgotten = this.forgotten;
    this.forgotten = [];
    const theirs = parse(await this.file.read().catch(() => undefined)).filter((entry) => !forgotten.some((gone) => gone(entry.key)));
    for (const entry of theirs) {
      const own = mine.get(entry.key);
      if (!own || own.snapshot.at < entry.snapshot.at) mine.set(entry.key, { ...entry, used: Math.max(entry.used, own?.used ?? 0) });
    }
    this.bound(mine);
    const entries = [...mine.values()].sort((a, b) => a.used - b.used);
    await this.file.write(JSON.stringify({ version: FORMAT_VERSION, entries }));
  }
}
