// A Close-compatible HTTP server on node:http ("the fake"): the API routes the extension reads, Close's auth,
// per-key rate limiting, and fault injection (latency, 5xx, resets, truncated/malformed/slow bodies).
// Used by the unit tests, the benchmark and the extension's sample-data mode. No 'vscode' here.
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateDataset, type Dataset } from './dataset';
import { Evolution, listEvents, type EvolutionChange } from './evolve';
import { fieldsParam, getOpportunity, listOpportunities, listPage, project, type EngineResponse, type QueryLimits } from './query';
import { Random } from './random';

export interface FaultOptions {
  /** Share of requests answered 502, 503 or 504 (0–1). */
  serverErrorRate?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  resetRate?: number;
  /** Share of requests whose JSON body is cut mid-way (Content-Length either wrong or absent). */
  truncateRate?: number;
  /** Share of requests answered 200 with a body that is not valid JSON. */
  malformedRate?: number;
  /** When > 0, bodies are written in chunks spread over this many milliseconds. */
  slowBodyMs?: number;
  /** Share of requests that get the slow body (default 1 when slowBodyMs is set). */
  slowBodyRate?: number;
}

export interface RateLimitOptions {
  /** Requests allowed per key and window. */
  limit: number;
  windowSeconds: number;
  /** Close's older form: flat 429 body with `rate_reset` as a string, `X-Rate-Limit-*` headers. */
  legacy?: boolean;
}

export interface FakeServerOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default: a random 'api_…' key. Accepted as Basic base64("<key>:") and as Bearer <key>. */
  apiKey?: string;
  /** Size of the generated organisation (default 3000). */
  opportunities?: number;
  /** Default 1; the same seed and size give the same data. */
  seed?: number;
  /** The generated organization's currency (default USD); most opportunities are in it. */
  currency?: 'USD' | 'EUR' | 'GBP';
  /** Serve this instead of generating one (treated as read-only). */
  dataset?: Dataset;
  /** Added before every response (default 0). */
  latencyMs?: number;
  /** ± random extra latency. */
  jitterMs?: number;
  /** Per key, fixed window; undefined = no limit. */
  rateLimit?: RateLimitOptions;
  faults?: FaultOptions;
  /** Largest `_limit` (default 200). */
  maxLimit?: number;
  /** Largest `_skip` (default 250000). */
  maxSkip?: number;
  /** Opportunities without `date_won` in date groupings: the key of their group (default "none"), or left out. */
  noDateGroup?: QueryLimits['noDateGroup'];
  /** Keep every request in `requests` (default true); off for a long-running server (sample data), which would grow without end. */
  recordRequests?: boolean;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Change the data by itself: one `advance()` step every `everyMs` (sample data); tests call `advance()` instead. */
  evolve?: { everyMs: number };
  /**
   * `GET /event/`: 'admin' (default) lists events with `data` and `previous_data`; 'forbidden' answers 403 and
   * 'absent' 404, as Close may for keys that cannot read the Event Log.
   */
  eventLog?: 'admin' | 'forbidden' | 'absent';
  /** The time changes are stamped with (default `Date.now`); tests pass their own to stay deterministic. */
  clock?: () => number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. '/api/v1/opportunity/'. */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** How the request authenticated; the key itself is never recorded. */
  authorization: 'basic' | 'bearer' | 'none' | 'invalid';
  /** Status sent; 0 while pending or when the connection was reset. */
  status: number;
  /** Body bytes written. */
  bytes: number;
  /** Arrival time, `Date.now()`. */
  time: number;
}

export interface ScriptedResponse {
  status: number;
  /** Added to `Content-Type: application/json`; a `Content-Length` given here is sent as is. */
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent verbatim (e.g. truncated JSON); wins over `body`. */
  rawBody?: string;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  delayMs?: number;
  /** Only requests whose path matches get this answer. */
  path?: RegExp;
  /** Only requests with these query parameters (e.g. `{ _limit: '25' }`: the tree's page, not the summary's `_limit=0`). */
  query?: Record<string, string>;
}

export interface FakeServer {
  /** Base URL, e.g. 'http://127.0.0.1:PORT/api/v1/'. */
  readonly url: string;
  readonly key: string;
  /** The data as it is now (a new object after every `advance()`). */
  readonly dataset: Dataset;
  /** Every request received, in arrival order (empty when started with `recordRequests: false`). */
  readonly requests: RecordedRequest[];
  /** The next matching requests get these answers instead (bypassing auth, rate limit and faults), in order. */
  script(...responses: ScriptedResponse[]): void;
  setOptions(change: Partial<Pick<FakeServerOptions, 'latencyMs' | 'jitterMs' | 'rateLimit' | 'faults'>>): void;
  resetRequests(): void;
  /**
   * Moves the organisation on by `n` steps (deterministic from the seed): each step adds one opportunity and
   * changes two open ones (moved, won, lost, value changed or reassigned), stamped with the current time and
   * written to the Event Log. Returns what changed.
   */
  advance(n?: number): EvolutionChange[];
  close(): Promise<void>;
}

