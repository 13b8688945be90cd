// "What changed since you last looked": what is remembered of an opportunity, how a before/after pair is
// classified, how the Event Log supplies before-states, and how the remembered looks stay bounded.
// Pure functions, no 'vscode': tested in plain Node over recorded before/after pairs.
import { DEFAULT_ORDER, type OpportunityFilter } from '../../close/filter';
import { isOpportunityId } from '../../close/ids';
import { toQueryParams } from '../../close/query';
import { addressWithoutCredentials } from '../../close/scrub';
import { STATUS_TYPES, VALUE_PERIODS, type Opportunity, type StatusType, type ValuePeriod } from '../../close/types';

/** What is remembered of an opportunity seen in a look: nothing else (no names, notes or key). */
export interface SeenOpportunity {
  id: string;
  status_id?: string | null;
  status_type?: StatusType | null;
  value?: number | null;
  value_period?: ValuePeriod | null;
  confidence?: number | null;
  user_id?: string | null;
  date_updated?: string | null;
}

/** A seen opportunity as stored: `[id, status_id, status_type, value, value_period, confidence, user_id, date_updated]`. */
export type SeenTuple = [string, string | null, string | null, number | null, string | null, number | null, string | null, string | null];

const STATUS_TYPE_SET: ReadonlySet<string> = new Set(STATUS_TYPES);
const PERIOD_SET: ReadonlySet<string> = new Set(VALUE_PERIODS);

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Keeps only the remembered fields of an opportunity (or a tree row). */
export function seenOf(o: Partial<Opportunity> & { id: string }): SeenOpportunity {
  return {
    id: o.id,
    status_id: text(o.status_id),
    status_type: STATUS_TYPE_SET.has(o.status_type as string) ? o.status_type! : null,
    value: number(o.value),
    value_period: PERIOD_SET.has(o.value_period as string) ? o.value_period! : null,
    confidence: number(o.confidence),
    user_id: text(o.user_id),
    date_updated: text(o.date_updated),
  };
}

export function encodeSeen(s: SeenOpportunity): SeenTuple {
  return [s.id, s.status_id ?? null, s.status_type ?? null, s.value ?? null, s.value_period ?? null, s.confidence ?? null, s.user_id ?? null, s.date_updated ?? null];
}

/** Undefined for anything that is not a stored tuple (a file edited by hand, an older format). */
export function decodeSeen(tuple: unknown): SeenOpportunity | undefined {
  if (!Array.isArray(tuple) || tuple.length !== 8 || typeof tuple[0] !== 'string' || tuple[0] === '') return undefined;
  const [id, status_id, status_type, value, value_period, confidence, user_id, date_updated] = tuple as unknown[];
  return seenOf({ id, status_id, status_type, value, value_period, confidence, user_id, date_updated } as Partial<Opportunity> & { id: string });
}

// ---- classification --------------------------------------------------------------------------------------

export type ChangeKind = 'new' | 'won' | 'lost' | 'moved' | 'value' | 'reassigned' | 'left' | 'updated';

/** The order in which kinds are counted and listed; an opportunity counts once, under its first kind. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['new', 'won', 'lost', 'moved', 'value', 'reassigned', 'left', 'updated'];

export interface OpportunityChange {
  id: string;
  /** The kind it counts under (the first of `kinds`). */
  kind: ChangeKind;
  /** Everything that changed, in CHANGE_KINDS order (won and value changed, say). */
  kinds: ChangeKind[];
  /** As last seen (or as the Event Log says it was); undefined for new ones and when nothing is known. */
  before?: SeenOpportunity;
  /** As it is now (for `left`, as the Event Log last showed it, when it did). */
  after?: Partial<Opportunity> & { id: string };
}

