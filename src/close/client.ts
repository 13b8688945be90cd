// The Close API client: auth, paging, concurrency within the rate limit, retries, timeouts and abort.
// The HTTP layer (transport.ts: Node's http/https, which VS Code wraps) is required on the first request.
import { abortableSleep, childController } from './concurrency';
import { type Credentials, apiBase } from './endpoint';
import { CloseError, FilterValidationError, PagingLimitError } from './errors';
import type { DateRange, GroupBy, OpportunityFilter } from './filter';
import { groupLabel, groupPeriod, intersectDateRange, isNoDateGroup, isoWeekMonday, isoWeekOf, mergeGroupPages } from './groups';
import { GROUPING_FIELDS, isPipelineGrouping } from './types';
import { type CallStats, type RequestLogEntry, Requester, newStats } from './request';
import { aggregatesOf, addAggregates, subtractAggregates } from './aggregates';
import { DEFAULT_PAGE_SIZE, checkFilter, checkPage, opportunityPage } from './opportunityPage';
import { type FetchAllResult, OpportunityPaging } from './paging';
import { type CustomFieldDefinition, ReferenceLists } from './referenceLists';
import { eventLog } from './eventLog';
import { idError, shapeError } from './responseErrors';
import type {
  Aggregates,
  GroupField,
  Me,
  Opportunity,
  OpportunityGroup,
  OpportunityGroupedResponse,
  OpportunityListResponse,
  OpportunityStatus,
  Pipeline,
  PipelineGroupFields,
  SavedSearch,
  User,
} from './types';
import { badOpportunityIdField, isCloseId } from './ids';
import { DEFAULT_USER_AGENT } from './version';
import { type CertificateProbe, directCertificateProbe } from './networkErrors';

export type { Credentials } from './endpoint';
export type { RequestLogEntry } from './request';
export type { FetchAllResult } from './paging';
export type { CustomFieldDefinition } from './referenceLists';

export interface CloseClientOptions {
  /** e.g. 'https://api.close.com/api/v1/' (a missing trailing slash is added). */
  baseUrl: string;
  credentials: Credentials;
  /** Default 'close-opportunities-vscode/<version>'. */
  userAgent?: string;
  /** Per request (headers and body together), default 30000. */
  timeoutMs?: number;
  /** Requests in flight at once, default 12. */
  maxConcurrency?: number;
  /** Retries after the first attempt for 429, 502/503/504 and connection errors, default 5. */
  maxRetries?: number;
  onRequest?: (entry: RequestLogEntry) => void;
  /** First backoff for 5xx and connection errors, doubled each retry (with jitter), default 500 ms. */
  retryBaseDelayMs?: number;
  /** Cap of one backoff, default 8000 ms. */
  maxRetryDelayMs?: number;
  /** A 429 asking to wait longer than this fails at once with RateLimitError, default 60000 ms. */
  maxRateLimitWaitMs?: number;
  /** Wait used for every pause (retries, rate-limit pacing); injectable for tests. Must reject on abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source for jitter, default Math.random. */
  random?: () => number;
  /** Largest `_skip` the server accepts for opportunities, default 250000 (learnt from a 400 that names it). */
  maxSkip?: number;
  /** Largest response body read, default 8 MiB (a page of 200 full opportunities is well under 1 MiB). */
  maxResponseBytes?: number;
  /**
   * true: Node's global agent, which VS Code's extension host wraps with its network settings (proxy, proxy
   * authentication, system certificates); the extension sets it. Default false: a keep-alive pool of the client's own.
   */
  sharedAgent?: boolean;
  /** Describes the certificate a host presents, to name it when TLS verification fails; default: a direct TLS connection. */
  certificateProbe?: CertificateProbe;
  /** All the waits between the attempts of one call together (backoffs, 429 pauses), default 60000 ms. */
  maxRetryTotalMs?: number;
  /** Something the server sent was left out (a Smart View without a name, …); for the log. Never contains the key. */
  onWarning?: (message: string) => void;
}

/** A group without its objects, labelled for display. */
export interface GroupSummary extends Omit<OpportunityGroup, 'objects'>, PipelineGroupFields {
  label: string;
}

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

