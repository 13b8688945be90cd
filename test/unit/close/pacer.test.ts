import * as assert from 'node:assert/strict';
import { RateLimitPacer } from '../../../src/close/pacer';

/** A request as the client sends one on the bulk lane: wait for its turn, then count it. */
async function send(pacer: RateLimitPacer, signal?: AbortSignal): Promise<{ seq: number; sentAt: number }> {
  await pacer.waitTurn(signal);
  return pacer.take();
}

describe('pacing', () => {
  /** A pacer on a clock that only moves when it sleeps. */
  const pacerOnClock = () => {
    let now = 1_000_000;
    const sleeps: number[] = [];
    const pacer = new RateLimitPacer(
      (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
      () => now,
    );
    return { pacer, sleeps, advance: (ms: number) => (now += ms), now: () => now };
  };

  it('sends freely until the server says how much is left', async () => {
    const { pacer, sleeps } = pacerOnClock();
    for (let i = 0; i < 50; i++) await send(pacer);
    assert.deepEqual(sleeps, []);
  });

  it('holds back requests the window has no room for until it resets', async () => {
    const { pacer, sleeps, now } = pacerOnClock();
    const first = await send(pacer);
    pacer.observe(first.seq, first.sentAt, { ratelimit: 'limit=5, remaining=4, reset=1' });
    for (let i = 0; i < 4; i++) await send(pacer);
    assert.equal(sleeps.length, 0);
    const started = now();
    await send(pacer); // the sixth: next window
    assert.equal(sleeps.length, 1);
    assert.ok(now() - first.sentAt >= 1000 && now() - started <= 1100, `waited ${sleeps[0]} ms`);
  });

  it('counts requests sent after the one answered as not yet counted by the server', async () => {
    const { pacer, sleeps } = pacerOnClock();
    const first = await send(pacer);
    for (let i = 0; i < 3; i++) await send(pacer);
    pacer.observe(first.seq, first.sentAt, { ratelimit: 'limit=5, remaining=4, reset=1' });
    await send(pacer); // 5th in the window
    assert.deepEqual(sleeps, []);
    await send(pacer); // 6th must wait
    assert.equal(sleeps.length, 1);
  });

  it('pauses every request after a 429 and then starts a fresh window', async () => {
    const { pacer, sleeps } = pacerOnClock();
    const first = await send(pacer);
    pacer.observe(first.seq, first.sentAt, { ratelimit: 'limit=5, remaining=0, reset=3' });
    pacer.pause(870);
    await send(pacer);
    assert.deepEqual(sleeps, [870]);
    for (let i = 0; i < 4; i++) await send(pacer);
    assert.deepEqual(sleeps, [870]);
  });

  it('stops waiting when aborted', async () => {
    const pacer = new RateLimitPacer(
      (ms, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }),
    );
    pacer.pause(60_000);
    const controller = new AbortController();
    const waiting = send(pacer, controller.signal);
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
  });
});