function instant(text: string | null | undefined): number {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * Classifies one opportunity that matches the filter and was updated after `since`.
 * - new: created after `since` (nothing else is said of it);
 * - won / lost: its status changed to a won / lost one; moved: to another status (of any other type);
 * - value: value or period changed, or confidence without a status change; reassigned: the owner changed;
 * - updated: it changed but its former state is unknown (never seen here, no Event Log).
 * Undefined when none of the remembered fields changed (a note was edited, say).
 */
export function classifyChange(before: SeenOpportunity | undefined, after: Partial<Opportunity> & { id: string }, since: string): OpportunityChange | undefined {
  if (instant(after.date_created) > instant(since)) return { id: after.id, kind: 'new', kinds: ['new'], after };
  if (!before) return { id: after.id, kind: 'updated', kinds: ['updated'], after };
  const now = seenOf(after);
  const kinds: ChangeKind[] = [];
  const known = <K extends keyof SeenOpportunity>(field: K) => before[field] !== undefined;
  if (known('status_id') && now.status_id !== before.status_id) {
    if (now.status_type === 'won' && before.status_type !== 'won') kinds.push('won');
    else if (now.status_type === 'lost' && before.status_type !== 'lost') kinds.push('lost');
    else kinds.push('moved');
  }
  if (
    (known('value') && now.value !== before.value) ||
    (known('value_period') && now.value_period !== before.value_period) ||
    // A new status usually comes with a new confidence: that is part of the move, not a change of its own.
    (known('confidence') && now.confidence !== before.confidence && kinds.length === 0)
  ) {
    kinds.push('value');
  }
  if (known('user_id') && now.user_id !== before.user_id) kinds.push('reassigned');
  if (kinds.length === 0) return undefined;
  return { id: after.id, kind: kinds[0], kinds, before, after };
}

/** One entry of Close's Event Log (only what is read here). */
export interface LogEvent {
  object_id?: unknown;
  object_type?: unknown;
  action?: unknown;
  date_updated?: unknown;
  data?: unknown;
  previous_data?: unknown;
}

export interface EventLogFacts {
  /** Opportunities the log says were updated since the look. */
  updated: Set<string>;
  /** Their state at the look, as far as `previous_data` tells (undefined: the log did not say, e.g. not an admin). */
  before: Map<string, SeenOpportunity | undefined>;
  /** Their newest state the log showed (`data` of the newest event with data). */
  latest: Map<string, Partial<Opportunity> & { id: string }>;
}

/**
 * Before-states from Event Log entries (any order) after `since`: per opportunity, the newest known state
 * with each field that changed put back to its value before the oldest change of that field.
 */
export function eventLogFacts(events: readonly LogEvent[], since: string): EventLogFacts {
  const after = instant(since);
  const relevant = events
    // Ids from the server are checked before they name anything (a tree row, a details document).
    .filter(
      (e) =>
        typeof e.object_id === 'string' &&
        isOpportunityId(e.object_id) &&
        (e.object_type === undefined || e.object_type === 'opportunity') &&
        instant(e.date_updated as string) > after,
    )
    .sort((a, b) => instant(b.date_updated as string) - instant(a.date_updated as string));
  const facts: EventLogFacts = { updated: new Set(), before: new Map(), latest: new Map() };
  const oldValues = new Map<string, Record<string, unknown>>();
  const complete = new Map<string, boolean>();
  // Newest first: the latest data comes first; each older previous_data overrides, so the oldest wins.
  for (const event of relevant) {
    const id = event.object_id as string;
    facts.updated.add(id);
    const data = event.data;
    if (data && typeof data === 'object' && !facts.latest.has(id)) facts.latest.set(id, { ...(data as Partial<Opportunity>), id });
    const previous = event.previous_data;
    if (previous && typeof previous === 'object') {
      oldValues.set(id, { ...(oldValues.get(id) ?? {}), ...(previous as Record<string, unknown>) });
      if (!complete.has(id)) complete.set(id, true);
    } else if (event.action === 'updated') {
      // An update without previous_data (older than an hour for a non-admin): the state before it is unknown.
      complete.set(id, false);
    }
  }
  for (const id of facts.updated) {
    const latest = facts.latest.get(id);
    const old = oldValues.get(id);
    facts.before.set(id, latest && old && complete.get(id) ? seenOf({ ...latest, ...old, id }) : undefined);
  }
  return facts;
}

export interface ChangeInput {
  /** When the user last looked (ISO). */
  since: string;
  /** What was seen then, by id. */
  seen: ReadonlyMap<string, SeenOpportunity>;
  /** Opportunities matching the filter now, updated after `since` (the change check's answer). */
  changed: readonly (Partial<Opportunity> & { id: string })[];
  /** What the Event Log said, when it answered. */
  events?: EventLogFacts;
  /**
   * Whether opportunities that left the filter can be told (default true): not when the filter matches
   * everything, nor when the change check did not read every change (those not read would look gone).
   */
  detectLeft?: boolean;
}

/**
 * Every change since the look, in the change check's order, then those that left the filter: seen at the
 * look, updated since according to the Event Log, and no longer matching.
 */
export function classifyChanges(input: ChangeInput): OpportunityChange[] {
  const changes: OpportunityChange[] = [];
  const matching = new Set<string>();
  for (const after of input.changed) {
    if (matching.has(after.id)) continue;
    matching.add(after.id);
    const seen = input.seen.get(after.id);
    // Seen as it is now (its row loaded after the look began, Mark All as Seen): not a change since.
    if (seen?.date_updated && instant(seen.date_updated) === instant(after.date_updated)) continue;
    const before = seen ?? input.events?.before.get(after.id);
    const change = classifyChange(before, after, input.since);
    if (change) changes.push(change);
  }
  if (input.events && input.detectLeft !== false) {
    for (const id of input.events.updated) {
      if (matching.has(id) || !input.seen.has(id)) continue;
      changes.push({ id, kind: 'left', kinds: ['left'], before: input.seen.get(id), after: input.events.latest.get(id) });
    }
  }
  return changes;
}

/** How many changes of each kind (each opportunity under its first kind), and the value won (cents, annualized). */
export function countChanges(changes: readonly OpportunityChange[]): { counts: Record<ChangeKind, number>; wonValue: number } {
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  let wonValue = 0;
  for (const change of changes) {
    counts[change.kind]++;
    if (change.kind === 'won')
      wonValue += number(change.after?.annualized_value) ?? (number(change.after?.value) ?? 0) * (change.after?.value_period === 'monthly' ? 12 : 1);
  }
  return { counts, wonValue };
}

// ---- the change check's request -------------------------------------------------------------------------

/** The fields the change check asks for: what is remembered, plus what a change is shown with. */
export const CHANGE_FIELDS = [
  'id',
  'lead_id',
  'lead_name',
  'contact_name',
  'status_id',
  'status_label',
  'status_type',
  'value',
  'value_period',
  'value_currency',
  'value_formatted',
  'annualized_value',
  'confidence',
  'user_id',
  'user_name',
  'date_created',
  'date_updated',
] as const;

/**
 * The filter's identity: its query parameters without order, grouping, fields or paging (they do not
 * change which opportunities match), sorted. Two filters with the same key match the same opportunities.
 */
export function filterKey(filter: OpportunityFilter): string {
  const params = toQueryParams({ ...filter, order_by: undefined, group_by: undefined, fields: undefined });
  params.sort();
  return params.toString();
}

/** The change check: the same filter, only what was updated after `since`, newest first, ungrouped. */
export function changeCheckFilter(filter: OpportunityFilter, since: string): OpportunityFilter {
  const own = filter.date_updated?.gt;
  // A later bound of the user's own is kept: both have to hold.
  const gt = own && instant(own) > instant(since) ? own : since;
  return {
    ...filter,
    group_by: undefined,
    order_by: DEFAULT_ORDER,
    date_updated: { ...filter.date_updated, gt },
    fields: [...CHANGE_FIELDS],
  };
}

// ---- what is remembered, bounded ---------------------------------------------------------------------------

/** Filters remembered; the least recently looked at goes first. */
export const MAX_FILTERS = 20;
/** Opportunities remembered per filter; the least recently seen go first. */
export const MAX_SEEN_PER_FILTER = 500;

/** Version 1 filed looks under the base URL as written (a user:password in it too) and not by organization: read as empty. */
export const STORE_VERSION = 2;

export interface FilterLook {
  /** `place|filterKey` (see lookKey). */
  key: string;
  /** The look the changes are counted from (ISO). */
  since: string;
  /** When this filter was last looked at (ms), for dropping the least recently used. */
  lastLook: number;
  /** Most recently seen first. */
  seen: SeenTuple[];
}

export interface ChangeStore {
  version: typeof STORE_VERSION;
  /** Most recently looked at first. */
  looks: FilterLook[];
}

export function emptyStore(): ChangeStore {
  return { version: STORE_VERSION, looks: [] };
}

/** A store read from disk, or an empty one when it is not one (never throws). */
export function parseStore(json: unknown): ChangeStore {
  if (!json || typeof json !== 'object' || (json as ChangeStore).version !== STORE_VERSION || !Array.isArray((json as ChangeStore).looks)) return emptyStore();
  const looks: FilterLook[] = [];
  for (const look of (json as ChangeStore).looks) {
    if (!look || typeof look.key !== 'string' || typeof look.since !== 'string' || Number.isNaN(Date.parse(look.since))) continue;
    const seen = Array.isArray(look.seen)
      ? look.seen
          .map(decodeSeen)
          .filter((s): s is SeenOpportunity => s !== undefined)
          .map(encodeSeen)
      : [];
    looks.push({ key: look.key, since: look.since, lastLook: typeof look.lastLook === 'number' ? look.lastLook : 0, seen: seen.slice(0, MAX_SEEN_PER_FILTER) });
  }
  looks.sort((a, b) => b.lastLook - a.lastLook);
  return { version: STORE_VERSION, looks: looks.slice(0, MAX_FILTERS) };
}

/**
 * Where a look is filed: sample data, or one organization at one API address (never a user name or password
 * from the setting). Another organization at the same address never reads this one's looks.
 */
export type LookPlace = { sampleData: true } | { baseUrl: string; organizationId: string };

export function lookKey(place: LookPlace, filter: OpportunityFilter): string {
  const where = 'sampleData' in place ? 'sample' : `${addressWithoutCredentials(place.baseUrl)} ${place.organizationId}`;
  return `${where}|${filterKey(filter)}`;
}

export function findLook(store: ChangeStore, key: string): FilterLook | undefined {
  return store.looks.find((look) => look.key === key);
}

/** Puts a look first; the least recently used beyond MAX_FILTERS are dropped. Returns a new store. */
export function putLook(store: ChangeStore, look: FilterLook): ChangeStore {
  const others = store.looks.filter((l) => l.key !== look.key);
  return { version: STORE_VERSION, looks: [{ ...look, seen: look.seen.slice(0, MAX_SEEN_PER_FILTER) }, ...others].slice(0, MAX_FILTERS) };
}

/** `seen` with `rows` put first (most recently seen), each id once, at most MAX_SEEN_PER_FILTER. */
export function withSeen(seen: readonly SeenTuple[], rows: readonly SeenOpportunity[]): SeenTuple[] {
  const ids = new Set<string>();
  const result: SeenTuple[] = [];
  for (const tuple of [...rows.map(encodeSeen), ...seen]) {
    if (ids.has(tuple[0])) continue;
    ids.add(tuple[0]);
    result.push(tuple);
    if (result.length === MAX_SEEN_PER_FILTER) break;
  }
  return result;
}

/**
 * The look Mark All as Seen keeps: the rows shown are seen as of when they began to load (`loadedFrom`, ms),
 * not as of the click: a change made after that (even in the click's own millisecond) was not seen and is still found.
 */
export function markedSeen(key: string, previous: FilterLook | undefined, rows: readonly SeenOpportunity[], loadedFrom: number, now: number): FilterLook {
  // Never earlier than the look before: what was marked seen then stays seen.
  const since = Math.min(now, Math.max(loadedFrom, instant(previous?.since)));
  return { key, since: new Date(since).toISOString(), lastLook: now, seen: withSeen(previous?.seen ?? [], rows) };
}

export function seenMap(look: FilterLook | undefined): Map<string, SeenOpportunity> {
  const map = new Map<string, SeenOpportunity>();
  for (const tuple of look?.seen ?? []) {
    const seen = decodeSeen(tuple);
    if (seen) map.set(seen.id, seen);
  }
  return map;
}
