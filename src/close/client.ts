// The Close API client: auth, paging, concurrency within the rate limit, retries, timeouts and abort.
// The HTTP layer (transport.ts: Node's http/https, which VS Code wraps) is required on the first request.
import { setMaxListeners } from 'node:events';
import {
  type MissingFilterObject,
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
import { groupLabel, groupPeriod, intersectDateRange, isNoDateGroup, isoWeekMonday, isoWeekOf, mergeGroupPages } from './groups';
import { toQueryParams, validateFilter } from './query';
import { RateLimitPacer } from './pacer';
import { GROUP_FIELDS, GROUPING_FIELDS, MONEY_AGGREGATES, isPipelineGrouping } from './types';
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
  PipelineGroupFields,
  SavedSearch,
  User,
} from './types';
import { badOpportunityIdField, type IdPrefix, isCloseId } from './ids';
import { createScrubber, scrubCredentials } from './scrub';
import { DEFAULT_USER_AGENT } from './version';
import { describeNetworkFailure, type CertificateProbe, directCertificateProbe } from './networkErrors';
import { ownAgents, sendOnce } from './transport';
import type * as Http from 'http';

/** An opportunity custom field as `/custom_field/opportunity/` lists it. */
export interface CustomFieldDefinition {
  id: string;
  name: string;
  type?: string;
}

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

/** What one public call cost; shared by all the requests it made. */
interface CallStats {
  requests: number;
  bytes: number;
  responses429: number;
}

type OpportunityPage = OpportunityListResponse | OpportunityGroupedResponse;

/**
 * One attempt's result: a value, or a retry after `delayMs` (0 when the pacer holds everyone back instead)
 * that makes this call wait `waitMs` in all.
 */
type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'retry'; delayMs: number; waitMs: number; finalError: () => CloseError };

const DEFAULT_PAGE_SIZE = 100;
/** Requests of single objects (hover, Show Details, key check) have slots of their own, never queued behind paging. */
const INTERACTIVE_SLOTS = 4;
/** A server's own page cap below this (asked for more, `has_more` true) is not believed: see `followUpBudget`. */
const MIN_PLAUSIBLE_PAGE = 50;
/** Most pages of one reference list (users, statuses, pipelines, Smart Views): 100 pages of 100. */
const MAX_REFERENCE_PAGES = 100;
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

/** Ids listed so far while paging: a page with none that is new would make paging go round for ever. */
class SeenIds {
  private readonly ids = new Set<string>();

  /** False when the page holds opportunities with ids and every one of them was listed before. */
  addsNew(page: OpportunityPage, grouped: boolean): boolean {
    const objects: unknown[] = grouped ? (page.data as OpportunityGroup[]).flatMap((group) => group.objects) : page.data;
    let withId = 0;
    let fresh = 0;
    for (const object of objects) {
      const id = (object as { id?: unknown }).id;
      if (typeof id !== 'string') continue; // `_fields` without id: only the page budget bounds paging
      withId++;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        fresh++;
      }
    }
    return fresh > 0 || withId === 0;
  }
}

/**
 * Most requests after the first page that a filter of `total` may take: what the total needs at the page
 * size asked for (or the server's own smaller cap, if plausible), plus a margin for opportunities added
 * while paging.
 */
