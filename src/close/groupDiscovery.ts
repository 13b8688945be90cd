// Group discovery: every group of a grouped filter with its aggregates, the cheapest way first (docs/architecture.md, Group discovery).
// Strategies: 'aggregate' (one `_limit=0` request per candidate owner or period, with the undated group asked
// of the server), 'walk' (one `_limit=1` request per group, each jumping over the one before), 'fields'
// (paging with `_fields=id`), and 'statuses' for status and pipeline groups (pipelineGroups.ts).
import { aggregatesOf, subtractAggregates } from './aggregates';
import { childController, mapBounded } from './concurrency';
import { FilterValidationError, GroupingLimitError, PagingLimitError, type UncountedGroups } from './errors';
import type { DateRange, GroupBy, OpportunityFilter } from './filter';
import { type GroupSummary, groupLabel, groupPeriod, intersectDateRange, isNoDateGroup, isoWeekMonday, isoWeekOf, mergeGroupPages, undatedLast } from './groups';
import { DEFAULT_PAGE_SIZE, checkFilter, checkPage, opportunityPage } from './opportunityPage';
import type { OpportunityPaging } from './paging';
import { discoverPipelineGroups } from './pipelineGroups';
import type { ReferenceLists } from './referenceLists';
import { type CallStats, type Requester, newStats } from './request';
import type { Translate } from './translate';
import { type Aggregates, type GroupField, type Opportunity, type OpportunityGroup, type Pipeline, GROUPING_FIELDS, isPipelineGrouping } from './types';
import { fullName } from './userName';

/** All groups of a grouped filter, and what it cost to find them. */
export interface GroupDiscovery {
  aggregates: Aggregates;
  groups: GroupSummary[];
  /**
   * 'aggregate': one `_limit=0` request per candidate group; 'walk': one `_limit=1` request per group, each
   * jumping over the group before it; 'fields': paged through with `_fields=id`; 'statuses': status or
   * pipeline groups, one `_limit=0` request per status (or pipeline) the filter allows.
   */
  method: 'aggregate' | 'walk' | 'fields' | 'statuses';
  requests: number;
  /** Response body bytes received. */
  bytes: number;
}

/** Why the groups were not counted one by one, and what that tells the ways tried after it. */
interface NotCounted {
  /** The filter's total, when the server answered it. */
  total?: number;
  /** Walking the groups (one request per group) would take fewer requests than paging. */
  fewerGroupsThanPages: boolean;
  /** Set when there were more candidate groups than are counted one by one. */
  uncounted?: UncountedGroups;
}

/** A filter grouped by one of the endpoint's own `_group_by` kinds. */
type ServerGroupedFilter = OpportunityFilter & { group_by: GroupBy & { field: GroupField } };

/** The earliest day any date filter accepts; used to leave out opportunities without a `date_won`. */
const EARLIEST_DAY = '0001-01-01';

/**
 * Most candidate groups counted with one `_limit=0` request each: 19 years of weeks, 83 of months. A wider
 * span is walked or paged instead, so a server's dates (0001 to 9999) never decide how many requests are made.
 */
export const MAX_CANDIDATE_GROUPS = 1_000;

const DAY_MS = 86_400_000;

/** A `YYYY-MM-DD` day that Date can read (a server's date is checked before any arithmetic on it). */
function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** How many date groups lie between two `YYYY-MM-DD` days, counted without listing them; NaN when they are not days. */
export function periodCount(groupBy: GroupField, first: string, last: string): number {
  if (!isDay(first) || !isDay(last)) return NaN;
  const [y1, m1] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const [y2, m2] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  let count: number;
  switch (groupBy) {
    case 'date_won__year':
      count = y2 - y1 + 1;
      break;
    case 'date_won__quarter':
      count = y2 * 4 + Math.floor((m2 - 1) / 3) - (y1 * 4 + Math.floor((m1 - 1) / 3)) + 1;
      break;
    case 'date_won__month':
      count = y2 * 12 + m2 - (y1 * 12 + m1) + 1;
      break;
    case 'date_won__week': {
      const start = isoWeekOf(Date.parse(`${first}T00:00:00Z`));
      count = Math.floor((Date.parse(`${last}T00:00:00Z`) - isoWeekMonday(start.weekyear, start.week)) / (7 * DAY_MS)) + 1;
      break;
    }
    case 'user_id':
      count = 0;
      break;
  }
  return Math.max(0, count);
}

