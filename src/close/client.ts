// The Close API client: auth, paging, concurrency within the rate limit, retries, timeouts and abort.
// The HTTP layer (undici) is required lazily on the first request so activation never loads it.
import type { GroupBy, OpportunityFilter } from './filter';
import type {
  Aggregates,
  Me,
  Opportunity,
  OpportunityGroup,
  OpportunityGroupedResponse,
  OpportunityListResponse,
  OpportunityStatus,
  Pipeline,
  SavedSearch,
  User,
} from './types';

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
}

export interface CloseClientOptions {
  /** e.g. 'https://api.close.com/api/v1/' (a missing trailing slash is added). */
  baseUrl: string;
  credentials: Credentials;
  /** Default 'close-opportunities-vscode/<version>'. */
  userAgent?: string;
  /** Per request (headers and body), default 30000. */
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
  /** Wait used for every pause (retries, rate-limit pacing); injectable for tests. Must reject on abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random source for jitter, default Math.random. */
  random?: () => number;
  /** Largest `_skip` the server accepts for opportunities, default 250000. */
  maxSkip?: number;
}

/** Every page of a filter, reassembled in server order. */
export interface FetchAllResult {
  aggregates: Aggregates;
  objects: Opportunity[];
  /** Grouped filters: the groups merged by key, objects concatenated in order. */
  groups?: OpportunityGroup[];
  requests: number;
  responses429: number;
}

/** A group without its objects, labelled for display. */
export interface GroupSummary extends Omit<OpportunityGroup, 'objects'> {
  label: string;
}

/** All groups of a grouped filter, and what it cost to find them. */
export interface GroupDiscovery {
  aggregates: Aggregates;
  groups: GroupSummary[];
  /** 'aggregate': one `_limit=0` request per candidate group; 'fields': paged through with `_fields=id`. */
  method: 'aggregate' | 'fields';
  requests: number;
  /** Response body bytes received. */
  bytes: number;
}

export class CloseClient {
  /** Throws InsecureTransportError for http:// to anything but loopback, before anything is sent. */
  constructor(options: CloseClientOptions) {
    void options;
    throw new Error('not implemented');
  }

  /** One page. Plain or grouped depending on `filter.group_by`. */
  listOpportunities(
    filter: OpportunityFilter,
    page: { skip: number; limit: number },
    signal?: AbortSignal,
  ): Promise<OpportunityListResponse | OpportunityGroupedResponse> {
    void filter;
    void page;
    void signal;
    throw new Error('not implemented');
  }

  /** Pages as they arrive, sequentially, until `has_more` is false. */
  pages(
    filter: OpportunityFilter,
    options?: { limit?: number; signal?: AbortSignal },
  ): AsyncIterable<OpportunityListResponse | OpportunityGroupedResponse> {
    void filter;
    void options;
    throw new Error('not implemented');
  }

  /**
   * Every page of a filter: the first page, then the rest concurrently within the rate limit; objects in
   * server order, no duplicates or gaps; groups merged by key.
   */
  fetchAll(
    filter: OpportunityFilter,
    options?: { limit?: number; signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void },
  ): Promise<FetchAllResult> {
    void filter;
    void options;
    throw new Error('not implemented');
  }

  /** All groups of a grouped filter with their aggregates (no objects), the cheapest way first (design §9). */
  discoverGroups(filter: OpportunityFilter & { group_by: GroupBy }, options?: { signal?: AbortSignal }): Promise<GroupDiscovery> {
    void filter;
    void options;
    throw new Error('not implemented');
  }

  getOpportunity(id: string, signal?: AbortSignal): Promise<Opportunity> {
    void id;
    void signal;
    throw new Error('not implemented');
  }

  listStatuses(signal?: AbortSignal): Promise<OpportunityStatus[]> {
    void signal;
    throw new Error('not implemented');
  }

  listPipelines(signal?: AbortSignal): Promise<Pipeline[]> {
    void signal;
    throw new Error('not implemented');
  }

  /** All users of the organization (every page). */
  listUsers(signal?: AbortSignal): Promise<User[]> {
    void signal;
    throw new Error('not implemented');
  }

  me(signal?: AbortSignal): Promise<Me> {
    void signal;
    throw new Error('not implemented');
  }

  /** Lead Smart Views (every page). */
  listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
    void signal;
    throw new Error('not implemented');
  }

  /** Closes keep-alive connections. */
  close(): Promise<void> {
    throw new Error('not implemented');
  }
}
