// The Close API client, the only code that talks to Close: one class over the pieces that do the work.
//   endpoint.ts        the base URL and the credentials, checked before anything is sent
//   request.ts         one GET: slots, rate-limit pacing, retries (retryPolicy.ts decides), the log;
//                      transport.ts sends each attempt through Node's http/https, required on the first request
//   responseErrors.ts  what an error status or an unexpected answer means, in words
//   opportunityPage.ts, paging.ts      a checked page; pages, fetchAll and eachPage with their bounds
//   groupDiscovery.ts, pipelineGroups.ts   every group of a grouped filter, the cheapest way first
//   referenceLists.ts, eventLog.ts     users, statuses, pipelines, Smart Views, /me/, currency; the Event Log
import { abortableSleep } from './concurrency';
import { type Credentials, apiBase } from './endpoint';
import { CloseError } from './errors';
import { eventLog } from './eventLog';
import type { GroupBy, OpportunityFilter } from './filter';
import { type DiscoverOptions, type GroupDiscovery, GroupDiscoverer } from './groupDiscovery';
import { badOpportunityIdField } from './ids';
import { type CertificateProbe, directCertificateProbe } from './networkErrors';
import { type EachPageOptions, type EachPageResult, type FetchAllResult, OpportunityPaging } from './paging';
import { type CustomFieldDefinition, ReferenceLists } from './referenceLists';
import { type RequestLogEntry, Requester, newStats } from './request';
import { idError, shapeError } from './responseErrors';
import { type Translate, untranslated } from './translate';
import type { Me, Opportunity, OpportunityGroupedResponse, OpportunityListResponse, OpportunityStatus, Pipeline, SavedSearch, User } from './types';
import { DEFAULT_USER_AGENT } from './version';

export type { Credentials } from './endpoint';
export type { GroupDiscovery } from './groupDiscovery';
export type { GroupSummary } from './groups';
export type { FetchAllResult } from './paging';
export type { CustomFieldDefinition } from './referenceLists';
export type { RequestLogEntry } from './request';

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
  /** Translates the words of group labels ("No owner", "March 2026"); default English. */
  translate?: Translate;
}

export class CloseClient {
  private readonly requests: Requester;
  private readonly paging: OpportunityPaging;
  private readonly lists: ReferenceLists;
  private readonly discovery: GroupDiscoverer;

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
      sharedAgent: Boolean(options.sharedAgent),
      certificateProbe: options.certificateProbe ?? directCertificateProbe,
    });
    this.paging = new OpportunityPaging(this.requests);
    this.lists = new ReferenceLists(this.requests);
    this.discovery = new GroupDiscoverer(this.requests, this.paging, this.lists, options.translate ?? untranslated);
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
   * at most `maxConcurrency` pages are requested ahead of it, so memory holds those pages and the ids seen.
   */
  eachPage(filter: OpportunityFilter, options: EachPageOptions): Promise<EachPageResult> {
    return this.paging.eachPage(filter, options);
  }

  /**
   * All groups of a grouped filter with their aggregates (no objects), the cheapest way first (docs/architecture.md):
   * one `_limit=0` request per candidate group when that takes no more requests than paging, accepted only
   * when the groups add up to the filter's total; when they do not (owners /user/ does not list), walking
   * the groups with one `_limit=1` request each, if there are fewer groups than pages; otherwise paging
   * through the grouped response with `_fields=id`. Empty groups are left out; groups are in the server's order.
   * Status and pipeline groups (no `_group_by` exists for them) come from one `_limit=0` request per status
   * or pipeline the filter allows, in Close's pipeline order (`pipelines`: `/pipeline/` when already
   * loaded; otherwise it is fetched); `includeEmpty` keeps those with no opportunities.
   */
  discoverGroups(filter: OpportunityFilter & { group_by: GroupBy }, options: DiscoverOptions = {}): Promise<GroupDiscovery> {
    return this.discovery.discover(filter, options);
  }

  /** One opportunity as Close has it now (hover, Show Details): a request of the interactive lane. */
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
   * Close does not say. `expectedOrganization` (known from before) is asked beside `/me/`, not after it.
   */
  organizationCurrency(signal?: AbortSignal, expectedOrganization?: string): Promise<string | undefined> {
    return this.lists.organizationCurrency(signal, expectedOrganization);
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
  close(): Promise<void> {
    this.requests.close();
    return Promise.resolve();
  }
}