/**
 * The date groups between two `YYYY-MM-DD` days, ascending, with the fields the server would give them;
 * undefined when they are not days or hold more than `max` groups (nothing is listed then).
 */
export function periodsBetween(groupBy: GroupField, first: string, last: string, max = MAX_CANDIDATE_GROUPS): Partial<OpportunityGroup>[] | undefined {
  const count = periodCount(groupBy, first, last);
  if (!(count <= max)) return undefined;
  const [y1, m1] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const firstWeek = isoWeekOf(Date.parse(`${first}T00:00:00Z`));
  const firstMonday = isoWeekMonday(firstWeek.weekyear, firstWeek.week);
  const periods: Partial<OpportunityGroup>[] = [];
  for (let i = 0; i < count; i++) {
    switch (groupBy) {
      case 'date_won__year':
        periods.push({ year: y1 + i });
        break;
      case 'date_won__quarter': {
        const q = y1 * 4 + Math.floor((m1 - 1) / 3) + i;
        periods.push({ year: Math.floor(q / 4), quarter: (q % 4) + 1 });
        break;
      }
      case 'date_won__month': {
        const m = y1 * 12 + m1 - 1 + i;
        periods.push({ year: Math.floor(m / 12), month: (m % 12) + 1 });
        break;
      }
      case 'date_won__week':
        periods.push(isoWeekOf(firstMonday + i * 7 * DAY_MS));
        break;
      case 'user_id':
        break;
    }
  }
  return periods;
}

/** A group key for groups found without the grouped response (the server's keys are opaque to us). */
function syntheticKey(group: Partial<OpportunityGroup>, groupBy: GroupField): string {
  const pad = (n: number | null | undefined) => String(n ?? 0).padStart(2, '0');
  switch (groupBy) {
    case 'user_id':
      return group.user_id ?? 'none';
    case 'date_won__year':
      return `${group.year}`;
    case 'date_won__quarter':
      return `${group.year}-Q${group.quarter}`;
    case 'date_won__month':
      return `${group.year}-${pad(group.month)}`;
    case 'date_won__week':
      return `${group.weekyear}-W${pad(group.week)}`;
  }
}

/** How `discoverGroups` goes about it (see CloseClient.discoverGroups). */
export interface DiscoverOptions {
  signal?: AbortSignal;
  method?: GroupDiscovery['method'];
  limit?: number;
  pipelines?: readonly Pipeline[];
  includeEmpty?: boolean;
}

export class GroupDiscoverer {
  constructor(
    private readonly requests: Requester,
    private readonly paging: OpportunityPaging,
    private readonly lists: ReferenceLists,
    /** For the words of group labels ("No owner", "March 2026"). */
    private readonly translate: Translate,
  ) {}

  /** CloseClient.discoverGroups: status and pipeline groups from pipelineGroups.ts, the others from the server's groupings. */
  async discover(filter: OpportunityFilter & { group_by: GroupBy }, options: DiscoverOptions = {}): Promise<GroupDiscovery> {
    checkFilter(filter, this.requests.scrub);
    if (!filter.group_by) throw new FilterValidationError('group_by', 'group_by: choose a grouping before listing groups.', GROUPING_FIELDS);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    checkPage({ skip: 0, limit }, this.requests.maxSkip);
    const stats = newStats();
    const { controller, dispose } = childController(options.signal);
    try {
      if (isPipelineGrouping(filter.group_by.field)) {
        const found = await discoverPipelineGroups(this.requests, this.lists, filter, options, controller.signal, stats, this.translate);
        return { ...found, method: 'statuses', requests: stats.requests, bytes: stats.bytes };
      }
      return await this.discoverServerGroups(filter as ServerGroupedFilter, options, limit, controller.signal, stats);
    } catch (error) {
      controller.abort();
      throw error;
    } finally {
      dispose();
    }
  }

