// The Close API client: auth, paging, concurrency within the rate limit, retries, timeouts and abort.
// The HTTP layer (transport.ts: Node's http/https, which VS Code wraps) is required on the first request.
import { setMaxListeners } from 'node:events';
import {
  AuthError,
  BadRequestError,
  BadResponseError,
  CloseError,
  FilterValidationError,
  InsecureTransportError,
  NetworkError,
  NotFoundError,
  PagingLimitError,
  RateLimitError,
  ServerError,
  TimeoutError,
  abortError,
} from './errors';
import type { DateRange, GroupBy, OpportunityFilter } from './filter';
import { groupLabel, groupPeriod, intersectDateRange, isoWeekMonday, isoWeekOf, mergeGroupPages } from './groups';
import { toQueryParams, validateFilter } from './query';
import { RateLimitPacer } from './pacer';
import { GROUP_FIELDS } from './types';
import { type RateLimitInfo, parseRateLimitHeaders, rateLimitDelay } from './rateLimit';
import type {
  Aggregates,
  GroupField,
  Me,
  Opportunity,
  OpportunityGroup,
  OpportunityGroupedResponse,
  OpportunityListResponse,
  OpportunityStatus,
  Page,
  Pipeline,
  SavedSearch,
  User,
} from './types';
import { badOpportunityIdField, type IdPrefix, isCloseId } from './ids';
import { createScrubber, scrubCredentials } from './scrub';
import { DEFAULT_USER_AGENT } from './version';
import { describeNetworkFailure, type CertificateProbe, directCertificateProbe } from './networkErrors';
import { errorCode, ownAgents, sendOnce } from './transport';
import type * as Http from 'http';

/** An API key (sent as Basic `key:`) or an OAuth access token (sent as Bearer). */
export type Credentials = { apiKey: string } | { oauthToken: string };

/** One HTTP attempt, for the log. Never contains credentials. */
export interface RequestLogEntry {
  method: string;
  /** Path + query relative to the base URL, e.g. `opportunity/?_limit=100&_skip=0`. */
  url: string;
  status?: number;
  durationMs: number;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** Why the attempt failed (never contains the key). */
  error?: string;
  /** When the attempt will be retried: how long the client waits first. */
  retryInMs?: number;
  /** Response body bytes received. */
  bytes?: number;
  /** The rate-limit window the server announced with this answer, if it did. */
  rateLimit?: RateLimitInfo;
}

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
  /** Largest response body read, default 64 MiB (a page of 200 full opportunities is well under 1 MiB). */
  maxResponseBytes?: number;
  /**
   * true: Node's global agent, which VS Code's extension host wraps with its network settings (proxy, proxy
   * authentication, system certificates); the extension sets it. Default false: a keep-alive pool of the client's own.
   */
  sharedAgent?: boolean;
  /** Describes the certificate a host presents, to name it when TLS verification fails; default: a direct TLS connection. */
  certificateProbe?: CertificateProbe;
}

/** Every page of a filter, reassembled in server order. */
export interface FetchAllResult {
  aggregates: Aggregates;
  objects: Opportunity[];
  /** Grouped filters: the groups merged by key, objects concatenated in order. */
  groups?: OpportunityGroup[];
  requests: number;
  responses429: number;
  /** Response body bytes received. */
  bytes: number;
}

/** A group without its objects, labelled for display. */
export interface GroupSummary extends Omit<OpportunityGroup, 'objects'> {
  label: string;
}

/** All groups of a grouped filter, and what it cost to find them. */
export interface GroupDiscovery {
  aggregates: Aggregates;
  groups: GroupSummary[];
  /**
   * 'aggregate': one `_limit=0` request per candidate group; 'walk': one `_limit=1` request per group, each
   * jumping over the group before it; 'fields': paged through with `_fields=id`.
   */
  method: 'aggregate' | 'walk' | 'fields';
  requests: number;
  /** Response body bytes received. */
  bytes: number;
}

/** What one public call cost; shared by all the requests it made. */
interface CallStats {
  requests: number;
  bytes: number;
  responses429: number;
}

type OpportunityPage = OpportunityListResponse | OpportunityGroupedResponse;

const DEFAULT_PAGE_SIZE = 100;
/** Sent a little after a window's announced reset, so the first request of the next window is not early. */
const PACING_MARGIN_MS = 15;
const RATE_LIMIT_JITTER_MS = 100;
const EXCERPT_LENGTH = 120;
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** The earliest day any date filter accepts; used to leave out opportunities without a `date_won`. */
const EARLIEST_DAY = '0001-01-01';

/** Names for a path's first segment in "not found" messages. */
const RESOURCE_NAMES: Record<string, string> = {
  opportunity: 'Opportunity',
  user: 'User',
  status: 'Status',
  pipeline: 'Pipeline',
  saved_search: 'Smart View',
  lead: 'Lead',
};

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped loopback) and localhost: plain http stays on this machine there. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(host);
}

