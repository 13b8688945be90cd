import * as assert from 'node:assert/strict';
import { NotFoundError, ServerError, isAbortError } from '../../../../src/close/errors';
import type { Opportunity } from '../../../../src/close/types';
import { OpportunityCache } from '../../../../src/features/hover/hoverCache';

const opp = (id: string) => ({ id, lead_name: `Lead of ${id}` }) as unknown as Opportunity;

/** A loader whose answers the test releases by hand, recording every request and its signal. */
function controlledLoader() {
  const calls: { id: string; signal: AbortSignal; resolve(o: Opportunity): void; reject(e: unknown): void }[] = [];
  const load = (id: string, signal: AbortSignal) =>
    new Promise<Opportunity>((resolve, reject) => {
      calls.push({ id, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    });
  return { calls, load };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('hover cache', () => {
  it('answers from the cache without a request while the entry is fresh', async () => {
    let now = 0;
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load, { ttlMs: 60_000, now: () => now });
    const first = cache.get('oppo_1');
    calls[0].resolve(opp('oppo_1'));
    assert.equal((await first).id, 'oppo_1');
    now = 59_999;
    assert.equal((await cache.get('oppo_1')).id, 'oppo_1');
    assert.equal(cache.peek('oppo_1')?.id, 'oppo_1');
    assert.equal(calls.length, 1);
  });

  it('asks again once the entry is older than the TTL', async () => {
    let now = 0;
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load, { ttlMs: 1000, now: () => now });
    const first = cache.get('oppo_1');
    calls[0].resolve(opp('oppo_1'));
    await first;
    now = 1000;
    assert.equal(cache.peek('oppo_1'), undefined);
    void cache.get('oppo_1');
    assert.equal(calls.length, 2);
  });

  it('shares one request among 50 simultaneous lookups of one id', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const lookups = Array.from({ length: 50 }, () => cache.get('oppo_1', new AbortController().signal));
    assert.equal(calls.length, 1);
    calls[0].resolve(opp('oppo_1'));
    const results = await Promise.all(lookups);
    assert.ok(results.every((o) => o.id === 'oppo_1'));
  });

  it('lets a cancelled lookup end at once without breaking the shared request for the others', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const quitter = new AbortController();
    const cancelled = cache.get('oppo_1', quitter.signal);
    const stays = cache.get('oppo_1', new AbortController().signal);
    quitter.abort();
    await assert.rejects(cancelled, (e) => isAbortError(e));
    assert.equal(calls[0].signal.aborted, false);
    calls[0].resolve(opp('oppo_1'));
    assert.equal((await stays).id, 'oppo_1');
  });

  it('aborts the request when every lookup waiting for it was cancelled, and starts afresh next time', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const a = new AbortController();
    const b = new AbortController();
    const pa = cache.get('oppo_1', a.signal);
    const pb = cache.get('oppo_1', b.signal);
    a.abort();
    b.abort();
    await Promise.allSettled([pa, pb]);
    assert.equal(calls[0].signal.aborted, true);
    assert.equal(cache.pending, 0);
    void cache.get('oppo_1');
    assert.equal(calls.length, 2);
    assert.equal(calls[1].signal.aborted, false);
  });

  it('rejects at once for a signal that is already aborted, without a request', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(cache.get('oppo_1', controller.signal), (e) => isAbortError(e));
    assert.equal(calls.length, 0);
  });

  it('remembers a 404 for the TTL', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const first = cache.get('oppo_missing');
    calls[0].reject(new NotFoundError('Empty query'));
    await assert.rejects(first, NotFoundError);
    await assert.rejects(cache.get('oppo_missing'), NotFoundError);
    assert.equal(calls.length, 1);
  });

  it('does not remember other failures: the next lookup tries again', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const first = cache.get('oppo_1');
    calls[0].reject(new ServerError('Bad gateway', 502));
    await assert.rejects(first, ServerError);
    const second = cache.get('oppo_1');
    assert.equal(calls.length, 2);
    calls[1].resolve(opp('oppo_1'));
    assert.equal((await second).id, 'oppo_1');
  });

  it('forgets everything on clear, including answers still on their way', async () => {
    const { calls, load } = controlledLoader();
    const cache = new OpportunityCache(load);
    const done = cache.get('oppo_1');
    calls[0].resolve(opp('oppo_1'));
    await done;
    const late = cache.get('oppo_2');
    cache.clear();
    calls[1].resolve(opp('oppo_2'));
    await late;
    await tick();
    assert.equal(cache.peek('oppo_1'), undefined);
    assert.equal(cache.peek('oppo_2'), undefined);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const cache = new OpportunityCache((id) => Promise.resolve(opp(id)), { maxEntries: 2 });
    await cache.get('oppo_1');
    await cache.get('oppo_2');
    await cache.get('oppo_3');
    assert.equal(cache.peek('oppo_1'), undefined);
    assert.equal(cache.peek('oppo_3')?.id, 'oppo_3');
  });
});