  /** The endpoint's own groupings: by aggregates, by walking, or by paging with `_fields=id`. */
  private async discoverServerGroups(
    filter: ServerGroupedFilter,
    options: { method?: GroupDiscovery['method'] },
    limit: number,
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<GroupDiscovery> {
    const field = filter.group_by.field;
    let walk = options.method === 'walk';
    if (options.method === undefined || options.method === 'aggregate') {
      const found = await this.discoverByAggregates(filter, limit, options.method === 'aggregate', signal, stats);
      if ('groups' in found) return { ...found, method: 'aggregate', requests: stats.requests, bytes: stats.bytes };
      // Walking and paging stop at the server's maximum `_skip`: a total beyond it is refused before either starts.
      const reach = this.requests.maxSkip + limit;
      if (found.total !== undefined && found.total > reach) throw new GroupingLimitError(found.total, reach, found.uncounted);
      walk = options.method === undefined && found.fewerGroupsThanPages;
    }
    if (walk) {
      const found = await this.discoverByWalking(filter, options.method !== 'walk', limit, signal, stats);
      if (found) return { aggregates: found.aggregates, groups: undatedLast(found.groups, field), method: 'walk', requests: stats.requests, bytes: stats.bytes };
    }
    const { aggregates, pages } = await this.paging.fetchPages({ ...filter, fields: ['id'] }, limit, stats, signal);
    const groups = mergeGroupPages(pages.map((page) => page.data as OpportunityGroup[]))
      .filter((group) => group.total_results > 0)
      .map(({ objects: _objects, ...group }) => ({ ...group, label: groupLabel(group, field, false, this.translate) }));
    return { aggregates, groups: undatedLast(groups, field), method: 'fields', requests: stats.requests, bytes: stats.bytes };
  }

  /**
   * Every group counted with one `_limit=0` request (at most MAX_CANDIDATE_GROUPS of them, sent within the
   * client's concurrency), or why not: `fewerGroupsThanPages` when the counts do not add up, saying whether
   * walking the groups (one request per group) would take fewer requests than paging.
   */
  private async discoverByAggregates(
    filter: ServerGroupedFilter,
    limit: number,
    forced: boolean,
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<{ aggregates: Aggregates; groups: GroupSummary[] } | NotCounted> {
    const { group_by: groupBy, ...ungrouped } = filter;
    const aggregatesOnly = { skip: 0, limit: 0 };
    const pagesNeeded = (total: number) => Math.max(1, Math.ceil(total / limit));
    let candidates: Partial<OpportunityGroup>[];
    let top: Aggregates;
    let expectedSum: number;
    let noDate: Aggregates | undefined;

    if (groupBy.field === 'user_id') {
      const [topPage, users] = await Promise.all([opportunityPage(this.requests, ungrouped, aggregatesOnly, signal, stats), this.lists.users(signal, stats)]);
      top = aggregatesOf(topPage);
      const ids = filter.user_id?.length ? filter.user_id : users.map((u) => u.id);
      if (ids.length > MAX_CANDIDATE_GROUPS)
        return { total: top.total_results, fewerGroupsThanPages: false, uncounted: { count: ids.length, max: MAX_CANDIDATE_GROUPS } };
      const names = new Map(users.map((u) => [u.id, fullName(u)]));
      candidates = ids.map((id) => ({ user_id: id, user_name: names.get(id) || null }));
      expectedSum = top.total_results;
    } else {
      const lowerBound: DateRange =
        filter.date_won?.eq || filter.date_won?.gte || filter.date_won?.gt ? { ...filter.date_won } : { ...filter.date_won, gte: EARLIEST_DAY };
      const dated: OpportunityFilter = { ...ungrouped, date_won: lowerBound, fields: ['id', 'date_won'] };
      const [topPage, earliest, latest] = await Promise.all([
        opportunityPage(this.requests, ungrouped, aggregatesOnly, signal, stats),
        opportunityPage(this.requests, { ...dated, order_by: { field: 'date_won', descending: false } }, { skip: 0, limit: 1 }, signal, stats),
        opportunityPage(this.requests, { ...dated, order_by: { field: 'date_won', descending: true } }, { skip: 0, limit: 1 }, signal, stats),
      ]);
      top = aggregatesOf(topPage);
      const notCounted: NotCounted = { total: top.total_results, fewerGroupsThanPages: false };
      const datedAggregates = aggregatesOf(earliest);
      if (datedAggregates.total_results > top.total_results) return notCounted;
      if (datedAggregates.total_results < top.total_results) noDate = subtractAggregates(top, datedAggregates);
      const firstDay = (earliest.data[0] as Opportunity | undefined)?.date_won?.slice(0, 10);
      const lastDay = (latest.data[0] as Opportunity | undefined)?.date_won?.slice(0, 10);
      if (datedAggregates.total_results > 0 && (!firstDay || !lastDay)) return notCounted;
      const periods = firstDay && lastDay ? periodsBetween(groupBy.field, firstDay, lastDay) : [];
      if (!periods) {
        const count = periodCount(groupBy.field, firstDay!, lastDay!);
        const span = Number.isNaN(count) ? {} : { count, first: firstDay, last: lastDay };
        return { ...notCounted, uncounted: { ...span, max: MAX_CANDIDATE_GROUPS } };
      }
      candidates = periods;
      expectedSum = datedAggregates.total_results;
    }
    if (!forced && candidates.length > pagesNeeded(top.total_results)) return { total: top.total_results, fewerGroupsThanPages: false };

    const width = this.requests.maxConcurrency;
    const counted = await mapBounded(candidates, width, async (candidate) => {
      const groupFilter = this.candidateFilter(ungrouped, candidate, groupBy.field);
      if (!groupFilter) return undefined;
      return { candidate, aggregates: aggregatesOf(await opportunityPage(this.requests, groupFilter, aggregatesOnly, signal, stats)) };
    });
    const found = counted.filter((c): c is NonNullable<typeof c> => c !== undefined && c.aggregates.total_results > 0);
    const sum = found.reduce((n, c) => n + c.aggregates.total_results, 0);
    // Opportunities of users /user/ does not list (deactivated) would be missing: walk or page instead.
    if (sum !== expectedSum) return { total: top.total_results, fewerGroupsThanPages: found.length + 1 < pagesNeeded(top.total_results) };

    // Owners /user/ does not name (former members asked for by id): their name is on their opportunities.
    const unnamed = found.filter(({ candidate }) => groupBy.field === 'user_id' && !candidate.user_name);
    await mapBounded(unnamed, width, async ({ candidate }) => {
      const page = await opportunityPage(this.requests, { ...ungrouped, user_id: [candidate.user_id!], fields: ['user_name'] }, { skip: 0, limit: 1 }, signal, stats);
      candidate.user_name = (page.data[0] as Opportunity | undefined)?.user_name ?? null;
    });
    let groups: GroupSummary[] = found.map(({ candidate, aggregates }) => {
      const fields = { ...candidate, key: syntheticKey(candidate, groupBy.field) } as GroupSummary;
      return { ...aggregates, ...fields, label: groupLabel(fields, groupBy.field, false, this.translate) };
    });
    if (groupBy.field === 'user_id') {
      // Close orders user groups by full name; ties (namesakes) by id.
      const rank = (g: GroupSummary) => `${(g.user_name ?? '').toLowerCase()}\u0000${g.user_id}`;
      groups.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    }
    if (groupBy.descending) groups.reverse();
    if (noDate && noDate.total_results > 0) {
      // Only the server knows whether (and under which key) it groups the undated ones: ask it.
      const found = await this.findNoDateGroup(filter, expectedSum, signal, stats);
      if (found) groups = undatedLast(found.first ? [found.group, ...groups] : [...groups, found.group], groupBy.field);
    }
    return { aggregates: top, groups };
  }

  /**
   * The server's own group of opportunities without `date_won`, with its key, fields and aggregates, and
   * whether it comes before the dated groups or after them: one `_limit=1` grouped request at each end (the
   * end only when paging can reach it). Undefined when the server does not group them (then no such group is
   * shown).
   */
  private async findNoDateGroup(
    filter: OpportunityFilter & { group_by: GroupBy },
    datedTotal: number,
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<{ group: GroupSummary; first: boolean } | undefined> {
    const probe = { ...filter, fields: ['id'] };
    const skips = datedTotal > 0 && datedTotal <= this.requests.maxSkip ? [0, datedTotal] : [0];
    const pages = await Promise.all(skips.map((skip) => opportunityPage(this.requests, probe, { skip, limit: 1 }, signal, stats)));
    for (const [i, page] of pages.entries()) {
      for (const group of page.data as OpportunityGroup[]) {
        if (!isNoDateGroup(group, filter.group_by.field) || !Number.isInteger(group.total_results) || group.total_results <= 0) continue;
        const { objects: _objects, ...summary } = group;
        return { group: { ...summary, label: groupLabel(group, filter.group_by.field, false, this.translate) }, first: i === 0 && datedTotal > 0 };
      }
    }
    return undefined;
  }

  /**
   * One `_limit=1` request per group: the object at `_skip=n` opens the next group, and that group's own
   * `total_results` says where the one after it starts. Groups come with the server's keys, labels and
   * aggregates. Undefined when the groups do not add up to the total (the data moved), a key comes twice,
   * or (with `noMoreThanPages`) there are more groups than paging would have taken requests.
   */
  private async discoverByWalking(
    filter: ServerGroupedFilter,
    noMoreThanPages: boolean,
    limit: number,
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<{ aggregates: Aggregates; groups: GroupSummary[] } | undefined> {
    const probe = { ...filter, fields: ['id'] };
    const groups: GroupSummary[] = [];
    const keys = new Set<string | null>();
    let top: Aggregates | undefined;
    for (let skip = 0; top === undefined || skip < top.total_results;) {
      if (skip > this.requests.maxSkip) throw new PagingLimitError(this.requests.maxSkip, top?.total_results);
      const page = await opportunityPage(this.requests, probe, { skip, limit: 1 }, signal, stats);
      top ??= aggregatesOf(page);
      const group = page.data[0] as OpportunityGroup | undefined;
      if (!group) break;
      const size = group.total_results;
      if (!Number.isInteger(size) || size <= 0 || keys.has(group.key)) return undefined;
      if (noMoreThanPages && groups.length >= Math.ceil(top.total_results / limit)) return undefined;
      keys.add(group.key);
      const { objects: _objects, ...summary } = group;
      groups.push({ ...summary, label: groupLabel(group, filter.group_by.field, false, this.translate) });
      skip += size;
    }
    const sum = groups.reduce((n, group) => n + group.total_results, 0);
    return sum === top?.total_results ? { aggregates: top, groups } : undefined;
  }

  private candidateFilter(filter: OpportunityFilter, candidate: Partial<OpportunityGroup>, groupBy: GroupField): OpportunityFilter | undefined {
    if (groupBy === 'user_id') return { ...filter, user_id: [candidate.user_id!] };
    const period = groupPeriod(candidate, groupBy);
    const range = period && intersectDateRange(filter.date_won, period.first, period.last);
    return range ? { ...filter, date_won: range } : undefined;
  }
}
