// "What changed since you last looked", per filter: remembers each look (bounded, in the extension's global
// storage folder), asks Close what changed since the last one, and says which opportunities changed how.
import * as vscode from 'vscode';
import { checkChanges, type EventLogUse } from './changeCheck';
import {
  emptyStore,
  findLook,
  lookKey,
  markedSeen,
  parseStore,
  putLook,
  seenMap,
  seenOf,
  withSeen,
  type ChangeStore,
  type LookPlace,
  type OpportunityChange,
  type SeenOpportunity,
} from './changes';
import type { CloseClient } from '../../close/client';
import { isAbortError } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import type { Opportunity } from '../../close/types';
import type { Connection } from '../../state/connection';

const STORE_FILE = 'changes-since-last-look.json';

type Row = Partial<Opportunity> & { id: string };

export type { EventLogUse };

/** The changes of one filter since its last look. */
export interface ChangeReport {
  key: string;
  /** The look the changes are counted from (ISO). */
  since: string;
  changes: OpportunityChange[];
  byId: ReadonlyMap<string, OpportunityChange>;
  /** More changed than one check reads (MAX_CHANGE_PAGES pages). */
  truncated: boolean;
  eventLog: EventLogUse;
  /** Requests the check took (change check pages + Event Log pages). */
  requests: number;
}

export interface ChangeTrackerDependencies {
  connection: Connection;
  /** The folder of `context.globalStorageUri`: never settings, never the workspace. */
  storageFolder: vscode.Uri;
  log: vscode.LogOutputChannel;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

function updatedAtOrBefore(row: Row, iso: string): boolean {
  const updated = row.date_updated ? Date.parse(row.date_updated) : NaN;
  return !Number.isNaN(updated) && updated <= Date.parse(iso);
}

export class ChangeTracker implements vscode.Disposable {
  private store: ChangeStore | undefined;
  private loading: Promise<ChangeStore> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private current: ChangeReport | undefined;
  private check: AbortController | undefined;
  /** Per connection generation: the Event Log answered 403/404 once, so it is not asked again. */
  private eventLogRefusedFor: number | undefined;
  private readonly changed = new vscode.EventEmitter<ChangeReport | undefined>();
  readonly onDidChange = this.changed.event;
  /** Looks handled so far (checked or first), for tests that wait for one. */
  completedLooks = 0;
  /** Bumped by `clear()`: a look that started before it stores nothing. */
  private cleared = 0;
  /** Where the looks of the connection of `generation` are filed, once known (see placeOf). */
  private known: { generation: number; place: LookPlace } | undefined;
  /** When the rows of the newest look began to load (ms), by its key: what Mark All as Seen marks as seen. */
  private loadedFrom: { key: string; startedAt: number } | undefined;

  constructor(private readonly deps: ChangeTrackerDependencies) {}

  /** The changes shown now (for the current filter), if any check ran. */
  get report(): ChangeReport | undefined {
    return this.current;
  }

  changeOf(id: string): OpportunityChange | undefined {
    return this.current?.byId.get(id);
  }

  /** The filter changed: what was shown for another filter goes at once (its look is kept). */
  expect(filter: OpportunityFilter): void {
    const key = this.keyOf(filter);
    if (this.current && this.current.key !== key) this.show(undefined);
    this.check?.abort();
  }