export function followUpBudget(total: number, step: number, limit: number): number {
  const size = Math.max(1, step >= Math.min(limit, MIN_PLAUSIBLE_PAGE) ? step : limit);
  const needed = Math.ceil(Math.max(0, total - step) / size);
  return needed + Math.max(2, Math.ceil(needed / 10));
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** A user needs a text id; each name part and the email is text or missing. */
function validUser(user: Record<string, unknown>): boolean {
  const optionalText = (value: unknown) => value === undefined || value === null || typeof value === 'string';
  return isText(user.id) && optionalText(user.first_name) && optionalText(user.last_name) && optionalText(user.email);
}

function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
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

/** The sum of several aggregates (money in cents, counts by period); `*_formatted` strings are left out. */
export function addAggregates(parts: readonly Aggregates[]): Aggregates {
  const sum: Aggregates = {
    total_results: 0,
    count_by_value_period: {},
    total_value_one_time: 0,
    total_value_monthly: 0,
    total_value_annual: 0,
    total_value_annualized: 0,
    expected_value_one_time: 0,
    expected_value_monthly: 0,
    expected_value_annual: 0,
    expected_value_annualized: 0,
  };
  const n = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  for (const part of parts) {
    sum.total_results += n(part.total_results);
    for (const period of ['one_time', 'monthly', 'annual'] as const) {
      const count = n(part.count_by_value_period?.[period]);
      if (count > 0) sum.count_by_value_period[period] = (sum.count_by_value_period[period] ?? 0) + count;
    }
    for (const field of MONEY_AGGREGATES) sum[field] += n(part[field]);
  }
  return sum;
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
  private readonly maxRetryTotalMs: number;
  private readonly onWarning?: (message: string) => void;
  private readonly slots: Semaphore;
  private readonly agentFor: (url: URL) => Http.Agent | undefined;
  private readonly closeTransport: () => void;
  private readonly certificateProbe: CertificateProbe;
  private readonly interactiveSlots: Semaphore;

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
    this.maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
    this.maxRetryTotalMs = options.maxRetryTotalMs ?? 60_000;
    this.onWarning = options.onWarning;
    this.slots = new Semaphore(this.maxConcurrency);
    this.interactiveSlots = new Semaphore(INTERACTIVE_SLOTS);
    if (options.sharedAgent) {
      this.agentFor = () => undefined;
      this.closeTransport = () => {};
    } else {
      const own = ownAgents(this.maxConcurrency + INTERACTIVE_SLOTS);
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
    const seen = new SeenIds();
    let budget = Infinity;
    for (let skip = 0, sent = 0; ; sent++) {
      if (skip > this.maxSkip) throw new PagingLimitError(this.maxSkip);
      if (sent > budget) {
        throw new BadResponseError(`Close still said there were more opportunities after ${sent} pages of GET opportunity/, more than its total needs. Stopped there.`, 200, '');
      }
      const page = await this.opportunityPage(filter, { skip, limit }, options.signal, stats);
      const count = countObjects(page, grouped);
      if (sent === 0) budget = followUpBudget(page.total_results, count, limit);
      if (!seen.addsNew(page, grouped)) {
        throw new BadResponseError(`Close answered GET opportunity/ at _skip=${skip} with opportunities already listed (it ignores _skip or repeats pages). Stopped there.`, 200, '');
      }
      yield page;
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
   * Every opportunity of an ungrouped filter, page by page in server order, without keeping them: `onPage`
   * gets each page's opportunities (none listed twice) as soon as the pages before it were handed over, and
   * at most twice `maxConcurrency` pages are requested ahead of it, so memory stays flat however many match.
   */
  async eachPage(
    filter: OpportunityFilter,
    options: {
      limit?: number;
      signal?: AbortSignal;
      onPage: (objects: Opportunity[]) => void | Promise<void>;
      onProgress?: (loaded: number, total: number) => void;
    },
  ): Promise<{ aggregates: Aggregates; count: number; requests: number; bytes: number }> {
    this.validate(filter);
    if (filter.group_by) throw new FilterValidationError('group_by', 'group_by: eachPage lists opportunities without groups.');
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    this.checkPage({ skip: 0, limit });
    const stats = this.newStats();
    const seen = new Set<string>();
    let count = 0;
    const aggregates = await this.followPages(
      filter,
      limit,
      stats,
      options.signal,
      this.maxConcurrency * 2,
      async (page) => {
        const objects = (page.data as Opportunity[]).filter((object) => {
          if (typeof object.id !== 'string') return true;
          if (seen.has(object.id)) return false; // shifted by a change on the server between two pages
          seen.add(object.id);
          return true;
        });
        count += objects.length;
        await options.onPage(objects);
      },
      options.onProgress,
    );
    return { aggregates, count, requests: stats.requests, bytes: stats.bytes };
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
    this.validate(filter);
    if (!filter.group_by) throw new FilterValidationError('group_by', 'group_by: choose a grouping before listing groups.', GROUPING_FIELDS);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    this.checkPage({ skip: 0, limit });
    const stats = this.newStats();
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
    const { aggregates, pages } = await this.fetchPages({ ...filter, fields: ['id'] }, limit, stats, signal);
    const groups = mergeGroupPages(pages.map((page) => page.data as OpportunityGroup[]))
      .filter((group) => group.total_results > 0)
      .map(({ objects: _objects, ...group }) => ({ ...group, label: groupLabel(group, filter.group_by.field) }));
    return { aggregates, groups, method: 'fields', requests: stats.requests, bytes: stats.bytes };
  }

  async getOpportunity(id: string, signal?: AbortSignal): Promise<Opportunity> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9_]+$/.test(id)) {
      throw new CloseError('INVALID_ID', `“${String(id)}” is not an opportunity id (ids look like oppo_…).`);
    }
    const body = await this.getJson<Opportunity>(`opportunity/${id}/`, undefined, signal, this.newStats(), 'interactive');
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw this.shapeError(`opportunity/${id}/`);
    const bad = badOpportunityIdField(body as unknown as Record<string, unknown>);
    if (bad) throw this.idError(`opportunity/${id}/`, bad);
    return body;
  }

  listStatuses(signal?: AbortSignal): Promise<OpportunityStatus[]> {
    return this.allPages<OpportunityStatus>('status/opportunity/', undefined, (s) => isText(s.id) && isText(s.label), signal, undefined, 'stat');
  }

  listPipelines(signal?: AbortSignal): Promise<Pipeline[]> {
    return this.allPages<Pipeline>('pipeline/', undefined, (p) => isText(p.id) && isText(p.name), signal, undefined, 'pipe');
  }

  /** All users of the organization (every page). Deactivated members are not listed by Close. */
  listUsers(signal?: AbortSignal): Promise<User[]> {
    return this.allPages<User>('user/', undefined, validUser, signal, undefined, 'user');
  }

  async me(signal?: AbortSignal): Promise<Me> {
    const body = await this.getJson<Me>('me/', undefined, signal, this.newStats(), 'interactive');
    if (typeof body !== 'object' || body === null || typeof body.id !== 'string') throw this.shapeError('me/');
    if (!isCloseId(body.id, 'user')) throw this.idError('me/', 'id');
    return body;
  }

  /** The organization's opportunity custom fields (every page); opportunities carry them as `custom.<id>`. */
  listOpportunityCustomFields(signal?: AbortSignal): Promise<CustomFieldDefinition[]> {
    return this.allPages<CustomFieldDefinition>('custom_field/opportunity/', undefined, (f) => isText(f.id) && isText(f.name), signal);
  }

  /**
   * The organization's currency (ISO code, e.g. `EUR`), in which Close sums and formats amounts: from
   * `/me/`'s organization when it says, else `GET organization/{id}/?_fields=currency`. Undefined when
   * Close does not say.
   */
  async organizationCurrency(signal?: AbortSignal): Promise<string | undefined> {
    const me = await this.me(signal);
    const organization = Array.isArray(me.organizations) ? me.organizations[0] : undefined;
    const code = (value: unknown) => (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : undefined);
    const known = code((organization as { currency?: unknown } | undefined)?.currency);
    if (known || typeof organization?.id !== 'string' || !/^[A-Za-z0-9_]+$/.test(organization.id)) return known;
    const body = await this.getJson<{ currency?: unknown }>(`organization/${organization.id}/`, new URLSearchParams({ _fields: 'id,currency' }), signal, this.newStats());
    return typeof body === 'object' && body !== null ? code(body.currency) : undefined;
  }

  /** Lead Smart Views (every page). */
  listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
    return this.allPages<SavedSearch>('saved_search/', new URLSearchParams({ type: 'lead' }), (v) => isText(v.id) && isText(v.name), signal, undefined, 'save');
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
  close(): Promise<void> {
    this.closeTransport();
    return Promise.resolve();
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
    const pages: OpportunityPage[] = [];
    const aggregates = await this.followPages(filter, limit, stats, signal, Infinity, (page) => void pages.push(page), onProgress);
    return { aggregates, pages };
  }

  /**
   * Every page of a filter, handed to `onPage` in server order: the first page, then the others with at
   * most `ahead` pages requested beyond the last one handed over (Infinity: all at once), then any pages
   * added at the end while paging. Bounded whatever the server says: a page that adds no new id, or more
   * pages than the first page's total needs (plus a margin), is a BadResponseError.
   */
  private async followPages(
    filter: OpportunityFilter,
    limit: number,
    stats: CallStats,
    signal: AbortSignal | undefined,
    ahead: number,
    onPage: (page: OpportunityPage) => void | Promise<void>,
    onProgress?: (loaded: number, total: number) => void,
  ): Promise<Aggregates> {
    const grouped = filter.group_by !== undefined;
    const { controller, dispose } = childController(signal);
    const seen = new SeenIds();
    const addsNew = (page: OpportunityPage) => seen.addsNew(page, grouped);
    const noProgress = (skip: number) =>
      new BadResponseError(
        `Close answered GET opportunity/ at _skip=${skip} with opportunities already listed, so paging would not end ` +
          `(the server or a proxy ignores _skip or repeats pages). Stopped after ${stats.requests} requests.`,
        200,
        '',
      );
    try {
      const first = await this.opportunityPage(filter, { skip: 0, limit }, controller.signal, stats);
      const total = first.total_results;
      const step = countObjects(first, grouped); // the server may send fewer than asked for
      addsNew(first);
      let loaded = step;
      onProgress?.(loaded, total);
      await onPage(first);
      if (!first.has_more || step === 0) return aggregatesOf(first);

      // Checked before listing the skips: a total far beyond the cap (a broken proxy's 1e15) would not fit in memory.
      if (total > step && step * Math.floor((total - 1) / step) > this.maxSkip) throw new PagingLimitError(this.maxSkip, total);
      const budget = followUpBudget(total, step, limit);
      const planned = total > step ? Math.ceil((total - step) / step) : 0;
      if (planned > budget) {
        throw new BadResponseError(
          `Close sent ${counted(step, 'opportunity', 'opportunities')} on the first page of GET opportunity/ though ${limit} were asked for, ` +
            `and says there are ${total.toLocaleString('en-US')}: listing them would take ${planned.toLocaleString('en-US')} more requests. Stopped after the first page.`,
          200,
          '',
        );
      }
      const skips: number[] = [];
      for (let skip = step; skip < total; skip += step) skips.push(skip);
      const arrived = new Array<OpportunityPage | undefined>(skips.length);
      let last: OpportunityPage = first;
      await new Promise<void>((resolve, reject) => {
        let launched = 0;
        let handed = 0;
        let handing = false;
        let failed = false;
        const fail = (error: unknown) => {
          if (failed) return;
          failed = true;
          reject(error);
        };
        const handOver = async () => {
          if (handing) return; // the running loop picks this page up
          handing = true;
          try {
            while (!failed && handed < skips.length && arrived[handed]) {
              const page = arrived[handed]!;
              arrived[handed] = undefined;
              handed++;
              last = page;
              await onPage(page);
            }
          } finally {
            handing = false;
          }
          launch();
        };
        const launch = () => {
          while (!failed && launched < skips.length && launched < handed + ahead) {
            const index = launched++;
            this.opportunityPage(filter, { skip: skips[index], limit }, controller.signal, stats)
              .then((page) => {
                if (!addsNew(page)) throw noProgress(skips[index]);
                loaded += countObjects(page, grouped);
                onProgress?.(Math.min(loaded, total), total);
                arrived[index] = page;
                return handOver();
              })
              .catch(fail);
          }
          if (!failed && handed === skips.length) resolve();
        };
        launch();
      });

      // Opportunities added on the server while paging: follow has_more to the end, within the budget.
      let skip = loaded;
      for (let sent = skips.length; last.has_more && countObjects(last, grouped) > 0; sent++) {
        if (skip > this.maxSkip) throw new PagingLimitError(this.maxSkip, total);
        if (sent >= budget) {
          throw new BadResponseError(
            `Close still said there were more opportunities after ${(sent + 1).toLocaleString('en-US')} pages of GET opportunity/, ` +
              `though its first page said there are ${total.toLocaleString('en-US')}. Stopped there.`,
            200,
            '',
          );
        }
        last = await this.opportunityPage(filter, { skip, limit }, controller.signal, stats);
        if (!addsNew(last)) throw noProgress(skip);
        await onPage(last);
        skip += countObjects(last, grouped);
      }
      return aggregatesOf(first);
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
    if (filter.group_by && isPipelineGrouping(filter.group_by.field)) {
      // No `_group_by` exists for them: the groups come from discoverGroups, their lists from filterForGroup.
      throw new FilterValidationError('group_by', `group_by: ${filter.group_by.field} groups are listed one by one (discoverGroups, filterForGroup), not in one request.`, GROUP_FIELDS);
    }
    let body: OpportunityPage;
    try {
      body = await this.getJson<OpportunityPage>('opportunity/', toQueryParams(filter, page), signal, stats);
    } catch (error) {
      throw error instanceof NotFoundError ? missingFilterError(error, filter) : error;
    }
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

  /**
   * Every page of a reference list, bounded: a page that adds no new id, or more than MAX_REFERENCE_PAGES
   * pages, is a BadResponseError. Items that fail `valid` (an id or name that is not a string) are left out
   * and reported to `onWarning`; with `idPrefix`, a text id without that shape makes it a bad response.
   */
  private async allPages<T>(
    path: string,
    params: URLSearchParams | undefined,
    valid: (item: Record<string, unknown>) => boolean,
    signal?: AbortSignal,
    stats = this.newStats(),
    idPrefix?: IdPrefix,
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let dropped = 0;
    for (let skip = 0, pages = 0; ; pages++) {
      if (pages >= MAX_REFERENCE_PAGES) {
        throw new BadResponseError(`Close still said there was more after ${MAX_REFERENCE_PAGES} pages of GET ${path}; stopped there.`, 200, '');
      }
      const query = new URLSearchParams(params);
      query.set('_limit', String(DEFAULT_PAGE_SIZE));
      query.set('_skip', String(skip));
      const page = await this.getJson<Page<T>>(path, query, signal, stats);
      if (typeof page !== 'object' || page === null || !Array.isArray(page.data)) throw this.shapeError(path);
      if (!page.data.every((item) => typeof item === 'object' && item !== null)) throw this.shapeError(path);
      let fresh = 0;
      for (const item of page.data as Record<string, unknown>[]) {
        if (!valid(item)) {
          dropped++;
          continue;
        }
        if (idPrefix && !isCloseId(item.id, idPrefix)) throw this.idError(path, 'id');
        const id = item.id as string;
        if (seen.has(id)) continue;
        seen.add(id);
        fresh++;
        items.push(item as T);
      }
      if (!page.has_more || page.data.length === 0) break;
      if (fresh === 0) {
        throw new BadResponseError(
          `Close answered GET ${path} at _skip=${skip} with nothing not already listed (it ignores _skip or repeats pages); stopped there.`,
          200,
          '',
        );
      }
      skip += page.data.length;
    }
    if (dropped > 0) this.onWarning?.(`Left out ${counted(dropped, 'item', 'items')} of GET ${path} whose id or name is not text.`);
    return items;
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
        this.opportunityPage(ungrouped, aggregatesOnly, signal, stats),
        this.allPages<User>('user/', undefined, validUser, signal, stats, 'user'),
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
    const pages = await Promise.all(skips.map((skip) => this.opportunityPage(probe, { skip, limit: 1 }, signal, stats)));
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
    const pipelines = options.pipelines ?? (await this.listPipelines(signal));
    let statuses = pipelineStatuses(pipelines);
    if (statuses.length === 0) {
      // An organization without pipelines (older accounts): the flat status list, in its own order.
      statuses = pipelineStatuses([{ id: '', name: '', statuses: await this.listStatuses(signal) }]);
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
        aggregates: aggregatesOf(await this.opportunityPage({ ...ungrouped, status_id: candidate.status_ids }, { skip: 0, limit: 0 }, signal, stats)),
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
    return sum === top?.total_results ? { aggregates: top, groups } : undefined;
  }

  private candidateFilter(filter: OpportunityFilter, candidate: Partial<OpportunityGroup>, groupBy: GroupField): OpportunityFilter | undefined {
    if (groupBy === 'user_id') return { ...filter, user_id: [candidate.user_id!] };
    const period = groupPeriod(candidate, groupBy);
    const range = period && intersectDateRange(filter.date_won, period.first, period.last);
    return range ? { ...filter, date_won: range } : undefined;
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  /**
   * GET with bounded retries; every pause (429, pacing, backoff) is abortable and holds no concurrency slot.
   * `interactive` requests (one object a user is waiting for) have their own slots and are not held back by
   * the pacing of paging; they only wait for a 429 of their own.
   */
  private async getJson<T>(
    path: string,
    params: URLSearchParams | undefined,
    signal: AbortSignal | undefined,
    stats: CallStats,
    lane: 'bulk' | 'interactive' = 'bulk',
  ): Promise<T> {
    if (signal?.aborted) throw abortError(signal);
    const query = params?.toString();
    const relative = query ? `${path}?${query}` : path;
    const url = new URL(relative, this.base);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attemptInSlot<T>(url, relative, attempt, signal, stats, lane);
      if (outcome.kind === 'ok') return outcome.value;
      waited += outcome.waitMs;
      if (attempt > this.maxRetries || waited > this.maxRetryTotalMs) throw outcome.finalError();
      const delayMs = lane === 'interactive' ? outcome.waitMs : outcome.delayMs;
      if (delayMs > 0) await this.sleep(delayMs, signal);
    }
  }

  /** One attempt holding a slot of its lane; the pacer's waits happen before the slot is taken. */
  private async attemptInSlot<T>(
    url: URL,
    relative: string,
    attempt: number,
    signal: AbortSignal | undefined,
    stats: CallStats,
    lane: 'bulk' | 'interactive',
  ): Promise<Outcome<T>> {
    const slots = lane === 'interactive' ? this.interactiveSlots : this.slots;
    for (;;) {
      if (lane === 'bulk') await this.pacer.waitTurn(signal);
      await slots.acquire(signal);
      // A 429 may have paused everyone while this one waited for its slot.
      if (lane === 'interactive' || !this.pacer.mustWait()) break;
      slots.release();
    }
    try {
      return await this.attempt<T>(url, relative, attempt, signal, stats, this.pacer.take());
    } finally {
      slots.release();
    }
  }

  private async attempt<T>(
    url: URL,
    relative: string,
    attempt: number,
    signal: AbortSignal | undefined,
    stats: CallStats,
    ticket: { seq: number; sentAt: number },
  ): Promise<Outcome<T>> {
    const { seq, sentAt } = ticket;
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
          waitMs: delayMs,
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
      return { kind: 'retry', delayMs, waitMs: delayMs, finalError: () => new BadResponseError(`${message}: ${this.excerpt(text)}`, status!, this.excerpt(text)) };
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
      return { kind: 'retry', delayMs: 0, waitMs, finalError };
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
      return { kind: 'retry', delayMs, waitMs: delayMs, finalError: () => new ServerError(`${message}, after ${attempt} attempts. Try again later.`, statusCode) };
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
      // Close's answer for an object that does not exist names its model ("Empty query: X matching query …").
      const model = /Empty query: ([A-Za-z_]+) matching query does not exist/.exec(serverMessage)?.[1];
      if (model && !segments[1]) {
        return new NotFoundError(`Close could not find a ${modelWords(model)} that the request names${quoted}.`, model);
      }
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

/** Close's model names in words: `SavedSearch` → "Smart View". */
const MODEL_WORDS: Record<string, string> = {
  SavedSearch: 'Smart View',
  Status: 'status',
  OpportunityStatus: 'status',
  User: 'user',
  Lead: 'lead',
  Organization: 'organization',
  Opportunity: 'opportunity',
};
const MODEL_FIELDS: Record<string, MissingFilterObject['field']> = {
  SavedSearch: 'lead_saved_search_id',
  Status: 'status_id',
  OpportunityStatus: 'status_id',
  User: 'user_id',
  Lead: 'lead_id',
  Organization: 'organization_id',
};

function modelWords(model: string): string {
  return MODEL_WORDS[model] ?? model;
}

/** A list request's 404 that names a model: which object of the filter is missing, in words. */
function missingFilterError(error: NotFoundError, filter: OpportunityFilter): NotFoundError {
  const field = error.model ? MODEL_FIELDS[error.model] : undefined;
  const raw = field ? filter[field] : undefined;
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!field || !value) return error;
  const what = modelWords(error.model!);
  const message = `The ${what} in the filter (${value}) does not exist in this Close organization (it may have been deleted). Clear the ${what} filter to continue.`;
  return new NotFoundError(message, error.model, { field, value });
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

/** The path of a relative URL, without the query. */
function path(relative: string): string {
  const q = relative.indexOf('?');
  return q < 0 ? relative : relative.slice(0, q);
}