/** A filter grouped by one of the endpoint's own `_group_by` kinds. */
type ServerGroupedFilter = OpportunityFilter & { group_by: GroupBy & { field: GroupField } };


/** The earliest day any date filter accepts; used to leave out opportunities without a `date_won`. */
const EARLIEST_DAY = '0001-01-01';

/** The date groups between two `YYYY-MM-DD` days, ascending, with the fields the server would give them. */
export function periodsBetween(groupBy: GroupField, first: string, last: string): Partial<OpportunityGroup>[] {
  const [y1, m1] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const [y2, m2] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  const periods: Partial<OpportunityGroup>[] = [];
  switch (groupBy) {
    case 'date_won__year':
      for (let year = y1; year <= y2; year++) periods.push({ year });
      break;
    case 'date_won__quarter':
      for (let i = y1 * 4 + Math.floor((m1 - 1) / 3); i <= y2 * 4 + Math.floor((m2 - 1) / 3); i++) {
        periods.push({ year: Math.floor(i / 4), quarter: (i % 4) + 1 });
      }
      break;
    case 'date_won__month':
      for (let i = y1 * 12 + m1 - 1; i <= y2 * 12 + m2 - 1; i++) periods.push({ year: Math.floor(i / 12), month: (i % 12) + 1 });
      break;
    case 'date_won__week': {
      const start = isoWeekOf(Date.parse(`${first}T00:00:00Z`));
      const end = Date.parse(`${last}T00:00:00Z`);
      for (let monday = isoWeekMonday(start.weekyear, start.week); monday <= end; monday += 7 * 86_400_000) {
        periods.push(isoWeekOf(monday));
      }
      break;
    }
    case 'user_id':
      break;
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

export class CloseClient {
  private readonly requests: Requester;
  private readonly paging: OpportunityPaging;
  private readonly lists: ReferenceLists;

  /** Throws InsecureTransportError for http:// to anything but loopback, before anything is sent. */
  constructor(options: CloseClientOptions) {
    const base = apiBase(options.baseUrl);
    const sleep = options.sleep ?? abortableSleep;
    this.requests = new Requester(base, options.credentials, {
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      maxConcurrency: Math.max(1, Math.floor(options.maxConcurrency ?? 12)),
      policy: {
        maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 5)),
        retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
        maxRetryDelayMs: options.maxRetryDelayMs ?? 8000,
        maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 60_000,
        maxRetryTotalMs: options.maxRetryTotalMs ?? 60_000,
        timeoutMs: options.timeoutMs ?? 30_000,
        maxResponseBytes: options.maxResponseBytes ?? 8 * 1024 * 1024,
      },
      maxSkip: options.maxSkip ?? 250_000,
      sleep,
      random: options.random ?? Math.random,
      onRequest: options.onRequest,
      onWarning: options.onWarning,
      sharedAgent: options.sharedAgent === true,
      certificateProbe: options.certificateProbe ?? directCertificateProbe,
    });
    this.paging = new OpportunityPaging(this.requests);
    this.lists = new ReferenceLists(this.requests);
  }

  /** One page. Plain or grouped depending on `filter.group_by`. */
  listOpportunities(
    filter: OpportunityFilter,
    page: { skip: number; limit: number },
    signal?: AbortSignal,
  ): Promise<OpportunityListResponse | OpportunityGroupedResponse> {
    return this.paging.list(filter, page, signal);
  }

  /** Pages as they arrive, sequentially, until `has_more` is false. */
  pages(filter: OpportunityFilter, options: { limit?: number; signal?: AbortSignal } = {}): AsyncIterable<OpportunityListResponse | OpportunityGroupedResponse> {
    return this.paging.pages(filter, options);
  }

  /**
   * Every page of a filter: the first page, then the rest concurrently within the rate limit; objects in
   * server order, no duplicates or gaps; groups merged by key.
   */
  fetchAll(
    filter: OpportunityFilter,
    options: { limit?: number; signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<FetchAllResult> {
    return this.paging.fetchAll(filter, options);
  }

  /**
   * Every opportunity of an ungrouped filter, page by page in server order, without keeping them: `onPage`
   * gets each page's opportunities (none listed twice) as soon as the pages before it were handed over, and
   * at most twice `maxConcurrency` pages are requested ahead of it, so memory stays flat however many match.
   */
  eachPage(
    filter: OpportunityFilter,
    options: {
      limit?: number;
      signal?: AbortSignal;
      onPage: (objects: Opportunity[]) => void | Promise<void>;
      onProgress?: (loaded: number, total: number) => void;
    },
  ): Promise<{ aggregates: Aggregates; count: number; requests: number; bytes: number }> {
    return this.paging.eachPage(filter, options);
  }

  /**
   * All groups of a grouped filter with their aggregates (no objects), the cheapest way first (design §9):
   * one `_limit=0` request per candidate group when that takes no more requests than paging, accepted only
   * when the groups add up to the filter's total; when they do not (owners /user/ does not list), walking
   * the groups with one `_limit=1` request each, if there are fewer groups than pages; otherwise paging
   * through the grouped response with `_fields=id`. Empty groups are left out; groups are in the server's order.
   * Status and pipeline groups (no `_group_by` exists for them) come from one `_limit=0` request per status
   * or pipeline the filter allows, in Close's pipeline order (`pipelines`: `/pipeline/` when already
   * loaded; otherwise it is fetched); `includeEmpty` keeps those with no opportunities.
   */
  async discoverGroups(
    filter: OpportunityFilter & { group_by: GroupBy },
    options: {
      signal?: AbortSignal;
      method?: GroupDiscovery['method'];
      limit?: number;
      pipelines?: readonly Pipeline[];
      includeEmpty?: boolean;
    } = {},
  ): Promise<GroupDiscovery> {
    checkFilter(filter, this.requests.scrub);
    if (!filter.group_by) throw new FilterValidationError('group_by', 'group_by: choose a grouping before listing groups.', GROUPING_FIELDS);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    checkPage({ skip: 0, limit }, this.requests.maxSkip);
    const stats = newStats();
    const { controller, dispose } = childController(options.signal);
    try {
      if (isPipelineGrouping(filter.group_by.field)) {
        const found = await this.discoverPipelineGroups(filter, options, controller.signal, stats);
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
    let walk = options.method === 'walk';
    if (options.method === undefined || options.method === 'aggregate') {
      const found = await this.discoverByAggregates(filter, limit, options.method === 'aggregate', signal, stats);
      if (found && 'groups' in found) return { ...found, method: 'aggregate', requests: stats.requests, bytes: stats.bytes };
      walk = options.method === undefined && found?.fewerGroupsThanPages === true;
    }
    if (walk) {
      const found = await this.discoverByWalking(filter, options.method !== 'walk', limit, signal, stats);
      if (found) return { ...found, method: 'walk', requests: stats.requests, bytes: stats.bytes };
    }
    const { aggregates, pages } = await this.paging.fetchPages({ ...filter, fields: ['id'] }, limit, stats, signal);
    const groups = mergeGroupPages(pages.map((page) => page.data as OpportunityGroup[]))
      .filter((group) => group.total_results > 0)
      .map(({ objects: _objects, ...group }) => ({ ...group, label: groupLabel(group, filter.group_by.field) }));
    return { aggregates, groups, method: 'fields', requests: stats.requests, bytes: stats.bytes };
  }

  async getOpportunity(id: string, signal?: AbortSignal): Promise<Opportunity> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_]+$/.test(id)) {
      throw new CloseError('INVALID_ID', `“${String(id)}” is not an opportunity id (ids look like oppo_…).`);
    }
    const body = await this.requests.getJson<Opportunity>(`opportunity/${id}/`, undefined, signal, newStats(), 'interactive');
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw shapeError(`opportunity/${id}/`);
    const bad = badOpportunityIdField(body as unknown as Record<string, unknown>);
    if (bad) throw idError(`opportunity/${id}/`, bad);
    return body;
  }

  listStatuses(signal?: AbortSignal): Promise<OpportunityStatus[]> {
    return this.lists.statuses(signal);
  }

  listPipelines(signal?: AbortSignal): Promise<Pipeline[]> {
    return this.lists.pipelines(signal);
  }

  /** All users of the organization (every page). Deactivated members are not listed by Close. */
  listUsers(signal?: AbortSignal): Promise<User[]> {
    return this.lists.users(signal);
  }

  me(signal?: AbortSignal): Promise<Me> {
    return this.lists.me(signal);
  }

  /** The organization's opportunity custom fields (every page); opportunities carry them as `custom.<id>`. */
  listOpportunityCustomFields(signal?: AbortSignal): Promise<CustomFieldDefinition[]> {
    return this.lists.customFields(signal);
  }

  /**
   * The organization's currency (ISO code, e.g. `EUR`), in which Close sums and formats amounts: from
   * `/me/`'s organization when it says, else `GET organization/{id}/?_fields=currency`. Undefined when
   * Close does not say.
   */
  organizationCurrency(signal?: AbortSignal): Promise<string | undefined> {
    return this.lists.organizationCurrency(signal);
  }

  /** Lead Smart Views (every page). */
  listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
    return this.lists.savedSearches(signal);
  }

  /**
   * Close's Event Log (`GET /event/`), newest first, following `cursor_next` (the date bounds are sent with
   * the first request only, as Close asks) for at most `maxPages` pages of 50. `complete` is false when
   * pages were left. Errors (403/404 for keys that cannot read it) are thrown as for any request.
   */
  events(
    query: { object_type: string; action: string; date_updated__gte: string },
    options: { signal?: AbortSignal; maxPages?: number } = {},
  ): Promise<{ events: Record<string, unknown>[]; complete: boolean; requests: number }> {
    return eventLog(this.requests, query, options);
  }

  /** Closes keep-alive connections. The client can still be used afterwards (it reconnects). */
  async close(): Promise<void> {
    this.requests.close();
  }

  // ---- group discovery -----------------------------------------------------------------------------------

  /**
   * Undefined when this way does not apply; `fewerGroupsThanPages` when the counts do not add up, saying
   * whether walking the groups (one request per group) would take fewer requests than paging.
   */
  private async discoverByAggregates(
    filter: ServerGroupedFilter,
    limit: number,
    forced: boolean,
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<{ aggregates: Aggregates; groups: GroupSummary[] } | { fewerGroupsThanPages: boolean } | undefined> {
    const { group_by: groupBy, ...ungrouped } = filter;
    const aggregatesOnly = { skip: 0, limit: 0 };
    const pagesNeeded = (total: number) => Math.max(1, Math.ceil(total / limit));
    let candidates: Partial<OpportunityGroup>[];
    let top: Aggregates;
    let expectedSum: number;
    let noDate: Aggregates | undefined;

    if (groupBy.field === 'user_id') {
      const [topPage, users] = await Promise.all([
        opportunityPage(this.requests, ungrouped, aggregatesOnly, signal, stats),
        this.lists.users(signal, stats),
      ]);
      top = aggregatesOf(topPage);
      const names = new Map(users.map((u) => [u.id, [u.first_name, u.last_name].filter(Boolean).join(' ')]));
      const ids = filter.user_id?.length ? filter.user_id : users.map((u) => u.id);
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
      const datedAggregates = aggregatesOf(earliest);
      if (datedAggregates.total_results > top.total_results) return undefined;
      if (datedAggregates.total_results < top.total_results) noDate = subtractAggregates(top, datedAggregates);
      const firstDay = (earliest.data[0] as Opportunity | undefined)?.date_won;
      const lastDay = (latest.data[0] as Opportunity | undefined)?.date_won;
      if (datedAggregates.total_results > 0 && (!firstDay || !lastDay)) return undefined;
      candidates = firstDay && lastDay ? periodsBetween(groupBy.field, firstDay.slice(0, 10), lastDay.slice(0, 10)) : [];
      expectedSum = datedAggregates.total_results;
    }
    if (!forced && candidates.length > pagesNeeded(top.total_results)) return undefined;

    const counted = await Promise.all(
      candidates.map(async (candidate) => {
        const groupFilter = this.candidateFilter(ungrouped, candidate, groupBy.field);
        if (!groupFilter) return undefined;
        return { candidate, aggregates: aggregatesOf(await opportunityPage(this.requests, groupFilter, aggregatesOnly, signal, stats)) };
      }),
    );
    const found = counted.filter((c): c is NonNullable<typeof c> => c !== undefined && c.aggregates.total_results > 0);
    const sum = found.reduce((n, c) => n + c.aggregates.total_results, 0);
    // Opportunities of users /user/ does not list (deactivated) would be missing: walk or page instead.
    if (sum !== expectedSum) return { fewerGroupsThanPages: found.length + 1 < pagesNeeded(top.total_results) };

    // Owners /user/ does not name (former members asked for by id): their name is on their opportunities.
    await Promise.all(
      found
        .filter(({ candidate }) => groupBy.field === 'user_id' && !candidate.user_name)
        .map(async ({ candidate }) => {
          const page = await opportunityPage(this.requests, { ...ungrouped, user_id: [candidate.user_id!], fields: ['user_name'] }, { skip: 0, limit: 1 }, signal, stats);
          candidate.user_name = (page.data[0] as Opportunity | undefined)?.user_name ?? null;
        }),
    );
    let groups: GroupSummary[] = found.map(({ candidate, aggregates }) => {
      const fields = { ...candidate, key: syntheticKey(candidate, groupBy.field) } as GroupSummary;
      return { ...aggregates, ...fields, label: groupLabel(fields, groupBy.field) };
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
      if (found) groups = found.first ? [found.group, ...groups] : [...groups, found.group];
    }
    return { aggregates: top, groups };
  }

  /**
   * The server's own group of opportunities without `date_won`, with its key, fields and aggregates, and
   * whether it comes before the dated groups or after them: one `_limit=1` grouped request at each end.
   * Undefined when the server does not group them (then no such group is shown).
   */
  private async findNoDateGroup(
    filter: OpportunityFilter & { group_by: GroupBy },
    datedTotal: number,
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<{ group: GroupSummary; first: boolean } | undefined> {
    const probe = { ...filter, fields: ['id'] };
    const skips = datedTotal > 0 ? [0, datedTotal] : [0];
    const pages = await Promise.all(skips.map((skip) => opportunityPage(this.requests, probe, { skip, limit: 1 }, signal, stats)));
    for (const [i, page] of pages.entries()) {
      for (const group of page.data as OpportunityGroup[]) {
        if (!isNoDateGroup(group, filter.group_by.field) || !Number.isInteger(group.total_results) || group.total_results <= 0) continue;
        const { objects: _objects, ...summary } = group;
        return { group: { ...summary, label: groupLabel(group, filter.group_by.field) }, first: i === 0 && datedTotal > 0 };
      }
    }
    return undefined;
  }

  /**
   * Status or pipeline groups: the statuses in Close's order (pipeline by pipeline, status by status), those
   * the filter excludes left out without asking (its `status_id`, `status_type`, `status_label`), then one
   * `_limit=0` request per status (the filter plus `status_id`) or per pipeline (`status_id__in` of its
   * statuses). Every status belongs to a pipeline, so the groups add up to the filter: its aggregates are
   * their sum, with no request of their own.
   */
  private async discoverPipelineGroups(
    filter: OpportunityFilter & { group_by: GroupBy },
    options: { pipelines?: readonly Pipeline[]; includeEmpty?: boolean },
    signal: AbortSignal,
    stats: CallStats,
  ): Promise<{ aggregates: Aggregates; groups: GroupSummary[] }> {
    const { group_by: groupBy, ...ungrouped } = filter;
    // Reference lists are not counted in `requests`: callers usually have them already.
    const pipelines = options.pipelines ?? (await this.lists.pipelines(signal));
    let statuses = pipelineStatuses(pipelines);
    if (statuses.length === 0) {
      // An organization without pipelines (older accounts): the flat status list, in its own order.
      statuses = pipelineStatuses([{ id: '', name: '', statuses: await this.lists.statuses(signal) }]);
    }
    for (const id of ungrouped.status_id ?? []) {
      // A status the filter names but no pipeline lists still gets its group (labelled by its id).
      if (!statuses.some((status) => status.status_id === id)) statuses.push({ status_id: id, status_label: null, pipeline_id: null, pipeline_name: null });
    }
    const allowed = statuses.filter((status) => statusAllowed(status, ungrouped));
    const candidates: PipelineGroupFields[] = [];
    if (groupBy.field === 'status_id') {
      for (const status of allowed) candidates.push({ ...status, status_ids: [status.status_id!] });
    } else {
      const byPipeline = new Map<string, PipelineGroupFields>();
      for (const status of allowed) {
        const id = status.pipeline_id ?? '';
        let pipeline = byPipeline.get(id);
        if (!pipeline) {
          pipeline = { pipeline_id: status.pipeline_id ?? null, pipeline_name: status.pipeline_name ?? null, status_ids: [] };
          byPipeline.set(id, pipeline);
          candidates.push(pipeline);
        }
        pipeline.status_ids!.push(status.status_id!);
      }
    }
    const counted = await Promise.all(
      candidates.map(async (candidate) => ({
        candidate,
        aggregates: aggregatesOf(await opportunityPage(this.requests, { ...ungrouped, status_id: candidate.status_ids }, { skip: 0, limit: 0 }, signal, stats)),
      })),
    );
    const several = pipelines.filter((p) => typeof p === 'object' && p !== null).length > 1;
    const groups: GroupSummary[] = counted
      .filter(({ aggregates }) => options.includeEmpty === true || aggregates.total_results > 0)
      .map(({ candidate, aggregates }) => ({
        ...aggregates,
        ...candidate,
        key: (groupBy.field === 'status_id' ? candidate.status_id : candidate.pipeline_id) ?? 'none',
        label: groupLabel(candidate, groupBy.field, several),
      }));
    if (groupBy.descending) groups.reverse();
    return { aggregates: addAggregates(counted.map(({ aggregates }) => aggregates)), groups };
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
    for (let skip = 0; top === undefined || skip < top.total_results; ) {
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
      groups.push({ ...summary, label: groupLabel(group, filter.group_by.field) });
      skip += size;
    }
    const sum = groups.reduce((n, group) => n + group.total_results, 0);
    return top && sum === top.total_results ? { aggregates: top, groups } : undefined;
  }

  private candidateFilter(filter: OpportunityFilter, candidate: Partial<OpportunityGroup>, groupBy: GroupField): OpportunityFilter | undefined {
    if (groupBy === 'user_id') return { ...filter, user_id: [candidate.user_id!] };
    const period = groupPeriod(candidate as GroupSummary, groupBy);
    const range = period && intersectDateRange(filter.date_won, period.first, period.last);
    return range ? { ...filter, date_won: range } : undefined;
  }
}

/** The statuses of the pipelines in Close's order, each once, with their pipeline; unusable entries left out. */
export function pipelineStatuses(pipelines: readonly Pipeline[]): PipelineGroupFields[] {
  const statuses: PipelineGroupFields[] = [];
  const seen = new Set<string>();
  for (const pipeline of pipelines) {
    if (typeof pipeline !== 'object' || pipeline === null || !Array.isArray(pipeline.statuses)) continue;
    const pipelineId = isCloseId(pipeline.id, 'pipe') ? pipeline.id : null;
    const pipelineName = typeof pipeline.name === 'string' && pipeline.name !== '' ? pipeline.name : null;
    for (const status of pipeline.statuses as unknown[]) {
      if (typeof status !== 'object' || status === null) continue;
      const { id, label, type, pipeline_id: ownPipeline } = status as Partial<OpportunityStatus>;
      if (!isCloseId(id, 'stat') || seen.has(id)) continue;
      seen.add(id);
      statuses.push({
        status_id: id,
        status_label: typeof label === 'string' ? label : null,
        status_type: type === 'active' || type === 'won' || type === 'lost' ? type : null,
        pipeline_id: pipelineId ?? (isCloseId(ownPipeline, 'pipe') ? ownPipeline : null),
        pipeline_name: pipelineName,
      });
    }
  }
  return statuses;
}

/**
 * False when the filter excludes every opportunity of this status, so it needs no request: a `status_id`
 * list without it, a `status_type` list without its type, a `status_label`/`status` list without its label
 * (compared without case, in case Close does). Unknown types and labels are kept: the server decides.
 */
export function statusAllowed(status: PipelineGroupFields, filter: OpportunityFilter): boolean {
  if (filter.status_id?.length && !filter.status_id.includes(status.status_id ?? '')) return false;
  if (filter.status_type?.length && status.status_type && !filter.status_type.includes(status.status_type)) return false;
  const label = status.status_label?.toLowerCase();
  for (const labels of [filter.status_label, filter.status]) {
    if (labels?.length && label !== undefined && !labels.some((l) => l.toLowerCase() === label)) return false;
  }
  return true;
}