/** A FIFO limit on requests in flight; waiting is abortable. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.active--;
  }
}

/** An abort controller that also aborts when `parent` does. */
function childController(parent?: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  // Every request of a fetchAll listens to it: that is expected, not a leak.
  setMaxListeners(0, controller.signal);
  if (!parent) return { controller, dispose: () => {} };
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}

function aggregatesOf(response: Aggregates): Aggregates {
  const { data: _data, has_more: _hasMore, objects: _objects, ...aggregates } = response as Aggregates & {
    data?: unknown;
    has_more?: unknown;
    objects?: unknown;
  };
  void _data;
  void _hasMore;
  void _objects;
  return aggregates;
}

function countObjects(page: OpportunityPage, grouped: boolean): number {
  if (!grouped) return page.data.length;
  let n = 0;
  for (const group of page.data as OpportunityGroup[]) n += group.objects.length;
  return n;
}

/** The aggregates of `all` minus those of `part` (money in cents, counts by period). */
function subtractAggregates(all: Aggregates, part: Aggregates): Aggregates {
  const count_by_value_period: Aggregates['count_by_value_period'] = {};
  for (const period of ['one_time', 'monthly', 'annual'] as const) {
    const n = (all.count_by_value_period[period] ?? 0) - (part.count_by_value_period[period] ?? 0);
    if (n > 0) count_by_value_period[period] = n;
  }
  return {
    total_results: all.total_results - part.total_results,
    count_by_value_period,
    total_value_one_time: all.total_value_one_time - part.total_value_one_time,
    total_value_monthly: all.total_value_monthly - part.total_value_monthly,
    total_value_annual: all.total_value_annual - part.total_value_annual,
    total_value_annualized: all.total_value_annualized - part.total_value_annualized,
    expected_value_one_time: all.expected_value_one_time - part.expected_value_one_time,
    expected_value_monthly: all.expected_value_monthly - part.expected_value_monthly,
    expected_value_annual: all.expected_value_annual - part.expected_value_annual,
    expected_value_annualized: all.expected_value_annualized - part.expected_value_annualized,
  };
}

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
  private readonly base: URL;
  readonly #authorization: string;
  /** Takes every spelling of the secret (and any other credential) out of text, for messages and the log. */
  readonly #scrub: (text: string) => string;
  private readonly usesOAuth: boolean;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly maxConcurrency: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxRateLimitWaitMs: number;
  private readonly onRequest?: (entry: RequestLogEntry) => void;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private maxSkip: number;
  private readonly maxResponseBytes: number;
  private readonly slots: Semaphore;
  private readonly agentFor: (url: URL) => Http.Agent | undefined;
  private readonly closeTransport: () => void;
  private readonly certificateProbe: CertificateProbe;

  /** Shared by every request of this client (a 429 pauses them all). */
  private readonly pacer: RateLimitPacer;

  /** Throws InsecureTransportError for http:// to anything but loopback, before anything is sent. */
  constructor(options: CloseClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new CloseError('INVALID_BASE_URL', `“${scrubCredentials(String(options.baseUrl))}” is not a URL. Set closeOpportunities.apiBaseUrl to e.g. https://api.close.com/api/v1/.`);
    }
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    if (base.protocol === 'http:') {
      if (!isLoopbackHost(base.hostname)) {
        throw new InsecureTransportError(
          `Refusing to send the Close API key over plain http:// to ${base.hostname}: use https://. ` +
            'Plain http:// is only allowed to this machine (127.0.0.1, ::1, localhost).',
        );
      }
    } else if (base.protocol !== 'https:') {
      throw new CloseError('INVALID_BASE_URL', `The Close API base URL must start with https:// (it starts with ${base.protocol}//).`);
    }
    this.base = base;

    const credentials = options.credentials as Partial<{ apiKey: unknown; oauthToken: unknown }>;
    if ('oauthToken' in credentials) {
      const token = credentials.oauthToken;
      if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
        throw new CloseError('INVALID_CREDENTIALS', 'The OAuth access token is empty or contains spaces or control characters.');
      }
      this.#authorization = `Bearer ${token}`;
      this.#scrub = createScrubber([token]);
      this.usesOAuth = true;
    } else {
      const key = credentials.apiKey;
      if (typeof key !== 'string' || !/^[\x21-\x7e]+$/.test(key)) {
        throw new CloseError('INVALID_CREDENTIALS', 'The API key is empty or contains spaces or control characters. Set it again with “Close: Set API Key”.');
      }
      this.#authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
      this.#scrub = createScrubber([key]);
      this.usesOAuth = false;
    }

    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency ?? 12));
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 5));
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 8000;
    this.maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 60_000;
    this.onRequest = options.onRequest;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.maxSkip = options.maxSkip ?? 250_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.slots = new Semaphore(this.maxConcurrency);
    if (options.sharedAgent) {
      this.agentFor = () => undefined;
      this.closeTransport = () => {};
    } else {
      const own = ownAgents(this.maxConcurrency);
      this.agentFor = own.agentFor;
      this.closeTransport = own.close;
    }
    this.certificateProbe = options.certificateProbe ?? directCertificateProbe;
    this.pacer = new RateLimitPacer(this.sleep, Date.now, this.maxRateLimitWaitMs);
  }

  /** One page. Plain or grouped depending on `filter.group_by`. */
  listOpportunities(
    filter: OpportunityFilter,
    page: { skip: number; limit: number },
    signal?: AbortSignal,
  ): Promise<OpportunityListResponse | OpportunityGroupedResponse> {
    try {
      this.validate(filter);
      this.checkPage(page);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.opportunityPage(filter, page, signal, this.newStats());
  }

  /** Pages as they arrive, sequentially, until `has_more` is false. */
  async *pages(
    filter: OpportunityFilter,
    options: { limit?: number; signal?: AbortSignal } = {},
  ): AsyncIterable<OpportunityListResponse | OpportunityGroupedResponse> {
    this.validate(filter);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    this.checkPage({ skip: 0, limit });
    const grouped = filter.group_by !== undefined;
    const stats = this.newStats();
    for (let skip = 0; ; ) {
      if (skip > this.maxSkip) throw new PagingLimitError(this.maxSkip);
      const page = await this.opportunityPage(filter, { skip, limit }, options.signal, stats);
      yield page;
      const count = countObjects(page, grouped);
      // An empty page that claims more would loop for ever.
      if (!page.has_more || count === 0) return;
      skip += count;
    }
  }

  /**
   * Every page of a filter: the first page, then the rest concurrently within the rate limit; objects in
   * server order, no duplicates or gaps; groups merged by key.
   */
  async fetchAll(
    filter: OpportunityFilter,
    options: { limit?: number; signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<FetchAllResult> {
    this.validate(filter);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    this.checkPage({ skip: 0, limit });
    const stats = this.newStats();
    const { aggregates, pages } = await this.fetchPages(filter, limit, stats, options.signal, options.onProgress);
    const grouped = filter.group_by !== undefined;
    if (grouped) {
      const groups = mergeGroupPages(pages.map((page) => page.data as OpportunityGroup[]));
      return { aggregates, objects: groups.flatMap((group) => group.objects), groups, requests: stats.requests, responses429: stats.responses429, bytes: stats.bytes };
    }
    const seen = new Set<string>();
    const objects: Opportunity[] = [];
    for (const page of pages) {
      for (const object of page.data as Opportunity[]) {
        if (typeof object.id === 'string') {
          if (seen.has(object.id)) continue; // shifted by a change on the server between two pages
          seen.add(object.id);
        }
        objects.push(object);
      }
    }
    return { aggregates, objects, requests: stats.requests, responses429: stats.responses429, bytes: stats.bytes };
  }

  /**
   * All groups of a grouped filter with their aggregates (no objects), the cheapest way first (design §9):
   * one `_limit=0` request per candidate group when that takes no more requests than paging, accepted only
   * when the groups add up to the filter's total; when they do not (owners /user/ does not list), walking
   * the groups with one `_limit=1` request each, if there are fewer groups than pages; otherwise paging
   * through the grouped response with `_fields=id`. Empty groups are left out; groups are in the server's order.
   */
  async discoverGroups(
    filter: OpportunityFilter & { group_by: GroupBy },
    options: { signal?: AbortSignal; method?: GroupDiscovery['method']; limit?: number } = {},
  ): Promise<GroupDiscovery> {
    this.validate(filter);
    if (!filter.group_by) throw new FilterValidationError('group_by', 'group_by: choose a grouping before listing groups.', GROUP_FIELDS);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    this.checkPage({ skip: 0, limit });
    const stats = this.newStats();
    const { controller, dispose } = childController(options.signal);
    try {
      let walk = options.method === 'walk';
      if (options.method === undefined || options.method === 'aggregate') {
        const found = await this.discoverByAggregates(filter, limit, options.method === 'aggregate', controller.signal, stats);
        if (found && 'groups' in found) return { ...found, method: 'aggregate', requests: stats.requests, bytes: stats.bytes };
        walk = options.method === undefined && found?.fewerGroupsThanPages === true;
      }
      if (walk) {
        const found = await this.discoverByWalking(filter, options.method !== 'walk', limit, controller.signal, stats);
        if (found) return { ...found, method: 'walk', requests: stats.requests, bytes: stats.bytes };
      }
      const { aggregates, pages } = await this.fetchPages({ ...filter, fields: ['id'] }, limit, stats, controller.signal);
      const groups = mergeGroupPages(pages.map((page) => page.data as OpportunityGroup[]))
        .filter((group) => group.total_results > 0)
        .map(({ objects: _objects, ...group }) => ({ ...group, label: groupLabel(group, filter.group_by.field) }));
      return { aggregates, groups, method: 'fields', requests: stats.requests, bytes: stats.bytes };
    } catch (error) {
      controller.abort();
      throw error;
    } finally {
      dispose();
    }
  }

  async getOpportunity(id: string, signal?: AbortSignal): Promise<Opportunity> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_]+$/.test(id)) {
      throw new CloseError('INVALID_ID', `“${String(id)}” is not an opportunity id (ids look like oppo_…).`);
    }
    const body = await this.getJson<Opportunity>(`opportunity/${id}/`, undefined, signal, this.newStats());
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw this.shapeError(`opportunity/${id}/`);
    const bad = badOpportunityIdField(body as unknown as Record<string, unknown>);
    if (bad) throw this.idError(`opportunity/${id}/`, bad);
    return body;
  }

  listStatuses(signal?: AbortSignal): Promise<OpportunityStatus[]> {
    return this.allPages<OpportunityStatus>('status/opportunity/', undefined, signal, undefined, 'stat');
  }

  listPipelines(signal?: AbortSignal): Promise<Pipeline[]> {
    return this.allPages<Pipeline>('pipeline/', undefined, signal, undefined, 'pipe');
  }

  /** All users of the organization (every page). Deactivated members are not listed by Close. */
  listUsers(signal?: AbortSignal): Promise<User[]> {
    return this.allPages<User>('user/', undefined, signal, undefined, 'user');
  }

  async me(signal?: AbortSignal): Promise<Me> {
    const body = await this.getJson<Me>('me/', undefined, signal, this.newStats());
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw this.shapeError('me/');
    if (!isCloseId(body.id, 'user')) throw this.idError('me/', 'id');
    return body;
  }

  /** Lead Smart Views (every page). */
  listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
    return this.allPages<SavedSearch>('saved_search/', new URLSearchParams({ type: 'lead' }), signal, undefined, 'save');
  }

  /**
   * Close's Event Log (`GET /event/`), newest first, following `cursor_next` (the date bounds are sent with
   * the first request only, as Close asks) for at most `maxPages` pages of 50. `complete` is false when
   * pages were left. Errors (403/404 for keys that cannot read it) are thrown as for any request.
   */
  async events(
    query: { object_type: string; action: string; date_updated__gte: string },
    options: { signal?: AbortSignal; maxPages?: number } = {},
  ): Promise<{ events: Record<string, unknown>[]; complete: boolean; requests: number }> {
    const stats = this.newStats();
    const events: Record<string, unknown>[] = [];
    const maxPages = Math.max(1, Math.floor(options.maxPages ?? 20));
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const params = new URLSearchParams({ object_type: query.object_type, action: query.action, _limit: '50' });
      if (cursor) params.set('_cursor', cursor);
      else params.set('date_updated__gte', query.date_updated__gte);
      const body = await this.getJson<{ data?: unknown; cursor_next?: unknown }>('event/', params, options.signal, stats);
      if (typeof body !== 'object' || body === null || !Array.isArray(body.data)) throw this.shapeError('event/');
      events.push(...body.data.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null));
      const next = body.cursor_next;
      // A cursor that does not move on would loop for ever.
      if (typeof next !== 'string' || next === '' || next === cursor || body.data.length === 0) return { events, complete: true, requests: stats.requests };
      cursor = next;
    }
    return { events, complete: false, requests: stats.requests };
  }

  /** Closes keep-alive connections. The client can still be used afterwards (it reconnects). */
  async close(): Promise<void> {
    this.closeTransport();
  }

  // ---- paging ------------------------------------------------------------------------------------------

  private newStats(): CallStats {
    return { requests: 0, bytes: 0, responses429: 0 };
  }

  /** validateFilter, with any echo of the key (pasted into the wrong box) taken out of the message. */
  private validate(filter: OpportunityFilter): void {
    try {
      validateFilter(filter);
    } catch (error) {
      if (error instanceof FilterValidationError && this.scrub(error.message) !== error.message) {
        throw new FilterValidationError(error.field, this.scrub(error.message), error.accepted);
      }
      throw error;
    }
  }

  private checkPage(page: { skip: number; limit: number }): void {
    if (!Number.isInteger(page.skip) || page.skip < 0) throw new CloseError('INVALID_PAGE', `The page start (_skip) must be a whole number ≥ 0, not ${page.skip}.`);
    if (!Number.isInteger(page.limit) || page.limit < 0) throw new CloseError('INVALID_PAGE', `The page size (_limit) must be a whole number ≥ 0, not ${page.limit}.`);
    if (page.skip > this.maxSkip) throw new PagingLimitError(this.maxSkip);
  }

  /** The first page, then every other page at once (the limiter and pacing keep it within the rate limit). */
  private async fetchPages(
    filter: OpportunityFilter,
    limit: number,
    stats: CallStats,
    signal?: AbortSignal,
    onProgress?: (loaded: number, total: number) => void,
  ): Promise<{ aggregates: Aggregates; pages: OpportunityPage[] }> {
    const grouped = filter.group_by !== undefined;
    const { controller, dispose } = childController(signal);
    try {
      const first = await this.opportunityPage(filter, { skip: 0, limit }, controller.signal, stats);
      const total = first.total_results;
      const step = countObjects(first, grouped); // the server may send fewer than asked for
      let loaded = step;
      onProgress?.(loaded, total);
      const pages: OpportunityPage[] = [first];
      if (!first.has_more || step === 0) return { aggregates: aggregatesOf(first), pages };

      // Checked before listing the skips: a total far beyond the cap (a broken proxy's 1e15) would not fit in memory.
      if (total > step && step * Math.floor((total - 1) / step) > this.maxSkip) throw new PagingLimitError(this.maxSkip, total);
      const skips: number[] = [];
      for (let skip = step; skip < total; skip += step) skips.push(skip);
      const rest = await Promise.all(
        skips.map(async (skip) => {
          const page = await this.opportunityPage(filter, { skip, limit }, controller.signal, stats);
          loaded += countObjects(page, grouped);
          onProgress?.(Math.min(loaded, total), total);
          return page;
        }),
      );
      pages.push(...rest);
      // Opportunities added on the server while paging: follow has_more to the end.
      let skip = pages.reduce((n, page) => n + countObjects(page, grouped), 0);
      for (let last = pages[pages.length - 1]; last.has_more && countObjects(last, grouped) > 0; ) {
        if (skip > this.maxSkip) throw new PagingLimitError(this.maxSkip, total);
        last = await this.opportunityPage(filter, { skip, limit }, controller.signal, stats);
        pages.push(last);
        skip += countObjects(last, grouped);
      }
      return { aggregates: aggregatesOf(first), pages };
    } catch (error) {
      controller.abort(); // the pages still in flight are of no use now
      throw error;
    } finally {
      dispose();
    }
  }

  private async opportunityPage(
    filter: OpportunityFilter,
    page: { skip: number; limit: number },
    signal: AbortSignal | undefined,
    stats: CallStats,
  ): Promise<OpportunityPage> {
    const body = await this.getJson<OpportunityPage>('opportunity/', toQueryParams(filter, page), signal, stats);
    const path = 'opportunity/';
    if (
      typeof body !== 'object' ||
      body === null ||
      !Array.isArray(body.data) ||
      typeof body.total_results !== 'number' ||
      !Number.isFinite(body.total_results) ||
      body.total_results < 0
    ) {
      throw this.shapeError(path);
    }
    if (typeof body.has_more !== 'boolean') body.has_more = false;
    body.count_by_value_period ??= {};
    // Objects are deduplicated by id later: one without an id (unless `_fields` left it out) is a broken page.
    // Ids end up in tree ids, URLs and Markdown: one without Close's shape is a broken page too.
    const needsId = !filter.fields?.length || filter.fields.includes('id');
    const checkOpportunity = (item: unknown) => {
      if (typeof item !== 'object' || item === null) throw this.shapeError(path);
      const bad = badOpportunityIdField(item as Record<string, unknown>, !needsId);
      if (bad) throw this.idError(path, bad);
    };
    if (filter.group_by) {
      for (const group of body.data as OpportunityGroup[]) {
        if (typeof group !== 'object' || group === null) throw this.shapeError(path);
        if (group.user_id !== undefined && group.user_id !== null && !isCloseId(group.user_id, 'user')) throw this.idError(path, 'user_id');
        if (!Array.isArray(group.objects)) group.objects = [];
        group.objects.forEach(checkOpportunity);
      }
    } else {
      body.data.forEach(checkOpportunity);
    }
    return body;
  }

  /** Every page of a list; with `idPrefix`, an item whose `id` does not have that shape makes it a bad response. */
  private async allPages<T>(path: string, params: URLSearchParams | undefined, signal?: AbortSignal, stats = this.newStats(), idPrefix?: IdPrefix): Promise<T[]> {
    const items: T[] = [];
    for (let skip = 0; ; ) {
      const query = new URLSearchParams(params);
      query.set('_limit', String(DEFAULT_PAGE_SIZE));
      query.set('_skip', String(skip));
      const page = await this.getJson<Page<T>>(path, query, signal, stats);
      if (typeof page !== 'object' || page === null || !Array.isArray(page.data)) throw this.shapeError(path);
      if (!page.data.every((item) => typeof item === 'object' && item !== null)) throw this.shapeError(path);
      if (idPrefix && !page.data.every((item) => isCloseId((item as { id?: unknown }).id, idPrefix))) throw this.idError(path, 'id');
      items.push(...page.data);
      if (!page.has_more || page.data.length === 0) return items;
      skip += page.data.length;
    }
  }

  // ---- group discovery -----------------------------------------------------------------------------------

  /**
   * Undefined when this way does not apply; `fewerGroupsThanPages` when the counts do not add up, saying
   * whether walking the groups (one request per group) would take fewer requests than paging.
   */
  private async discoverByAggregates(
    filter: OpportunityFilter & { group_by: GroupBy },
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
        this.opportunityPage(ungrouped, aggregatesOnly, signal, stats),
        this.allPages<User>('user/', undefined, signal, stats, 'user'),
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
        this.opportunityPage(ungrouped, aggregatesOnly, signal, stats),
        this.opportunityPage({ ...dated, order_by: { field: 'date_won', descending: false } }, { skip: 0, limit: 1 }, signal, stats),
        this.opportunityPage({ ...dated, order_by: { field: 'date_won', descending: true } }, { skip: 0, limit: 1 }, signal, stats),
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
        return { candidate, aggregates: aggregatesOf(await this.opportunityPage(groupFilter, aggregatesOnly, signal, stats)) };
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
          const page = await this.opportunityPage({ ...ungrouped, user_id: [candidate.user_id!], fields: ['user_name'] }, { skip: 0, limit: 1 }, signal, stats);
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
    if (noDate && noDate.total_results > 0) {
      const fields: Partial<OpportunityGroup> = { key: 'none' };
      for (const name of periodFieldsOf(groupBy.field)) (fields as Record<string, null>)[name] = null;
      // Like the server's: after every period, so first when the order is reversed.
      groups = [...groups, { ...noDate, ...fields, label: groupLabel(fields as GroupSummary, groupBy.field) } as GroupSummary];
    }
    if (groupBy.descending) groups.reverse();
    return { aggregates: top, groups };
  }

  /**
   * One `_limit=1` request per group: the object at `_skip=n` opens the next group, and that group's own
   * `total_results` says where the one after it starts. Groups come with the server's keys, labels and
   * aggregates. Undefined when the groups do not add up to the total (the data moved), a key comes twice,
   * or (with `noMoreThanPages`) there are more groups than paging would have taken requests.
   */
  private async discoverByWalking(
    filter: OpportunityFilter & { group_by: GroupBy },
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
      if (skip > this.maxSkip) throw new PagingLimitError(this.maxSkip, top?.total_results);
      const page = await this.opportunityPage(probe, { skip, limit: 1 }, signal, stats);
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

  // ---- HTTP ----------------------------------------------------------------------------------------------

  /** GET with bounded retries; every pause (429, pacing, backoff) is abortable. */
  private async getJson<T>(path: string, params: URLSearchParams | undefined, signal: AbortSignal | undefined, stats: CallStats): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    const query = params?.toString();
    const relative = query ? `${path}?${query}` : path;
    const url = new URL(relative, this.base);
    await this.slots.acquire(signal);
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.attempt<T>(url, relative, attempt, signal, stats);
        if (outcome.kind === 'ok') return outcome.value;
        if (attempt > this.maxRetries) throw outcome.finalError();
        if (outcome.delayMs > 0) await this.sleep(outcome.delayMs, signal);
      }
    } finally {
      this.slots.release();
    }
  }

  private async attempt<T>(
    url: URL,
    relative: string,
    attempt: number,
    signal: AbortSignal | undefined,
    stats: CallStats,
  ): Promise<{ kind: 'ok'; value: T } | { kind: 'retry'; delayMs: number; finalError: () => CloseError }> {
    const { seq, sentAt } = await this.pacer.send(signal);
    stats.requests++;
    const started = performance.now();
    const answer = await sendOnce(url, {
      headers: { authorization: this.#authorization, 'user-agent': this.userAgent, accept: 'application/json' },
      signal,
      timeoutMs: this.timeoutMs,
      maxBytes: this.maxResponseBytes,
      agent: this.agentFor(url),
    });
    const { status, headers, text, received, failure, bodyCut, tooLarge, timedOut } = answer;
    stats.bytes += received;
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const log = (entry: Partial<RequestLogEntry>) =>
      this.onRequest?.({
        method: 'GET',
        url: this.scrub(relative),
        status,
        durationMs,
        attempt,
        bytes: received,
        rateLimit: status !== undefined ? parseRateLimitHeaders(headers) : undefined,
        ...entry,
      });
    if (status !== undefined) this.pacer.observe(seq, sentAt, headers);

    if (signal?.aborted) {
      log({ error: 'aborted' });
      throw abortError(signal);
    }
    const code = errorCode(failure);
    if (timedOut) {
      const error = new TimeoutError(`Close did not answer within ${this.seconds(this.timeoutMs)} (GET ${path(relative)}). Check your connection and try again.`);
      log({ error: error.message });
      throw error;
    }
    if (tooLarge) {
      const error = new BadResponseError(
        `Close sent more than ${Math.round(this.maxResponseBytes / 1024 / 1024)} MB in answer to GET ${path(relative)}; the rest was not read.`,
        status!,
        '',
      );
      log({ error: error.message });
      throw error;
    }

    if (failure !== undefined && !bodyCut) {
      const described = await describeNetworkFailure(this.base, failure, this.certificateProbe);
      const message = this.scrub(described.message);
      if (described.transient) {
        const delayMs = this.backoff(attempt);
        log({ error: message, retryInMs: attempt <= this.maxRetries ? delayMs : undefined });
        return {
          kind: 'retry',
          delayMs,
          finalError: () => new NetworkError(`${message.replace(/\.$/, '')}, after ${attempt} attempts. ${described.hint}`, described.reason),
        };
      }
      const error = new NetworkError(`${message.endsWith('.') ? message : `${message}.`} ${described.hint}`, described.reason);
      log({ error: error.message });
      throw error;
    }
    if (bodyCut) {
      // The connection dropped mid-body: worth another try, like a reset.
      const delayMs = this.backoff(attempt);
      const message = `The response from Close was cut short (status ${status}, ${received} bytes)`;
      log({ error: message, retryInMs: attempt <= this.maxRetries ? delayMs : undefined });
      return { kind: 'retry', delayMs, finalError: () => new BadResponseError(`${message}: ${this.excerpt(text)}`, status!, this.excerpt(text)) };
    }

    const statusCode = status!;
    if (statusCode >= 200 && statusCode < 300) {
      try {
        const value = JSON.parse(text) as T;
        log({});
        return { kind: 'ok', value };
      } catch {
        const excerpt = this.excerpt(text);
        const error = new BadResponseError(
          `Close sent a response that is not valid JSON (status ${statusCode}, ${received} bytes): ${excerpt || '(empty)'}`,
          statusCode,
          excerpt,
        );
        log({ error: error.message });
        throw error;
      }
    }

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (statusCode === 429) {
      stats.responses429++;
      const delay = rateLimitDelay(headers, body);
      const waitMs = delay.ms + Math.round(this.random() * RATE_LIMIT_JITTER_MS);
      const finalError = () =>
        new RateLimitError(
          `Close is limiting the request rate (429) and still was after ${attempt} attempts. Try again in ${this.seconds(delay.ms)}.`,
          delay.ms,
        );
      if (delay.ms > this.maxRateLimitWaitMs || attempt > this.maxRetries) {
        log({ error: `rate limited (${delay.source})` });
        throw finalError();
      }
      // One pause for the whole client: every request waits, not just this one.
      this.pacer.pause(waitMs);
      log({ error: `rate limited (${delay.source})`, retryInMs: waitMs });
      return { kind: 'retry', delayMs: 0, finalError };
    }
    if (RETRYABLE_STATUS.has(statusCode)) {
      const retryAfter = rateLimitDelay(headers, undefined);
      const message = `Close is unavailable (${statusCode}${this.serverMessage(body) ? `: ${this.serverMessage(body)}` : ''})`;
      if (retryAfter.source === 'Retry-After' && retryAfter.ms > this.maxRateLimitWaitMs) {
        // Like a 429 asking for too long: waiting minutes per retry, holding a slot, helps nobody.
        log({ error: message });
        throw new ServerError(`${message}, and it asks to wait ${this.seconds(retryAfter.ms)}. Try again later.`, statusCode);
      }
      const delayMs = retryAfter.source === 'Retry-After' ? retryAfter.ms : this.backoff(attempt);
      log({ error: message, retryInMs: attempt <= this.maxRetries ? delayMs : undefined });
      return { kind: 'retry', delayMs, finalError: () => new ServerError(`${message}, after ${attempt} attempts. Try again later.`, statusCode) };
    }
    const error = this.statusError(statusCode, body, text, relative);
    log({ error: error.message });
    throw error;
  }

  /** The error for a final (not retried) status. */
  private statusError(status: number, body: unknown, text: string, relative: string): CloseError {
    const serverMessage = this.serverMessage(body);
    const quoted = serverMessage ? ` (${serverMessage})` : '';
    if (status === 400) {
      const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      const maxSkip = /max_skip\s*=\s*(\d+)/.exec(typeof record.error === 'string' ? record.error : '');
      if (maxSkip) {
        this.maxSkip = Number(maxSkip[1]);
        return new PagingLimitError(this.maxSkip);
      }
      const errors = Array.isArray(record.errors) ? record.errors.map((e) => this.scrub(typeof e === 'string' ? e : JSON.stringify(e))) : [];
      const fieldErrors: Record<string, string> = {};
      if (typeof record['field-errors'] === 'object' && record['field-errors'] !== null) {
        for (const [field, message] of Object.entries(record['field-errors'] as Record<string, unknown>)) {
          // defineProperty: a field named `__proto__` is the server's text like any other, not a prototype.
          const text = this.scrub(typeof message === 'string' ? message : JSON.stringify(message));
          Object.defineProperty(fieldErrors, field, { value: text, enumerable: true, writable: true, configurable: true });
        }
      }
      const parts = [
        ...(typeof record.error === 'string' ? [this.scrub(record.error)] : []),
        ...errors,
        ...Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`),
      ];
      const detail = parts.length > 0 ? parts.join('; ') : this.excerpt(text) || 'no details given';
      return new BadRequestError(`Close refused the request: ${detail}`, errors, fieldErrors);
    }
    if (status === 401) {
      const what = this.usesOAuth ? 'the access token' : 'the API key';
      return new AuthError(`Close did not accept ${what}${quoted}. Set a valid key with “Close: Set API Key”.`);
    }
    if (status === 403) {
      return new CloseError('FORBIDDEN', `Close does not allow this with the current key${quoted}.`, 403);
    }
    if (status === 404) {
      const segments = path(relative).split('/').filter(Boolean);
      const resource = segments[0] === 'status' ? 'Opportunity status' : RESOURCE_NAMES[segments[0]] ?? segments[0];
      const id = segments[0] === 'status' ? segments[2] : segments[1];
      return new NotFoundError(
        id
          ? `${resource} ${id} was not found in this Close organization${quoted}.`
          : `The Close API at ${this.base.host} has no ${path(relative)} endpoint${quoted}. Check the setting closeOpportunities.apiBaseUrl.`,
      );
    }
    if (status === 402) return new CloseError('PLAN_LIMIT', `A limit of the Close plan was reached${quoted}.`, 402);
    if (status >= 500) return new ServerError(`Close had an internal error (${status})${quoted}. Try again later.`, status);
    return new CloseError('HTTP_ERROR', `Close answered ${status}${quoted || `: ${this.excerpt(text)}`}.`, status);
  }

  /** The server's own message: `error` (string or `{message}`) or `message`; scrubbed and cut. */
  private serverMessage(body: unknown): string {
    if (typeof body !== 'object' || body === null) return '';
    const record = body as Record<string, unknown>;
    const error = record.error;
    const text =
      typeof error === 'string'
        ? error
        : typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
          ? (error as { message: string }).message
          : typeof record.message === 'string'
            ? record.message
            : '';
    const clean = this.scrub(text).replace(/\s+/g, ' ').trim();
    return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
  }

  private idError(relative: string, field: string): BadResponseError {
    return new BadResponseError(`Close sent an unexpected response to GET ${path(relative)}: a ${field} that is not a Close id.`, 200, '');
  }

  private shapeError(relative: string): BadResponseError {
    return new BadResponseError(`Close sent an unexpected response to GET ${path(relative)} (not the expected object).`, 200, '');
  }

  /** Removes every spelling of the secret, then cuts to a short excerpt (scrub first, so no part of it survives). */
  private excerpt(text: string): string {
    const clean = this.scrub(text).replace(/\s+/g, ' ').trim();
    return clean.length > EXCERPT_LENGTH ? `${clean.slice(0, EXCERPT_LENGTH - 1)}…` : clean;
  }

  private scrub(text: string): string {
    return this.#scrub(text);
  }

  private seconds(ms: number): string {
    if (!Number.isFinite(ms)) return 'a while';
    return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
  }

  /** Exponential backoff with jitter: base × 2^(attempt−1), capped, between half and all of it. */
  private backoff(attempt: number): number {
    const full = Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** (attempt - 1));
    return Math.round(full / 2 + (this.random() * full) / 2);
  }
}

/** The path of a relative URL, without the query. */
function path(relative: string): string {
  const q = relative.indexOf('?');
  return q < 0 ? relative : relative.slice(0, q);
}

function periodFieldsOf(groupBy: GroupField): string[] {
  switch (groupBy) {
    case 'date_won__year':
      return ['year'];
    case 'date_won__quarter':
      return ['year', 'quarter'];
    case 'date_won__month':
      return ['year', 'month'];
    case 'date_won__week':
      return ['weekyear', 'week'];
    case 'user_id':
      return ['user_id', 'user_name'];
  }
}
