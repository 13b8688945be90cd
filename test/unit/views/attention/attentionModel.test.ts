// The Needs Attention model against the real client and the fake Close server on loopback.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../../src/close/client';
import { DEFAULT_ANCHOR } from '../../../../src/fake/generateDataset';
import { startFakeServer, type FakeServer } from '../../../../src/fake/server';
import { AttentionKindNode, AttentionModel, type AttentionStep } from '../../../../src/views/attention/attentionModel';
import { LoadMoreNode, OpportunityNode } from '../../../../src/views/tree/treeNodes';

describe('AttentionModel (against the fake Close server)', function () {
  this.timeout(30000);
  let server: FakeServer;
  let client: CloseClient;

  before(async () => {
    server = await startFakeServer({ opportunities: 400, seed: 5 });
    client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key }, retryBaseDelayMs: 1 });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => server.resetRequests());

  const model = (pageSize = 10) =>
    new AttentionModel({ client: () => Promise.resolve(client), pageSize: () => pageSize, quietDays: () => 30, now: () => new Date(`${DEFAULT_ANCHOR}T12:00:00`) }, {});
  const lists = () => server.requests.filter((r) => r.path.endsWith('/opportunity/'));

  it('shows the four kinds with their counts, from the review alone', async () => {
    const m = model();
    const kinds = (await m.children()) as AttentionKindNode[];
    assert.deepEqual(
      kinds.map((k) => k.attentionKind),
      ['stalled', 'overdue', 'noCloseDate', 'quiet'],
    );
    assert.ok(kinds.every((k) => k.total > 0));
    assert.ok(lists().every((r) => r.query._limit === '0'));
    assert.equal(lists().length, m.state.kind === 'loaded' ? m.state.review.requests : -1);
  });

  it('lists a kind page by page when it is opened, with why each is there, one request per page', async () => {
    const m = model();
    const kinds = (await m.children()) as AttentionKindNode[];
    server.resetRequests();
    const stalled = await m.children(kinds[0]);
    const rows = stalled.filter((n): n is OpportunityNode => n instanceof OpportunityNode);
    assert.equal(rows.length, Math.min(10, kinds[0].total));
    assert.ok(rows.every((n) => (n.row as { is_stalled?: boolean }).is_stalled === true));
    assert.ok(rows.some((n) => (n.row as { stall_status?: unknown }).stall_status));
    assert.equal(lists().length, 1);
    assert.match(lists()[0].query._fields, /stall_status,suggested_action/);
    if (kinds[0].total > 10) assert.ok(stalled[stalled.length - 1] instanceof LoadMoreNode);
    assert.equal(m.parent(rows[0]), kinds[0]);
  });

  it('lists only opportunities without a close date under "No close date"', async () => {
    const m = model(100);
    const kinds = (await m.children()) as AttentionKindNode[];
    const rows = (await m.children(kinds[2])).filter((n): n is OpportunityNode => n instanceof OpportunityNode);
    assert.equal(rows.length, Math.min(100, kinds[2].total));
    assert.ok(rows.every((n) => !n.row.date_won));
  });

  it('steps through every opportunity needing attention once, loading pages as it goes, and wraps around', async () => {
    const m = model(25);
    await m.children();
    const review = m.state.kind === 'loaded' ? m.state.review : undefined;
    const visited: string[] = [];
    let at: AttentionStep | undefined;
    for (let i = 0; i < review!.needingAttention; i++) {
      at = await m.step(at, 1);
      visited.push(at!.node.row.id);
    }
    assert.equal(new Set(visited).size, review!.needingAttention);
    const wrapped = await m.step(at, 1);
    assert.equal(wrapped!.node.row.id, visited[0]);
    const back = await m.step(wrapped, -1);
    assert.equal(back!.node.row.id, visited[visited.length - 1]);
  });

  it('reloads with the review only: the kinds opened before list again when opened', async () => {
    const m = model();
    const kinds = (await m.children()) as AttentionKindNode[];
    await m.children(kinds[1]);
    server.resetRequests();
    await m.reload();
    assert.ok(lists().length <= 6 && lists().every((r) => r.query._limit === '0'), JSON.stringify(lists().map((r) => r.query)));
  });
});
