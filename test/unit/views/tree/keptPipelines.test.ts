// Status groups counted with the pipelines kept with the results, against the real client and the fake Close server.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../../src/close/client';
import type { GroupBy, OpportunityFilter } from '../../../../src/close/filter';
import type { Aggregates, Pipeline } from '../../../../src/close/types';
import { startFakeServer, type FakeServer } from '../../../../src/fake/server';
import { discoverGroups } from '../../../../src/views/tree/keptPipelines';
import { waitFor } from '../../../support/waitFor';

const BY_STATUS: OpportunityFilter & { group_by: GroupBy } = { status_type: ['active'], group_by: { field: 'status_id', descending: false } };

describe('discoverGroups with kept pipelines (against the fake Close server)', function () {
  this.timeout(20_000);
  let server: FakeServer;
  let client: CloseClient;
  let closePipelines: Pipeline[];

  before(async () => {
    server = await startFakeServer({ opportunities: 200, seed: 5 });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, retryBaseDelayMs: 1 });
    closePipelines = await client.listPipelines();
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => server.resetRequests());

  /** Close's pipelines answer only when `answer` is called; `kept` is what the kept results hold. */
  function start(kept: Pipeline[] | undefined) {
    let answer: (pipelines: Pipeline[]) => void = () => {};
    let consulted = false;
    const current = new Promise<Pipeline[]>((resolve) => (answer = resolve));
    const deps = {
      pipelines: () => current,
      offline: {
        save: () => {},
        load: () => {
          consulted = true;
          return Promise.resolve(kept && { at: 0, totals: { total_results: 0 } as Aggregates, pipelines: kept });
        },
        applies: () => false,
      },
    };
    const found = discoverGroups(client, BY_STATUS, deps, new AbortController().signal);
    return { found, answer, consulted: () => consulted };
  }
  const counts = () => server.requests.filter((r) => r.path.endsWith('/opportunity/')).length;
  const statuses = (pipelines: Pipeline[]) => pipelines.flatMap((p) => p.statuses).filter((s) => s.type === 'active');

  it('counts the groups with the kept pipelines before Close’s answer, and keeps them when Close’s are the same', async () => {
    const { found, answer } = start(structuredClone(closePipelines));
    const active = statuses(closePipelines).length;
    await waitFor('the groups counted before Close’s pipelines answer', () => counts() === active);
    answer(structuredClone(closePipelines));
    const { discovery, pipelines } = await found;
    assert.deepEqual(pipelines, closePipelines);
    assert.equal(counts(), active, 'no second count');
    const ids = discovery.groups.map((g) => g.status_id);
    assert.ok(ids.length > 1);
    assert.deepEqual(
      ids,
      statuses(closePipelines)
        .map((status) => status.id)
        .filter((id) => ids.includes(id)),
      'in the pipelines’ order',
    );
  });

  it('counts again with Close’s pipelines when the kept ones differ (a status renamed)', async () => {
    const kept = structuredClone(closePipelines);
    const renamed = kept.flatMap((p) => p.statuses).find((s) => s.type === 'active')!;
    const label = renamed.label;
    renamed.label = 'Old name';
    const { found, answer } = start(kept);
    await waitFor('the groups counted with the kept pipelines', () => counts() > 0);
    answer(structuredClone(closePipelines));
    const { discovery } = await found;
    const labels = discovery.groups.map((g) => g.label);
    assert.ok(!labels.some((l) => l.includes('Old name')), labels.join(', '));
    assert.ok(
      labels.some((l) => l.startsWith(label)),
      labels.join(', '),
    );
  });

  it('without kept pipelines waits for Close’s', async () => {
    const { found, answer, consulted } = start(undefined);
    await waitFor('the kept results consulted', consulted);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(counts(), 0, 'nothing counted before the pipelines');
    answer(structuredClone(closePipelines));
    assert.ok((await found).discovery.groups.length > 0);
  });
});
