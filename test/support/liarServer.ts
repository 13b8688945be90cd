// A small Close look-alike on loopback that lies in one scripted way. It stops by itself: after
// `maxRequests` it answers every request with a 500 (which the client does not retry), so even a client
// that would loop for ever ends, and the request count shows how far it went.
import { listBody } from './testClient';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LiarRequest {
  /** e.g. `/api/v1/opportunity/`. */
  path: string;
  params: URLSearchParams;
}

export interface LiarAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of `body`. */
  rawBody?: string;
}

/** The answer to the `n`th request (0-based) of this server. */
export type Liar = (request: LiarRequest, n: number) => LiarAnswer | Promise<LiarAnswer>;

export interface LiarServer {
  url: string;
  key: string;
  requests: LiarRequest[];
  /** Requests whose path ends with `suffix`. */
  count(suffix: string): number;
  /** Requests neither answered nor given up by the client (their connection still open): what is in flight. */
  unanswered(): number;
  close(): Promise<void>;
}

export const CAP_MESSAGE = "the test server's request cap was reached";

export async function startLiar(liar: Liar, options: { maxRequests?: number } = {}): Promise<LiarServer> {
  const maxRequests = options.maxRequests ?? 1000;
  const requests: LiarRequest[] = [];
  let unanswered = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = { path: url.pathname, params: url.searchParams };
    const n = requests.length;
    requests.push(request);
    unanswered++;
    res.once('close', () => unanswered--);
    const answer: Promise<LiarAnswer> =
      n >= maxRequests ? Promise.resolve({ status: 500, body: { error: CAP_MESSAGE } }) : Promise.resolve().then(() => liar(request, n));
    answer.then(
      ({ status = 200, headers = {}, body, rawBody }) => {
        const text = rawBody ?? JSON.stringify(body ?? {});
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(text);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(error) }));
      },
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/`,
    key: 'api_hostile_test_key_0123456789',
    requests,
    count: (suffix) => requests.filter((r) => r.path.endsWith(suffix)).length,
    unanswered: () => unanswered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A page of `/opportunity/` with the aggregates Close sends. */
export function opportunityPage(data: unknown[], total: number, hasMore: boolean): Record<string, unknown> {
  return listBody(data, hasMore, total);
}

/** `count` opportunities whose ids start at `from`. */
export function opportunities(from: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ id: `oppo_${String(from + i).padStart(10, '0')}`, lead_name: `Lead ${from + i}` }));
}
