// The change check against the fake over loopback HTTP: what it asks, how many requests it takes on 10,000
// opportunities, and what it finds after the fake moved on.
import * as assert from 'node:assert/strict';
import { checkChanges, MAX_CHANGE_PAGES } from '../../../../src/features/changes/changeCheck';
import { markedSeen, seenMap, seenOf, type SeenOpportunity } from '../../../../src/features/changes/changes';
import type { OpportunityListResponse } from '../../../../src/close/types';
import type { EvolutionChange } from '../../../../src/fake/evolve';
import { startFakeServer, testClient, type FakeServer } from '../../../support/testClient';

const KINDS: Record<EvolutionChange['kind'], string> = { created: 'new', won: 'won', lost: 'lost', moved: 'moved', value: 'value', reassigned: 'reassigned' };

describe('changes since the last look: the change check on 10,000 opportunities', function () {
  this.timeout(60_000);
  let server: FakeServer;
  /** The fake's clock, moved on by the tests: a minute between a look and the changes after it. */
  let now = Date.parse('2026-11-30T10:00:00Z');
  const clock = () => now;

  before(async () => {
    server = await startFakeServer({ opportunities: 10_000, seed: 31, clock });
  });
  after(() => server.close());

  /** A look: the first page of the tree (100 rows, most recently updated first) is what was seen. */
  async function look(): Promise<{ since: string; seen: Map<string, SeenOpportunity> }> {
    const { client } = testClient(server);
    now += 3_600_000;
    const since = new Date(now).toISOString();
    now += 60_000;
    const page = (await client.listOpportunities({}, { skip: 0, limit: 100 })) as OpportunityListResponse;
    return { since, seen: new Map(page.data.map((o) => [o.id, seenOf(o)])) };
  }

  const checks = () => server.requests.filter((r) => r.path.endsWith('/opportunity/') && r.query.date_updated__gt !== undefined);
  const events = () => server.requests.filter((r) => r.path.endsWith('/event/'));

  it('takes one request when nothing changed', async () => {
    const { since, seen } = await look();
    server.resetRequests();
    const result = await checkChanges(testClient(server).client, { filter: {}, since, seen, eventLogAllowed: true });
    assert.deepEqual(result.changes, []);
    assert.equal(result.requests, 1);
    assert.equal(server.requests.length, 1);
    assert.equal(checks()[0].query.date_updated__gt, since);
  });

  it('takes one request for the changes and one Event Log page for the state before of those never seen here', async () => {
    const { since, seen } = await look();
    const made = server.advance(1);
    server.resetRequests();
    const result = await checkChanges(testClient(server).client, { filter: {}, since, seen, eventLogAllowed: true });
    assert.deepEqual(new Map(result.changes.map((c) => [c.id, c.kind])), new Map(made.map((c) => [c.id, KINDS[c.kind]])));
    assert.equal(checks().length, 1);
    assert.equal(events().length, 1);
    assert.equal(result.requests, 2);
    assert.equal(result.eventLog, 'used');
  });

  it('pages both when many changed: 100 changes and 50 events a page', async () => {
    const { since, seen } = await look();
    const made = server.advance(40);
    server.resetRequests();
    const result = await checkChanges(testClient(server).client, { filter: {}, since, seen, eventLogAllowed: true });
    const ids = new Set(made.map((c) => c.id));
    const updates = made.filter((c) => c.kind !== 'created').length;
    assert.equal(result.changes.length, ids.size);
    assert.equal(checks().length, Math.ceil(ids.size / 100));
    assert.equal(events().length, Math.ceil(updates / 50));
    assert.equal(result.requests, checks().length + events().length);
  });

  it(`reads at most ${MAX_CHANGE_PAGES * 100} changes in one check, and says there were more`, async () => {
    const { since, seen } = await look();
    server.advance(400);
    server.resetRequests();
    const result = await checkChanges(testClient(server).client, { filter: {}, since, seen, eventLogAllowed: false });
    assert.equal(result.truncated, true);
    assert.equal(result.changes.length, MAX_CHANGE_PAGES * 100);
    assert.equal(checks().length, MAX_CHANGE_PAGES);
    assert.equal(events().length, 0, 'the Event Log is not asked once it refused');
  });

  it("after Mark All as Seen, finds what changed while the rows were shown and in the click's own millisecond", async () => {
    const { client } = testClient(server);
    now += 3_600_000;
    const loadedFrom = now;
    const page = (await client.listOpportunities({}, { skip: 0, limit: 100 })) as OpportunityListResponse;
    now += 30_000;
    const whileShown = server.advance(1);
    now += 30_000;
    const mark = markedSeen('k', undefined, page.data.map(seenOf), loadedFrom, now);
    // Stamped with the clock as it is at the click: the same millisecond.
    const afterClick = server.advance(1);
    const result = await checkChanges(client, { filter: {}, since: mark.since, seen: seenMap(mark), eventLogAllowed: true });
    const found = new Set(result.changes.map((c) => c.id));
    for (const change of [...whileShown, ...afterClick]) assert.ok(found.has(change.id), `${change.kind} ${change.id} not found`);
  });

  it('does not call the changes it did not read "left the filter"', async () => {
    const { since } = await look();
    // Everything seen, so that any change not read would look gone.
    const seen = new Map(server.dataset.opportunities.map((o) => [o.id, seenOf(o)]));
    server.advance(400);
    const result = await checkChanges(testClient(server).client, { filter: { status_type: ['active', 'won', 'lost'] }, since, seen, eventLogAllowed: true });
    assert.equal(result.truncated, true);
    assert.equal(result.changes.filter((c) => c.kind === 'left').length, 0);
    // At most the changes read (one moved back and forth counts as no change).
    assert.ok(result.changes.length <= MAX_CHANGE_PAGES * 100, String(result.changes.length));
  });

  it('asks the Event Log for a filter that can be left even when nothing changed, not for one on everything', async () => {
    const { since, seen } = await look();
    server.resetRequests();
    const result = await checkChanges(testClient(server).client, { filter: { status_type: ['active', 'won', 'lost'] }, since, seen, eventLogAllowed: true });
    assert.deepEqual(result.changes, []);
    assert.equal(result.requests, 2);
    assert.equal(checks()[0].query.status_type__in, 'active,won,lost');
  });

  it('goes on without the Event Log when Close refuses it (403), and says so', async () => {
    let time = Date.parse('2026-11-30T10:00:00Z');
    const refusing = await startFakeServer({ opportunities: 500, seed: 32, eventLog: 'forbidden', clock: () => time });
    try {
      const { client } = testClient(refusing);
      const since = new Date(time).toISOString();
      time += 60_000;
      const made = refusing.advance(2);
      const result = await checkChanges(client, { filter: {}, since, seen: new Map(), eventLogAllowed: true });
      assert.equal(result.eventLog, 'unavailable');
      assert.equal(result.eventLogRefused, true);
      for (const change of made) assert.equal(result.changes.find((c) => c.id === change.id)?.kind, change.kind === 'created' ? 'new' : 'updated');
    } finally {
      await refusing.close();
    }
  });
});
