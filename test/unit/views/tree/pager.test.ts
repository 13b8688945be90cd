import * as assert from 'node:assert/strict';
import { LoadGenerations, OpportunityPager, type FetchPage } from '../../../../src/views/tree/pager';

/** A list of `total` rows served `limit` at a time, recording each `_skip` asked for. */
function serve(total: number, calls: number[] = []): FetchPage {
  return (skip, limit) => {
    calls.push(skip);
    const rows = [];
    for (let i = skip; i < Math.min(total, skip + limit); i++) rows.push({ id: `oppo_${i}` });
    return Promise.resolve({ rows, total, hasMore: skip + limit < total, advancedBy: rows.length });
  };
}

describe('LoadGenerations', () => {
  it('aborts the previous load when a new one begins', () => {
    const generations = new LoadGenerations();
    const first = generations.begin();
    const second = generations.begin();
    assert.equal(first.signal.aborted, true);
    assert.equal(first.isCurrent(), false);
    assert.equal(second.isCurrent(), true);
  });

  it('makes no load current after cancel', () => {
    const generations = new LoadGenerations();
    const token = generations.begin();
    generations.cancel();
    assert.equal(token.isCurrent(), false);
    assert.equal(token.signal.aborted, true);
  });
});

describe('OpportunityPager', () => {
  it('loads page after page until the server has no more', async () => {
    const calls: number[] = [];
    const pager = new OpportunityPager(serve(250, calls), 100, new AbortController().signal);
    await pager.loadMore();
    assert.equal(pager.rows.length, 100);
    assert.equal(pager.total, 250);
    assert.equal(pager.hasMore, true);
    await pager.loadMore();
    await pager.loadMore();
    assert.deepEqual(calls, [0, 100, 200]);
    assert.equal(pager.rows.length, 250);
    assert.equal(pager.hasMore, false);
  });

  it('shares one request between calls made while a page loads', async () => {
    const calls: number[] = [];
    const pager = new OpportunityPager(serve(250, calls), 100, new AbortController().signal);
    await Promise.all([pager.loadMore(), pager.loadMore(), pager.loadMore()]);
    assert.deepEqual(calls, [0]);
  });

  it('keeps the loaded rows when a page fails, and retries the same page', async () => {
    const calls: number[] = [];
    const good = serve(250, calls);
    let failNext = false;
    const pager = new OpportunityPager(
      async (skip, limit, signal) => {
        if (failNext) {
          failNext = false;
          calls.push(skip);
          throw new Error('Close answered 503');
        }
        return good(skip, limit, signal);
      },
      100,
      new AbortController().signal,
    );
    await pager.loadMore();
    failNext = true;
    await pager.loadMore();
    assert.equal(pager.rows.length, 100);
    assert.equal((pager.error as Error).message, 'Close answered 503');
    await pager.loadMore();
    assert.equal(pager.error, undefined);
    assert.equal(pager.rows.length, 200);
    assert.deepEqual(calls, [0, 100, 100]);
  });

  it('shows an id once when offset paging returns it again', async () => {
    const pager = new OpportunityPager(
      (skip) => Promise.resolve({ rows: skip === 0 ? [{ id: 'oppo_a' }, { id: 'oppo_b' }] : [{ id: 'oppo_b' }, { id: 'oppo_c' }], hasMore: skip === 0, advancedBy: 2 }),
      2,
      new AbortController().signal,
    );
    await pager.loadMore();
    await pager.loadMore();
    assert.deepEqual(
      pager.rows.map((r) => r.id),
      ['oppo_a', 'oppo_b', 'oppo_c'],
    );
  });

  it('ignores a page that answers after its load was cancelled', async () => {
    const controller = new AbortController();
    let answer!: () => void;
    const pager = new OpportunityPager(
      () =>
        new Promise((resolve) => {
          answer = () => resolve({ rows: [{ id: 'oppo_late' }], total: 1, hasMore: false, advancedBy: 1 });
        }),
      100,
      controller.signal,
    );
    const loading = pager.loadMore();
    controller.abort();
    answer();
    await loading;
    assert.equal(pager.rows.length, 0);
    assert.equal(pager.error, undefined);
  });

  it('asks nothing for a group the server says is empty', async () => {
    const calls: number[] = [];
    const pager = new OpportunityPager(serve(0, calls), 100, new AbortController().signal, 0);
    await pager.loadMore();
    assert.deepEqual(calls, []);
    assert.equal(pager.hasMore, false);
  });
});
