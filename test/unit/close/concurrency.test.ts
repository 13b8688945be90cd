import * as assert from 'node:assert/strict';
import { mapBounded } from '../../../src/close/concurrency';

describe('mapBounded', () => {
  it('keeps at most `width` calls pending, however many items, and answers in the items’ order', async () => {
    let pending = 0;
    let most = 0;
    const results = await mapBounded(
      Array.from({ length: 500 }, (_, i) => i),
      4,
      async (n) => {
        pending++;
        most = Math.max(most, pending);
        await new Promise((resolve) => setImmediate(resolve));
        pending--;
        return n * 2;
      },
    );
    assert.equal(most, 4);
    assert.deepEqual(
      results,
      Array.from({ length: 500 }, (_, i) => i * 2),
    );
  });

  it('stops calling after the first failure, and rejects with it', async () => {
    const called: number[] = [];
    const failure = new Error('item 3 failed');
    await assert.rejects(
      mapBounded([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2, async (n) => {
        called.push(n);
        await new Promise((resolve) => setImmediate(resolve));
        if (n === 3) throw failure;
        return n;
      }),
      failure,
    );
    await new Promise((resolve) => setImmediate(resolve));
    // The call in flight beside item 3 may finish; none is started after it failed.
    assert.ok(called.length <= 4, called.join(', '));
  });

  it('answers an empty list without calling', async () => {
    assert.deepEqual(await mapBounded([], 8, () => Promise.reject(new Error('called'))), []);
  });
});
