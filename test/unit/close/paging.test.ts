import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { PagingLimitError } from '../../../src/close/errors';
import type { Opportunity, OpportunityGroup, OpportunityGroupedResponse } from '../../../src/close/types';
import type { RequestLogEntry } from '../../../src/close/client';
import { opportunities, opportunityPage, startLiar } from '../../support/liarServer';
import { byDateUpdatedDesc, type FakeServer, rejection, startFakeServer, testClient } from '../../support/testClient';

/** The most requests that were in flight at the same moment, from the log (entries are logged on completion). */
function mostInFlight(log: (RequestLogEntry & { endedAt?: number })[]): number {
  const events = log.flatMap((e) => [
    { t: e.endedAt! - e.durationMs, d: 1 },
    { t: e.endedAt!, d: -1 },
  ]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let most = 0;
  for (const e of events) most = Math.max(most, (now += e.d));
  return most;
}

/** Groups by owner computed from the dataset: ordered by the owner's full name, items by -date_updated. */
function groupsByOwner(server: FakeServer): { key: string; ids: string[] }[] {
  const names = new Map([...server.dataset.users, ...server.dataset.deactivatedUsers].map((u) => [u.id, `${u.first_name} ${u.last_name}`]));
  const byUser = new Map<string, Opportunity[]>();
  for (const o of server.dataset.opportunities) byUser.set(o.user_id, [...(byUser.get(o.user_id) ?? []), o]);
  return [...byUser.entries()]
    .sort(([a], [b]) => (names.get(a)!.toLowerCase() < names.get(b)!.toLowerCase() ? -1 : 1))
    .map(([key, list]) => ({ key, ids: byDateUpdatedDesc(list) }));
}

describe('paging', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 3000, seed: 7 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('pages() walks every page in order, one at a time, each opportunity once', async () => {
    const { client, log } = testClient(server);
    const ids: string[] = [];
    for await (const page of client.pages({}, { limit: 150 })) ids.push(...(page.data as Opportunity[]).map((o) => o.id));
    assert.deepEqual(ids, byDateUpdatedDesc(server.dataset.opportunities));
    assert.deepEqual(
      server.requests.map((r) => Number(r.query._skip)),
      Array.from({ length: 20 }, (_, i) => i * 150),
    );
    assert.equal(mostInFlight(log), 1);
    await client.close();
  });

  it('fetchAll() gets every page concurrently and keeps the server’s order', async () => {
    const { client } = testClient(server, { maxConcurrency: 8 });
    const result = await client.fetchAll({ order_by: { field: 'value', descending: false } }, { limit: 100 });
    const expected = [...server.dataset.opportunities]
      .sort((a, b) => {
        if (a.value === b.value) return a.id < b.id ? -1 : 1;
        if (a.value === null) return 1;
        if (b.value === null) return -1;
        return a.value - b.value;
      })
      .map((o) => o.id);
    assert.deepEqual(
      result.objects.map((o) => o.id),
      expected,
    );
    assert.equal(result.aggregates.total_results, 3000);
    assert.equal(result.requests, 30);
    assert.deepEqual(
      server.requests.map((r) => Number(r.query._skip)).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i * 100),
    );
    await client.close();
  });

  it('fetchAll() has up to maxConcurrency requests in flight at once', async () => {
    server.setOptions({ latencyMs: 30 });
    try {
      const { client, log } = testClient(server, { maxConcurrency: 6 });
      const result = await client.fetchAll({}, { limit: 200 });
      assert.equal(result.objects.length, 3000);
      assert.equal(mostInFlight(log), 6);
      await client.close();
    } finally {
      server.setOptions({ latencyMs: 0 });
    }
  });

  it('reports progress up to the total', async () => {
    const { client } = testClient(server);
    const progress: [number, number][] = [];
    await client.fetchAll({ status_type: ['won'] }, { onProgress: (loaded, total) => progress.push([loaded, total]) });
    const total = server.dataset.opportunities.filter((o) => o.status_type === 'won').length;
    assert.ok(progress.length > 1);
    assert.deepEqual(progress[progress.length - 1], [total, total]);
    assert.ok(progress.every(([loaded], i) => i === 0 || loaded >= progress[i - 1][0]));
    await client.close();
  });

  it('merges groups cut across pages by key, with the server’s counts', async () => {
    const { client } = testClient(server);
    const filter = { group_by: { field: 'user_id' as const, descending: false } };
    // Raw pages first: a group really is cut across pages.
    const keysPerPage: string[][] = [];
    for await (const page of client.pages(filter, { limit: 100 })) keysPerPage.push((page as OpportunityGroupedResponse).data.map((g) => g.key!));
    const cut = keysPerPage.flat().filter((key, i, all) => all.indexOf(key) !== i);
    assert.ok(cut.length > 0, 'no group spans two pages');

    const result = await client.fetchAll(filter, { limit: 100 });
    const expected = groupsByOwner(server);
    assert.deepEqual(
      result.groups!.map((g: OpportunityGroup) => g.key),
      expected.map((g) => g.key),
    );
    for (const [i, group] of result.groups!.entries()) {
      assert.equal(group.total_results, expected[i].ids.length);
      assert.deepEqual(
        group.objects.map((o) => o.id),
        expected[i].ids,
      );
    }
    assert.equal(result.objects.length, 3000);
    await client.close();
  });

  it('fetchAll() of an empty result is one request', async () => {
    const { client } = testClient(server);
    const result = await client.fetchAll({ lead_id: 'lead_doesnotexist' });
    assert.deepEqual(result.objects, []);
    assert.equal(result.aggregates.total_results, 0);
    assert.equal(server.requests.length, 1);
    await client.close();
  });
});

