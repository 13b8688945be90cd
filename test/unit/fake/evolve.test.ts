// The fake's data over time: `advance(n)` and the Event Log it writes, read over real loopback HTTP.
import * as assert from 'node:assert/strict';
import type { Opportunity } from '../../../src/close/types';
import { startFakeServer, type FakeServer } from '../../../src/fake/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get(server: FakeServer, path: string): Promise<{ status: number; json: any }> {
  const response = await fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${server.key}` } });
  return { status: response.status, json: await response.json() };
}

describe('fake server: data that changes', () => {
  const servers: FakeServer[] = [];
  const start = async (options: Parameters<typeof startFakeServer>[0] = {}) => {
    const server = await startFakeServer({ opportunities: 300, seed: 5, ...options });
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('changes the same opportunities in the same way for the same seed', async () => {
    const a = await start();
    const b = await start();
    const first = a.advance(3);
    const second = b.advance(3);
    assert.deepEqual(
      first.map((c) => c.kind),
      second.map((c) => c.kind),
    );
    assert.deepEqual(
      first.map((c) => c.id),
      second.map((c) => c.id),
    );
    assert.equal(first.filter((c) => c.kind === 'created').length, 3, 'one new opportunity per step');
    assert.ok(first.length >= 7, `two changes per step besides the new one, got ${first.length}`);
  });

  it('serves what changed since a moment with date_updated__gt, and nothing before it', async () => {
    const server = await start();
    const before = new Date(Date.now() - 1).toISOString();
    const changes = server.advance(2);
    const answer = await get(server, `opportunity/?date_updated__gt=${encodeURIComponent(before)}&_limit=100`);
    assert.equal(answer.status, 200);
    const ids = (answer.json.data as Opportunity[]).map((o) => o.id).sort();
    assert.deepEqual(ids, [...new Set(changes.map((c) => c.id))].sort());
    assert.equal(answer.json.total_results, ids.length);
  });

  it('keeps the totals consistent: won opportunities count as won, with confidence 100 and a date won', async () => {
    const server = await start();
    const wonBefore = (await get(server, 'opportunity/?status_type=won&_limit=0')).json.total_results as number;
    const changes = server.advance(20);
    const won = new Set(changes.filter((c) => c.kind === 'won').map((c) => c.id));
    assert.ok(won.size > 0, 'twenty steps win at least one deal');
    const wonAfter = (await get(server, 'opportunity/?status_type=won&_limit=0')).json.total_results as number;
    assert.equal(wonAfter, wonBefore + won.size);
    for (const id of won) {
      const o = (await get(server, `opportunity/${id}/`)).json as Opportunity;
      assert.equal(o.status_type, 'won');
      assert.equal(o.confidence, 100);
      assert.equal(o.date_won, o.date_updated.slice(0, 10));
    }
  });

  it('writes each change to the Event Log with the former values in previous_data', async () => {
    const server = await start();
    const original = new Map(server.dataset.opportunities.map((o) => [o.id, o]));
    const since = new Date(Date.now() - 1).toISOString();
    const changes = server.advance(1);
    const answer = await get(server, `event/?object_type=opportunity&action=updated&date_updated__gte=${encodeURIComponent(since)}`);
    assert.equal(answer.status, 200);
    const updated = changes.filter((c) => c.kind !== 'created');
    assert.equal(answer.json.data.length, updated.length);
    // Newest first.
    assert.deepEqual(
      answer.json.data.map((e: { object_id: string }) => e.object_id),
      updated.map((c) => c.id).reverse(),
    );
    for (const event of answer.json.data) {
      const old = original.get(event.object_id)!;
      for (const field of event.changed_fields as (keyof Opportunity)[]) assert.deepEqual(event.previous_data[field], old[field] ?? null, field);
      assert.equal(event.data.id, event.object_id);
    }
    const created = await get(server, `event/?object_type=opportunity&action=created&date_updated__gte=${encodeURIComponent(since)}`);
    assert.deepEqual(
      created.json.data.map((e: { object_id: string }) => e.object_id),
      changes.filter((c) => c.kind === 'created').map((c) => c.id),
    );
  });

  it('pages the Event Log 50 at a time with cursor_next, without repeating the date bounds', async () => {
    const server = await start();
    const since = new Date(Date.now() - 1).toISOString();
    const changes = server.advance(40);
    const seen: string[] = [];
    let answer = await get(server, `event/?object_type=opportunity&action=updated&date_updated__gte=${encodeURIComponent(since)}`);
    let pages = 1;
    seen.push(...answer.json.data.map((e: { id: string }) => e.id));
    while (answer.json.cursor_next) {
      assert.equal(answer.json.data.length, 50);
      answer = await get(server, `event/?object_type=opportunity&action=updated&_cursor=${answer.json.cursor_next}`);
      seen.push(...answer.json.data.map((e: { id: string }) => e.id));
      pages++;
    }
    const updates = changes.filter((c) => c.kind !== 'created').length;
    assert.equal(seen.length, updates);
    assert.equal(new Set(seen).size, updates);
    assert.equal(pages, Math.ceil(updates / 50));
  });

  it('answers 403 or 404 for the Event Log when told to, like Close for keys that cannot read it', async () => {
    const forbidden = await start({ eventLog: 'forbidden' });
    assert.equal((await get(forbidden, 'event/?object_type=opportunity&action=updated')).status, 403);
    const absent = await start({ eventLog: 'absent' });
    assert.equal((await get(absent, 'event/?object_type=opportunity&action=updated')).status, 404);
  });

  it('never changes a dataset it was given', async () => {
    const server = await start();
    const given = server.dataset;
    const copy = JSON.stringify(given.opportunities);
    server.advance(5);
    assert.equal(JSON.stringify(given.opportunities), copy);
    assert.notEqual(server.dataset, given);
  });
});