  /**
   * The view shows the results of a refresh of `filter` (loaded from `startedAt`, ms): compares them with the
   * last look and remembers this one. The first look at a filter only remembers.
   */
  async looked(filter: OpportunityFilter, rows: readonly Row[], startedAt: number, client: CloseClient): Promise<ChangeReport | undefined> {
    this.check?.abort();
    const check = new AbortController();
    this.check = check;
    const generation = this.deps.connection.generation;
    const cleared = this.cleared;
    const place = await this.placeOf();
    // Another organization (or key) shown meanwhile: these rows are not its look, and `place` may already be its.
    if (this.deps.connection.generation !== generation) return undefined;
    if (!place) {
      // Without its organization a look could be read as another one's: it is not remembered.
      if (check.signal.aborted) return undefined;
      this.show(undefined);
      this.completedLooks++;
      return undefined;
    }
    const key = lookKey(place, filter);
    if (this.loadedFrom?.key !== key || this.loadedFrom.startedAt < startedAt) this.loadedFrom = { key, startedAt };
    await this.load();
    // What an earlier look saved meanwhile counts: the store as it is now, not as it was loaded.
    const store = this.store ?? emptyStore();
    if (cleared !== this.cleared) return undefined;
    const look = findLook(store, key);
    const lookedAt = isoOf(startedAt);
    if (!look) {
      // Kept even when a newer look (a quick refresh) superseded this one: otherwise that look would become the
      // first, and what changed between the two would never be shown.
      this.save(putLook(store, { key, since: lookedAt, lastLook: Date.now(), seen: withSeen([], rows.filter((r) => updatedAtOrBefore(r, lookedAt)).map(seenOf)) }));
      if (check.signal.aborted) return undefined;
      this.show(undefined);
      this.completedLooks++;
      return undefined;
    }
    if (check.signal.aborted) return undefined;
    try {
      const report = await this.compare(key, filter, look.since, seenMap(look), client, check.signal, generation);
      if (check.signal.aborted || this.check !== check || cleared !== this.cleared) return undefined;
      const latest = this.store ?? store;
      const stored = findLook(latest, key) ?? look;
      if (report.changes.length === 0 && !report.truncated) {
        // Nothing unseen: this look is the new baseline.
        this.save(
          putLook(latest, { key, since: lookedAt, lastLook: Date.now(), seen: withSeen(stored.seen, rows.filter((r) => updatedAtOrBefore(r, lookedAt)).map(seenOf)) }),
        );
      } else {
        // Changes stay marked until they are marked as seen; rows unchanged since the look are remembered too.
        const unchanged = rows.filter((r) => !report.byId.has(r.id) && updatedAtOrBefore(r, look.since));
        this.save(putLook(latest, { ...stored, lastLook: Date.now(), seen: withSeen(stored.seen, unchanged.map(seenOf)) }));
      }
      this.show(report);
      this.completedLooks++;
      return report;
    } catch (error) {
      if (isAbortError(error) || check.signal.aborted) return undefined;
      this.deps.log.warn(`Could not check what changed since the last look: ${error instanceof Error ? error.message : String(error)}`);
      this.show(undefined);
      this.completedLooks++;
      return undefined;
    } finally {
      if (this.check === check) this.check = undefined;
    }
  }

  /** More rows of the current filter arrived (Load more, a group expanded): remember the unchanged ones. */
  noteRows(filter: OpportunityFilter, rows: readonly Row[]): void {
    const store = this.store;
    if (!store) return;
    const key = this.keyOf(filter);
    const look = key === undefined ? undefined : findLook(store, key);
    if (!look) return;
    const unchanged = rows.filter((r) => !this.current?.byId.has(r.id) && updatedAtOrBefore(r, look.since));
    if (unchanged.length === 0) return;
    this.save(putLook(store, { ...look, seen: withSeen(look.seen, unchanged.map(seenOf)) }), 2000);
  }

  /** Mark All as Seen: what is loaded now is the last look, as of when it began to load (see markedSeen). */
  async markAllSeen(filter: OpportunityFilter, rows: readonly Row[]): Promise<void> {
    this.check?.abort();
    const place = await this.placeOf();
    if (!place) return;
    const store = await this.load();
    const key = lookKey(place, filter);
    const now = Date.now();
    const loadedFrom = this.loadedFrom?.key === key ? this.loadedFrom.startedAt : now;
    this.save(putLook(store, markedSeen(key, findLook(store, key), rows.map(seenOf), loadedFrom, now)));
    this.show(undefined);
  }

