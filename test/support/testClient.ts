// Shared set-up for the Close client tests: the fake server on loopback and a client whose waits are recorded.
import { CloseClient, type CloseClientOptions, type RequestLogEntry } from '../../src/close/client';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../src/fake/server';
import type { Opportunity } from '../../src/close/types';
import { emptyAggregates } from '../../src/close/aggregates';

export { startFakeServer, type FakeServer };

export interface TestClient {
  client: CloseClient;
  /** Every attempt, with the time it was logged (when it ended). */
  log: (RequestLogEntry & { endedAt: number })[];
  /** Every wait the client asked for, in ms. */
  sleeps: number[];
}

/** Every secret, log and error the close tests saw, for the suite-wide key scan (test/unit/close/scrub.test.ts). */
export const seen = { secrets: new Set<string>(), logs: [] as RequestLogEntry[][], errors: [] as unknown[] };

/** A client of `server` whose waits are recorded and skipped (so retry tests run fast) and whose jitter is 0. */
export function testClient(server: FakeServer, options: Partial<CloseClientOptions> = {}): TestClient {
  const log: (RequestLogEntry & { endedAt: number })[] = [];
  const sleeps: number[] = [];
  const client = new CloseClient({
    baseUrl: server.url,
    credentials: { apiKey: server.key },
    onRequest: (entry) => log.push({ ...entry, endedAt: performance.now() }),
    random: () => 0,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return signal?.aborted ? Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })) : Promise.resolve();
    },
    ...options,
  });
  seen.secrets.add(server.key);
  seen.secrets.add(Buffer.from(`${server.key}:`).toString('base64'));
  seen.logs.push(log);
  return { client, log, sleeps };
}

export async function withServer(options: FakeServerOptions, body: (server: FakeServer) => Promise<void>): Promise<void> {
  const server = await startFakeServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    seen.errors.push(error);
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The dataset in the server's default order (`-date_updated`, ties by id), computed here independently. */
export function byDateUpdatedDesc(opportunities: readonly Opportunity[]): string[] {
  return [...opportunities]
    .sort((a, b) => (a.date_updated < b.date_updated ? 1 : a.date_updated > b.date_updated ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((o) => o.id);
}

/** A plain list response, for scripting. */
export function listBody(data: unknown[] = [], hasMore = false, total = data.length): Record<string, unknown> {
  return {
    data,
    has_more: hasMore,
    ...emptyAggregates(),
    total_results: total,
  };
}
