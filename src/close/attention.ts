// The deals to look at today ("Needs attention"): the filter's active opportunities that are stalled, overdue
// (expected close date `date_won` before today), without a close date, or quiet (not updated for N days), as
// `_limit=0` requests, and the number needing attention counted once. Pure but for the client; no 'vscode'
// here, so a chat tool can call `reviewAttention` as the view does. Nothing is written to Close.
import { aggregatesOf, emptyAggregates, subtractAggregates } from './aggregates';
import type { DateRange, OpportunityFilter } from './filter';
import { parseIsoInstant } from './isoDates';
import type { Aggregates, Opportunity, OpportunityListResponse } from './types';

export const ATTENTION_KINDS = ['stalled', 'overdue', 'noCloseDate', 'quiet'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** The earliest day a date filter accepts: `date_won__gte` it leaves out only the opportunities without one. */
const EARLIEST_DAY = '0001-01-01';

export const DEFAULT_QUIET_DAYS = 30;

/** What "today" and "quiet" mean for one review: days of the user's calendar (`YYYY-MM-DD`). */
export interface AttentionDays {
  today: string;
  /** Updated before this day (today minus the quiet days) is quiet. */
  quietBefore: string;
  quietDays: number;
}

/** Today and the quiet cut-off in the local time zone of `now`; `quietDays` clamped to 1…3650. */
export function attentionDays(now: Date, quietDays: number): AttentionDays {
  const days = Number.isFinite(quietDays) ? Math.min(3650, Math.max(1, Math.floor(quietDays))) : DEFAULT_QUIET_DAYS;
  const day = (d: Date) => `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const before = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return { today: day(now), quietBefore: day(before), quietDays: days };
}

/**
 * The filter's active opportunities, without order, grouping or fields; undefined when the filter allows
 * no active status type (a won-only filter needs nothing).
 */
export function activePart(filter: OpportunityFilter): OpportunityFilter | undefined {
  if (filter.status_type?.length && !filter.status_type.includes('active')) return undefined;
  const { order_by: _order, group_by: _group, fields: _fields, ...rest } = filter;
  void _order;
  void _group;
  void _fields;
  return { ...rest, status_type: ['active'] };
}

/** Adds an upper bound `lt` to a range, keeping the user's own when it is tighter. */
function before(range: DateRange | undefined, day: string): DateRange {
  const known = range?.lt;
  const tighter = known !== undefined && (parseIsoInstant(known) ?? Infinity) <= (parseIsoInstant(day) ?? Infinity);
  return { ...range, lt: tighter ? known : day };
}

/** Adds a lower bound `gte` to a range, keeping the user's own when it is tighter. */
function from(range: DateRange | undefined, day: string): DateRange {
  const known = range?.gte;
  const tighter = known !== undefined && (parseIsoInstant(known) ?? -Infinity) >= (parseIsoInstant(day) ?? -Infinity);
  return { ...range, gte: tighter ? known : day };
}

/**
 * The filter that lists one kind, or undefined when nothing can match (a filter of non-stalled
 * opportunities has no stalled ones). "No close date" has none: Close's list cannot filter on a missing
 * `date_won` (see `noCloseDatePage`).
 */
export function kindFilter(filter: OpportunityFilter, kind: Exclude<AttentionKind, 'noCloseDate'>, days: AttentionDays): OpportunityFilter | undefined {
  const active = activePart(filter);
  if (!active) return undefined;
  switch (kind) {
    case 'stalled':
      return filter.is_stalled === false ? undefined : { ...active, is_stalled: true };
    case 'overdue':
      return { ...active, date_won: before(active.date_won, days.today) };
    case 'quiet':
      return { ...active, date_updated: before(active.date_updated, days.quietBefore) };
  }
}

/** The active opportunities with a close date (the rest have none). */
export function datedFilter(filter: OpportunityFilter): OpportunityFilter | undefined {
  const active = activePart(filter);
  return active && { ...active, date_won: from(active.date_won, EARLIEST_DAY) };
}

/**
 * The active opportunities needing no attention: not stalled, closing today or later, updated within the
 * quiet days. Everything else active is in at least one kind, so the number needing attention, each counted
 * once, is the active total minus this one count (an exact de-duplication in one request).
 */
export function fineFilter(filter: OpportunityFilter, days: AttentionDays): OpportunityFilter | undefined {
  const active = activePart(filter);
  if (!active || filter.is_stalled === true) return undefined;
  return { ...active, is_stalled: false, date_won: from(active.date_won, days.today), date_updated: from(active.date_updated, days.quietBefore) };
}

/** What a review needs of the client (CloseClient has it). */
export interface AttentionClient {
  listOpportunities(filter: OpportunityFilter, page: { skip: number; limit: number }, signal?: AbortSignal): Promise<unknown>;
}

export interface AttentionReview {
  days: AttentionDays;
  /** The filter's active opportunities. */
  active: Aggregates;
  /** Count and totals of each kind. */
  kinds: Record<AttentionKind, Aggregates>;
  /** Active opportunities with a close date (where "no close date" is listed from). */
  dated: Aggregates;
  /** Opportunities in at least one kind, each counted once. */
  needingAttention: number;
  /** `_limit=0` requests sent. */
  requests: number;
}

/**
 * The review of a filter: at most six `_limit=0` requests, in parallel: the active total, stalled, overdue,
 * quiet, the dated ones (no close date = active − dated) and the fine ones (needing attention = active −
 * fine). A request that cannot match anything is not sent.
 */
export async function reviewAttention(client: AttentionClient, filter: OpportunityFilter, days: AttentionDays, signal?: AbortSignal): Promise<AttentionReview> {
  let requests = 0;
  const count = async (f: OpportunityFilter | undefined): Promise<Aggregates> => {
    if (!f) return emptyAggregates();
    requests++;
    return aggregatesOf((await client.listOpportunities(f, { skip: 0, limit: 0 }, signal)) as OpportunityListResponse);
  };
  const active = activePart(filter);
  // A date_won range leaves out every opportunity without one: all are dated.
  const allDated = filter.date_won !== undefined && Object.values(filter.date_won).some((v) => v !== undefined && v !== '');
  const [activeTotals, stalled, overdue, quiet, datedCount, fine] = await Promise.all([
    count(active),
    count(kindFilter(filter, 'stalled', days)),
    count(kindFilter(filter, 'overdue', days)),
    count(kindFilter(filter, 'quiet', days)),
    allDated ? Promise.resolve(undefined) : count(datedFilter(filter)),
    count(fineFilter(filter, days)),
  ]);
  const dated = datedCount ?? activeTotals;
  const noCloseDate = subtractAggregates(activeTotals, dated);
  const kinds = { stalled, overdue, noCloseDate, quiet };
  const counts = ATTENTION_KINDS.map((k) => kinds[k].total_results);
  // Answers of a moving pipeline may not add up: never fewer than the largest kind, nor more than all kinds.
  const exact = activeTotals.total_results - fine.total_results;
  const needingAttention = Math.min(
    counts.reduce((a, b) => a + b, 0),
    Math.max(exact, ...counts),
  );
  return { days, active: activeTotals, kinds, dated, needingAttention, requests };
}

/** The fields a kind's rows need beyond the tree's own: why each needs attention. */
export const ATTENTION_FIELDS = ['is_stalled', 'stall_status', 'suggested_action'] as const;

/** How each kind is listed: the most pressing first. */
export function kindOrder(kind: AttentionKind, filter: OpportunityFilter): OpportunityFilter['order_by'] {
  switch (kind) {
    case 'overdue':
    case 'noCloseDate':
      return { field: 'date_won', descending: false };
    case 'quiet':
      return { field: 'date_updated', descending: false };
    case 'stalled':
      return filter.order_by;
  }
}

export interface AttentionPage {
  objects: Partial<Opportunity>[];
  hasMore: boolean;
  advancedBy: number;
  /** The kind's total, as the page's answer gave it (not for "no close date"). */
  total?: number;
}

/**
 * Pages of one kind's opportunities, the most pressing first, with `fields`: what the view lists when a kind
 * is opened and the chat tool lists the first of.
 */
export function kindPager(client: AttentionClient, filter: OpportunityFilter, kind: AttentionKind, review: AttentionReview, fields: readonly string[]) {
  if (kind === 'noCloseDate') return noCloseDatePager(client, filter, review.dated.total_results, review.kinds.noCloseDate.total_results, fields);
  const own = kindFilter(filter, kind, review.days);
  const request: OpportunityFilter | undefined = own && { ...own, order_by: kindOrder(kind, filter), fields: [...fields] };
  return async (skip: number, limit: number, signal?: AbortSignal): Promise<AttentionPage> => {
    if (!request) return { objects: [], hasMore: false, advancedBy: 0 };
    const response = (await client.listOpportunities(request, { skip, limit }, signal)) as OpportunityListResponse;
    return { objects: response.data, total: response.total_results, hasMore: response.has_more, advancedBy: response.data.length };
  };
}

/**
 * One page of the active opportunities without a close date. Close cannot filter on a missing `date_won`,
 * so they are read from the active ones in `date_won` order, where they come all together (after the dated
 * ones, or before them: the first page tells which); objects with a date are dropped, so whatever the
 * server's order the rows shown have none. `undated` is how many there are (active − dated).
 */
export function noCloseDatePager(client: AttentionClient, filter: OpportunityFilter, datedTotal: number, undated: number, fields: readonly string[]) {
  const active = activePart(filter);
  const request: OpportunityFilter | undefined = active && { ...active, order_by: kindOrder('noCloseDate', filter), fields: [...fields] };
  let nullsFirst: boolean | undefined;
  const page = async (skip: number, limit: number, signal?: AbortSignal) =>
    (await client.listOpportunities(request!, { skip, limit }, signal)) as OpportunityListResponse;
  return async (skip: number, limit: number, signal?: AbortSignal): Promise<AttentionPage> => {
    if (!request || undated <= 0) return { objects: [], hasMore: false, advancedBy: 0 };
    if (nullsFirst === undefined) {
      const last = await page(datedTotal + skip, limit, signal);
      const undatedAtEnd = last.data.filter((o) => !o.date_won);
      if (undatedAtEnd.length > 0 || datedTotal === 0) {
        nullsFirst = false;
        return { objects: undatedAtEnd, hasMore: last.has_more && skip + last.data.length < undated, advancedBy: last.data.length };
      }
      nullsFirst = true;
    }
    const response = await page(nullsFirst ? skip : datedTotal + skip, limit, signal);
    const objects = response.data.filter((o) => !o.date_won);
    const more = response.has_more && objects.length === response.data.length && skip + response.data.length < undated;
    return { objects, hasMore: more, advancedBy: response.data.length };
  };
}