  /** Sign out: every remembered look is deleted, on disk too. */
  async clear(): Promise<void> {
    this.cleared++;
    this.loadedFrom = undefined;
    this.check?.abort();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.store = emptyStore();
    this.show(undefined);
    await this.writing;
    try {
      await vscode.workspace.fs.delete(this.file());
    } catch {
      // Nothing stored yet.
    }
  }

  /** Writes anything pending now (deactivation, tests). */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.write();
    }
    await this.writing;
  }

  dispose(): void {
    this.check?.abort();
    void this.flush();
    this.changed.dispose();
  }

  /** The file everything is kept in (in `globalStorageUri`). */
  file(): vscode.Uri {
    return vscode.Uri.joinPath(this.deps.storageFolder, STORE_FILE);
  }

  /** The key of `filter`'s look on this connection, once a look found where they are filed. */
  private keyOf(filter: OpportunityFilter): string | undefined {
    const known = this.known?.generation === this.deps.connection.generation ? this.known.place : undefined;
    return known && lookKey(known, filter);
  }

  /**
   * Where this connection's looks are filed: sample data, or the key's organization (from `GET /me/`) at the
   * API's address. Undefined while the organization is not known.
   */
  private async placeOf(): Promise<LookPlace | undefined> {
    const connection = this.deps.connection;
    const generation = connection.generation;
    let place: LookPlace | undefined;
    if (connection.kind === 'sampleData') place = { sampleData: true };
    else {
      const organizationId: unknown = (await connection.whoAmI())?.organizations?.[0]?.id;
      const baseUrl = vscode.workspace.getConfiguration('closeOpportunities').get<string>('apiBaseUrl', '');
      if (typeof organizationId === 'string' && organizationId !== '') place = { baseUrl, organizationId };
    }
    if (place && generation === connection.generation) this.known = { generation, place };
    return place;
  }

  private async compare(
    key: string,
    filter: OpportunityFilter,
    since: string,
    seen: Map<string, SeenOpportunity>,
    client: CloseClient,
    signal: AbortSignal,
    generation: number,
  ): Promise<ChangeReport> {
    const result = await checkChanges(client, { filter, since, seen, eventLogAllowed: this.eventLogRefusedFor !== generation }, signal);
    if (result.eventLogRefused) this.eventLogRefusedFor = generation;
    if (result.eventLogError) {
      this.deps.log.info(`The Event Log is not available (${result.eventLogError}): changes of opportunities not seen here show as "updated".`);
    }
    const { changes, truncated, eventLog, requests } = result;
    this.deps.log.info(`Changes since ${since}: ${changes.length}${truncated ? '+' : ''} in ${requests} request(s) (Event Log: ${eventLog})`);
    return { key, since, changes, byId: new Map(changes.map((c) => [c.id, c])), truncated, eventLog, requests };
  }

  private show(report: ChangeReport | undefined): void {
    if (report === this.current) return;
    this.current = report;
    this.changed.fire(report);
  }

  private load(): Promise<ChangeStore> {
    if (this.store) return Promise.resolve(this.store);
    this.loading ??= (async () => {
      let store = emptyStore();
      try {
        const bytes = await vscode.workspace.fs.readFile(this.file());
        store = parseStore(JSON.parse(new TextDecoder().decode(bytes)));
      } catch {
        // No file yet, or not ours to read: start empty.
      }
      this.store ??= store;
      return this.store;
    })();
    return this.loading;
  }

  /** Keeps `store` and writes it (at once, or after `delayMs` for a burst of small changes). */
  private save(store: ChangeStore, delayMs = 0): void {
    this.store = store;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (delayMs > 0) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        this.write();
      }, delayMs);
      return;
    }
    this.write();
  }

  private write(): void {
    const store = this.store;
    if (!store) return;
    const text = JSON.stringify(store);
    this.writing = this.writing
      .then(async () => {
        await vscode.workspace.fs.createDirectory(this.deps.storageFolder);
        await vscode.workspace.fs.writeFile(this.file(), new TextEncoder().encode(text));
      })
      .catch((error: unknown) => this.deps.log.warn(`Could not store the last look: ${error instanceof Error ? error.message : String(error)}`));
  }
}
