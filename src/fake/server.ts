// A Close-compatible HTTP server on node:http ("the fake"): the API routes the extension reads, Close's auth,
// per-key rate limiting, and fault injection (latency, 5xx, resets, truncated/malformed/slow bodies).
// Used by the unit tests, the benchmark and the extension's sample-data mode. No 'vscode' here.
// This file is the server itself: its options, the request pipeline and the handle it returns.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { authorize, randomApiKey, UNAUTHORIZED_MESSAGE, type Authorization } from './auth';
import type { Dataset } from './dataset';
import { Evolution, type EvolutionChange } from './evolve';
import { sendReply, serverError, type FaultOptions, type SendContext } from './faults';
import { generateDataset } from './generateDataset';
import type { QueryLimits } from './queryParams';
import { Random } from './random';
import { RateLimiter, rateLimitHeaders, tooManyRequests, type RateLimitOptions } from './rateLimit';
import { json, type Reply } from './reply';
import { API_PREFIX, NOT_FOUND_MESSAGE, route, type EventLogAccess } from './routes';
import { scriptedReply, takeScript, type ScriptedResponse } from './scripts';

export interface FakeServerOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default: a random 'api_…' key. Accepted as Basic base64("<key>:") and as Bearer <key>. */
  apiKey?: string;
  /** An OAuth access token also accepted, as `Bearer <token>` only; undefined (the default): none. */
  oauthToken?: string;
  /** Size of the generated organisation (default 3000). */
  opportunities?: number;
  /** Default 1; the same seed and size give the same data. */
  seed?: number;
  /** The generated organization's currency (default USD); most opportunities are in it. */
  currency?: 'USD' | 'EUR' | 'GBP';
  /** The generated organization's name (default "Sample Sales Co"). */
  organizationName?: string;
  /** More organizations on the same server, each with its own key and generated data (its users, statuses, currency). */
  organizations?: OtherOrganization[];
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
  /** `GET /event/` (default 'admin'); 'forbidden' and 'absent' answer as Close may for keys that cannot read it. */
  eventLog?: EventLogAccess;
  /** The time changes are stamped with (default `Date.now`); tests pass their own to stay deterministic. */
  clock?: () => number;
}

/** Another organization the server holds: its key finds its data (and only its data). */
export interface OtherOrganization {
  apiKey: string;
  organizationName?: string;
  seed?: number;
  currency?: 'USD' | 'EUR' | 'GBP';
  /** Default: as many as the first organization. */
  opportunities?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. '/api/v1/opportunity/'. */
  path: string;
  /** Query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** How the request authenticated; the key itself is never recorded. */
  authorization: Authorization;
  /** Status sent; 0 while pending or when the connection was reset. */
  status: number;
  /** Body bytes written. */
  bytes: number;
  /** Arrival time, `Date.now()`. */
  time: number;
}

export interface FakeServer {
  /** Base URL, e.g. 'http://127.0.0.1:PORT/api/v1/'. */
  readonly url: string;
  readonly key: string;
  /** The data as it is now (a new object after every `advance()`). */
  readonly dataset: Dataset;
  /** The data of the organization a key belongs to (the first one's for `key`); undefined for an unknown key. */
  datasetOf(apiKey: string): Dataset | undefined;
  /** Every request received, in arrival order (empty when started with `recordRequests: false`). */
  readonly requests: RecordedRequest[];
  /** The next matching requests get these answers instead (bypassing auth, rate limit and faults), in order. */
  script(...responses: ScriptedResponse[]): void;
  /** `oauthToken: undefined` revokes the token (as when it expires): its requests get 401. */
  setOptions(change: Partial<Pick<FakeServerOptions, 'latencyMs' | 'jitterMs' | 'rateLimit' | 'faults' | 'oauthToken'>>): void;
  /** Forgets the requests recorded and every scripted reply not used yet (each test starts from a clean server). */
  resetRequests(): void;
  /**
   * Moves the organisation on by `n` steps (deterministic from the seed): each step adds one opportunity and
   * changes two open ones (moved, won, lost, value changed or reassigned), stamped with the current time and
   * written to the Event Log. Returns what changed.
   */
  advance(n?: number): EvolutionChange[];
  close(): Promise<void>;
}

const METHOD_NOT_ALLOWED_MESSAGE = 'The method is not allowed for the requested URL.';

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const key = options.apiKey ?? randomApiKey();
  const seed = options.seed ?? 1;
  const evolution = new Evolution(
    options.dataset ?? generateDataset({ opportunities: options.opportunities ?? 3000, seed, currency: options.currency, organizationName: options.organizationName }),
    seed,
    options.clock,
  );
  const others = (options.organizations ?? []).map((other, index) => {
    const otherSeed = other.seed ?? seed + index + 1;
    const data = generateDataset({
      opportunities: other.opportunities ?? options.opportunities ?? 3000,
      seed: otherSeed,
      currency: other.currency,
      organizationName: other.organizationName,
    });
    return { key: other.apiKey, evolution: new Evolution(data, otherSeed, options.clock) };
  });
  const limits: QueryLimits = { maxLimit: options.maxLimit, maxSkip: options.maxSkip, noDateGroup: options.noDateGroup };
  const random = new Random(seed ^ 0x5eed);
  const settings = {
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
    faults: options.faults ?? {},
    limiter: options.rateLimit ? new RateLimiter(options.rateLimit) : undefined,
    oauthToken: options.oauthToken,
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

  const io: SendContext = { random, wait, isClosed: () => closed };
  const send = (res: http.ServerResponse, record: RecordedRequest, reply: Reply, applyFaults: boolean): Promise<void> =>
    sendReply(res, record, reply, applyFaults ? settings.faults : undefined, io);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    let auth = authorize(req.headers.authorization, key, settings.oauthToken);
    let data = evolution;
    // Another organization's key finds that organization's data.
    for (const other of auth.kind === 'invalid' ? others : []) {
      const answer = authorize(req.headers.authorization, other.key);
      if (answer.kind === 'basic' || answer.kind === 'bearer') {
        auth = answer;
        data = other.evolution;
        break;
      }
    }
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

    const scripted = takeScript(scripts, url.pathname, url.searchParams);
    if (scripted) {
      await wait(scripted.delayMs ?? 0);
      if (closed) return;
      if (scripted.reset) {
        req.socket.destroy();
        return;
      }
      return send(res, record, scriptedReply(scripted), false);
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
      const answer = route(data.dataset, path, url.searchParams, limits, data, options.eventLog);
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
  const evolver =
    evolveEvery > 0 ? setInterval(() => [evolution, ...others.map((o) => o.evolution)].forEach((e) => e.advance(1)), Math.max(1000, evolveEvery)) : undefined;
  evolver?.unref();

  return {
    url,
    key,
    get dataset() {
      return evolution.dataset;
    },
    datasetOf(apiKey: string): Dataset | undefined {
      return apiKey === key ? evolution.dataset : others.find((o) => o.key === apiKey)?.evolution.dataset;
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
      if ('oauthToken' in change) settings.oauthToken = change.oauthToken;
      if ('rateLimit' in change) settings.limiter = change.rateLimit ? new RateLimiter(change.rateLimit) : undefined;
    },
    resetRequests(): void {
      requests.length = 0;
      // A reply scripted by a test that failed before using it must not answer the next test's request.
      scripts.length = 0;
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