describe('the server’s maximum skip', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 1200, maxSkip: 500 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('fetchAll() says the filter is too large instead of asking beyond it', async () => {
    const { client } = testClient(server, { maxSkip: 500 });
    const error = await rejection(client.fetchAll({}));
    assert.ok(error instanceof PagingLimitError);
    assert.equal(error.code, 'PAGING_LIMIT');
    assert.match(error.message, /at most 500 .*matches 1,200.*Narrow the filter/);
    assert.ok(server.requests.every((r) => Number(r.query._skip) <= 500));
    await client.close();
  });

  it('learns the limit from the server’s 400 and explains it', async () => {
    const { client } = testClient(server);
    const error = await rejection(client.listOpportunities({}, { skip: 600, limit: 100 }));
    assert.ok(error instanceof PagingLimitError);
    assert.equal(error.maxSkip, 500);
    const again = await rejection(client.fetchAll({}));
    assert.ok(again instanceof PagingLimitError);
    assert.equal(server.requests.length, 2, 'the second call stopped after its first page');
    await client.close();
  });

  it('pages() stops with the same error where the server would refuse', async () => {
    const { client } = testClient(server, { maxSkip: 500 });
    let pages = 0;
    const error = await rejection(
      (async () => {
        for await (const page of client.pages({}, { limit: 200 })) if (page) pages++;
      })(),
    );
    assert.ok(error instanceof PagingLimitError);
    assert.equal(pages, 3);
    await client.close();
  });
});

describe('eachPage() memory', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 3000, seed: 7 });
  });
  after(() => server.close());

  it('requests at most maxConcurrency pages beyond the last one handed over, whatever waits', async () => {
    const { client } = testClient(server, { maxConcurrency: 3 });
    const sentWhileWaiting: number[] = [];
    let handed = 0;
    const result = await client.eachPage(
      { status_type: ['active', 'won', 'lost'] },
      {
        onPage: async () => {
          handed++;
          if (handed !== 2) return;
          // The writer is slow on the second page: the pages requested meanwhile are the ones held in memory.
          await new Promise((resolve) => setTimeout(resolve, 300));
          sentWhileWaiting.push(server.requests.filter((r) => r.path.endsWith('/v1/opportunity/')).length);
        },
      },
    );
    assert.ok(result.count > 1000, `${result.count} opportunities`);
    // The first page, then 3 (maxConcurrency) ahead of it, one of which is the page being handed over.
    assert.deepEqual(sentWhileWaiting, [1 + 3]);
    await client.close();
  });
});

describe('eachPage() duplicates', () => {
  it('leaves out an opportunity listed again however many pages later (shifted by a change on the server)', async () => {
    // 60 pages of 100; the last opportunity of page 50 is the 6th of page 0 again.
    const server = await startLiar(({ params }) => {
      const skip = Number(params.get('_skip') ?? 0);
      const data = opportunities(skip, 100);
      if (skip === 5000) data[99] = opportunities(5, 1)[0];
      return { body: opportunityPage(data, 6000, skip + 100 < 6000) };
    });
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, maxConcurrency: 2 });
    try {
      const handed: string[] = [];
      const result = await client.eachPage({}, { onPage: (objects) => void handed.push(...objects.map((o) => o.id)) });
      const expected = opportunities(0, 6000)
        .map((o) => o.id as string)
        .filter((_, i) => i !== 5099);
      assert.deepEqual(handed, expected);
      assert.equal(result.count, 5999);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