export const API_PREFIX = '/api/v1/';

/** Close's 401 body, word for word (two spaces after "requested."). */
export const UNAUTHORIZED_MESSAGE =
  "The server could not verify that you are authorized to access the URL requested.  You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";
const NOT_FOUND_MESSAGE = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';
const METHOD_NOT_ALLOWED_MESSAGE = 'The method is not allowed for the requested URL.';

/** A random key in the shape Close's keys have (`api_` + 22 + `.` + 22 characters). */
export function randomApiKey(): string {
  const part = (): string =>
    randomBytes(24)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 22)
      .padEnd(22, 'x');
  return `api_${part()}.${part()}`;
}

type Authorization = RecordedRequest['authorization'];

function authorize(header: string | undefined, key: string): { kind: Authorization; token: string } {
  if (header === undefined || header.trim() === '') return { kind: 'none', token: '' };
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match) return { kind: 'invalid', token: header };
  const scheme = match[1].toLowerCase();
  if (scheme === 'bearer') return { kind: match[2] === key ? 'bearer' : 'invalid', token: match[2] };
  if (scheme === 'basic') {
    const decoded = Buffer.from(match[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    return { kind: colon >= 0 && user === key ? 'basic' : 'invalid', token: user };
  }
  return { kind: 'invalid', token: header };
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Fixed windows per key, aligned to the server's start. */
class RateLimiter {
  private readonly windows = new Map<string, { index: number; count: number }>();
  private readonly origin = performance.now();

  constructor(readonly options: RateLimitOptions) {}

  /** Counts one request; says whether it may pass and what the headers should say. */
  take(key: string): { allowed: boolean; remaining: number; resetSeconds: number } {
    const windowMs = this.options.windowSeconds * 1000;
    const elapsed = performance.now() - this.origin;
    const index = Math.floor(elapsed / windowMs);
    let window = this.windows.get(key);
    if (window?.index !== index) {
      window = { index, count: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(0.001, ((index + 1) * windowMs - elapsed) / 1000);
    if (window.count >= this.options.limit) return { allowed: false, remaining: 0, resetSeconds };
    window.count++;
    return { allowed: true, remaining: this.options.limit - window.count, resetSeconds };
  }
}

function seconds(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

const ENDPOINT_GROUP = createHash('md5').update('GET api/v1').digest('hex');

function rateLimitHeaders(options: RateLimitOptions, remaining: number, resetSeconds: number): Record<string, string> {
  if (options.legacy) {
    return {
      'X-Rate-Limit-Limit': String(options.limit),
      'X-Rate-Limit-Remaining': String(remaining),
      'X-Rate-Limit-Reset': seconds(resetSeconds, 6),
    };
  }
  return { RateLimit: `limit=${options.limit}, remaining=${remaining}, reset=${seconds(resetSeconds, 3)}` };
}

function tooManyRequests(options: RateLimitOptions, resetSeconds: number): Reply {
  const message = `API call count exceeded for this ${options.windowSeconds} second window`;
  const details = {
    message,
    rate_reset: Number(resetSeconds.toFixed(6)),
    rate_limit: options.limit,
    rate_window: options.windowSeconds,
    rate_limit_type: 'key',
    rate_endpoint_group: ENDPOINT_GROUP,
  };
  if (options.legacy) return json(429, { ...details, rate_reset: seconds(resetSeconds, 6) });
  return json(429, { error: details }, { 'Retry-After': String(Math.max(1, Math.ceil(resetSeconds))) });
}

/** Answers for the API routes; pure apart from reading the dataset. */
function route(
  dataset: Dataset,
  path: string,
  params: URLSearchParams,
  limits: QueryLimits,
  evolution: Evolution,
  eventLog: FakeServerOptions['eventLog'],
): EngineResponse {
  const parts = path
    .slice(API_PREFIX.length)
    .split('/')
    .filter((part) => part !== '');
  const one = <T extends { id: string }>(items: readonly T[], id: string, model: string, strip?: (item: T) => object): EngineResponse => {
    const item = items.find((candidate) => candidate.id === id);
    if (!item) return { status: 404, body: { error: `Empty query: ${model} matching query does not exist.` } };
    return { status: 200, body: project((strip ? strip(item) : item) as never, fieldsParam(params)) };
  };
  const publicSearch = ({ matchingLeadIds: _hidden, ...search }: Dataset['savedSearches'][number]): object => search;
  const [resource, second, third] = parts;
  switch (resource) {
    case 'opportunity':
      if (parts.length === 1) return listOpportunities(dataset, params, limits);
      if (parts.length === 2) return getOpportunity(dataset, second, params);
      break;
    case 'status':
      if (second !== 'opportunity') break;
      if (parts.length === 2) return listPage(dataset.statuses, params, limits);
      if (parts.length === 3) return one(dataset.statuses, third, 'OpportunityStatus');
      break;
    case 'pipeline':
      if (parts.length === 1) return listPage(dataset.pipelines, params, limits);
      if (parts.length === 2) return one(dataset.pipelines, second, 'Pipeline');
      break;
    case 'user':
      // Deactivated users own opportunities but are not members any more, so they are not listed.
      if (parts.length === 1) return listPage(dataset.users, params, limits);
      if (parts.length === 2) return one(dataset.users, second, 'User');
      break;
    case 'me':
      if (parts.length === 1) return { status: 200, body: project(dataset.me as never, fieldsParam(params)) };
      break;
    case 'saved_search': {
      if (parts.length === 2) return one(dataset.savedSearches, second, 'SavedSearch', publicSearch);
      if (parts.length !== 1) break;
      const types = (params.get('type__in') ?? params.get('type') ?? 'lead').split(',').filter(Boolean);
      return listPage(dataset.savedSearches.filter((search) => types.includes(search.type)).map(publicSearch), params, limits);
    }
    case 'organization':
      if (parts.length === 2) {
        const organization = { ...dataset.organization, currency: dataset.currency, pipelines: dataset.pipelines };
        return one([organization], second, 'Organization');
      }
      break;
    case 'event':
      if (parts.length !== 1) break;
      if (eventLog === 'forbidden') return { status: 403, body: { error: 'You do not have permission to access the event log.' } };
      if (eventLog === 'absent') break;
      return listEvents(evolution.log, params);
    case 'custom_field':
      if (second === 'opportunity' && parts.length === 2) return listPage(dataset.customFields, params, limits);
      break;
  }
  return { status: 404, body: { error: NOT_FOUND_MESSAGE } };
}

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const key = options.apiKey ?? randomApiKey();
  const seed = options.seed ?? 1;
  const evolution = new Evolution(
    options.dataset ?? generateDataset({ opportunities: options.opportunities ?? 3000, seed, currency: options.currency }),
    seed,
    options.clock,
  );
  const limits: QueryLimits = { maxLimit: options.maxLimit, maxSkip: options.maxSkip, noDateGroup: options.noDateGroup };
  const random = new Random(seed ^ 0x5eed);
  const settings = {
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
    faults: options.faults ?? {},
    limiter: options.rateLimit ? new RateLimiter(options.rateLimit) : undefined,
  };
  const requests: RecordedRequest[] = [];
  const scripts: ScriptedResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  const latency = (): number => Math.max(0, settings.latencyMs + (settings.jitterMs > 0 ? (random.next() * 2 - 1) * settings.jitterMs : 0));

  const takeScript = (path: string, query: URLSearchParams): ScriptedResponse | undefined => {
    const position = scripts.findIndex(
      (candidate) =>
        (candidate.path === undefined || candidate.path.test(path)) && Object.entries(candidate.query ?? {}).every(([name, value]) => query.get(name) === value),
    );
    return position < 0 ? undefined : scripts.splice(position, 1)[0];
  };

  async function send(res: http.ServerResponse, record: RecordedRequest, reply: Reply, applyFaults: boolean): Promise<void> {
    if (closed || res.destroyed) return;
    const body = Buffer.from(reply.body, 'utf8');
    const faults = settings.faults;
    if (applyFaults && reply.status === 200 && body.length > 2) {
      if (faults.truncateRate && random.next() < faults.truncateRate) {
        const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
        record.status = reply.status;
        record.bytes = cut.length;
        if (random.next() < 0.5) {
          // Content-Length promises the whole body; the connection dies half-way.
          res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
          res.write(cut, () => res.destroy());
        } else {
          // No Content-Length: the response ends cleanly, but the JSON stops mid-way.
          res.writeHead(reply.status, reply.headers);
          res.end(cut);
        }
        return;
      }
      if (faults.malformedRate && random.next() < faults.malformedRate) {
        const broken = Buffer.from(`${reply.body.slice(0, 40)}<!-- upstream error -->}{]`, 'utf8');
        record.status = reply.status;
        record.bytes = broken.length;
        res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(broken.length) });
        res.end(broken);
        return;
      }
    }
    record.status = reply.status;
    record.bytes = body.length;
    // A scripted answer may set its own (wrong) Content-Length to simulate a broken server.
    const ownLength = Object.entries(reply.headers).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
    res.writeHead(reply.status, ownLength !== undefined ? reply.headers : { ...reply.headers, 'Content-Length': String(body.length) });
    if (ownLength !== undefined && Number(ownLength) !== body.length) {
      // The length lies: end the connection after the body instead of leaving the client waiting for bytes.
      res.write(body, () => res.destroy());
      return;
    }
    const slowMs = faults.slowBodyMs ?? 0;
    if (applyFaults && slowMs > 0 && body.length > 1 && random.next() < (faults.slowBodyRate ?? 1)) {
      const chunks = Math.min(8, body.length);
      const size = Math.ceil(body.length / chunks);
      for (let offset = 0; offset < body.length; offset += size) {
        if (offset > 0) await wait(slowMs / chunks);
        if (closed || res.destroyed) return;
        res.write(body.subarray(offset, offset + size));
      }
      res.end();
      return;
    }
    res.end(body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    const auth = authorize(req.headers.authorization, key);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: auth.kind,
      status: 0,
      bytes: 0,
      time: Date.now(),
    };
    if (options.recordRequests !== false) requests.push(record);
    // Drain any request body so keep-alive connections stay usable.
    req.resume();

    const scripted = takeScript(url.pathname, url.searchParams);
    if (scripted) {
      await wait(scripted.delayMs ?? 0);
      if (closed) return;
      if (scripted.reset) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...scripted.headers };
      const body = scripted.rawBody ?? (scripted.body === undefined ? '' : JSON.stringify(scripted.body));
      return send(res, record, { status: scripted.status, headers, body }, false);
    }

    if (!path.startsWith(API_PREFIX)) {
      await wait(latency());
      return send(res, record, json(404, { error: NOT_FOUND_MESSAGE }), false);
    }

    let limitHeaders: Record<string, string> = {};
    const limiter = settings.limiter;
    if (limiter) {
      const verdict = limiter.take(auth.token);
      if (!verdict.allowed) {
        const reply = tooManyRequests(limiter.options, verdict.resetSeconds);
        Object.assign(reply.headers, rateLimitHeaders(limiter.options, 0, verdict.resetSeconds));
        await wait(latency());
        return send(res, record, reply, false);
      }
      limitHeaders = rateLimitHeaders(limiter.options, verdict.remaining, verdict.resetSeconds);
    }
    await wait(latency());
    if (closed) return;

    let reply: Reply;
    if (auth.kind !== 'basic' && auth.kind !== 'bearer') {
      reply = json(401, { error: UNAUTHORIZED_MESSAGE });
    } else if (req.method !== 'GET') {
      reply = json(405, { error: METHOD_NOT_ALLOWED_MESSAGE }, { Allow: 'GET' });
    } else {
      const faults = settings.faults;
      if (faults.resetRate && random.next() < faults.resetRate) {
        req.socket.destroy();
        return;
      }
      if (faults.serverErrorRate && random.next() < faults.serverErrorRate) {
        return send(res, record, serverError(random.pick([502, 503, 504] as const)), false);
      }
      const answer = route(evolution.dataset, path, url.searchParams, limits, evolution, options.eventLog);
      reply = json(answer.status, answer.body);
    }
    Object.assign(reply.headers, limitHeaders);
    return send(res, record, reply, true);
  }

  const listener: http.RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: `Internal error in the fake server: ${message}` }));
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}${API_PREFIX}`;
  const evolveEvery = options.evolve?.everyMs ?? 0;
  const evolver = evolveEvery > 0 ? setInterval(() => evolution.advance(1), Math.max(1000, evolveEvery)) : undefined;
  evolver?.unref();

  return {
    url,
    key,
    get dataset() {
      return evolution.dataset;
    },
    requests,
    advance(n = 1): EvolutionChange[] {
      return evolution.advance(Math.max(0, Math.floor(n)));
    },
    script(...responses: ScriptedResponse[]): void {
      scripts.push(...responses);
    },
    setOptions(change): void {
      if (change.latencyMs !== undefined) settings.latencyMs = change.latencyMs;
      if (change.jitterMs !== undefined) settings.jitterMs = change.jitterMs;
      if (change.faults !== undefined) settings.faults = change.faults;
      if ('rateLimit' in change) settings.limiter = change.rateLimit ? new RateLimiter(change.rateLimit) : undefined;
    },
    resetRequests(): void {
      requests.length = 0;
    },
    close(): Promise<void> {
      closed = true;
      if (evolver) clearInterval(evolver);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function serverError(status: 502 | 503 | 504): Reply {
  if (status === 503) return json(503, { error: 'Service temporarily unavailable, please retry.' });
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  // Gateways answer with HTML, not JSON: clients must cope.
  return { status, headers: { 'Content-Type': 'text/html' }, body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n` };
}
