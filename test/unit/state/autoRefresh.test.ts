import * as assert from 'node:assert/strict';
import { clampSetting } from '../../../src/shared/settings';
import { AutoRefresh, type Timers } from '../../../src/state/autoRefresh';

describe('auto-refresh', () => {
  function fakeTimers() {
    const intervals: { ms: number; callback: () => void; cleared: boolean }[] = [];
    const timers: Timers = {
      setInterval: (callback, ms) => {
        const entry = { ms, callback, cleared: false };
        intervals.push(entry);
        return entry;
      },
      clearInterval: (handle) => {
        (handle as { cleared: boolean }).cleared = true;
      },
    };
    return { intervals, timers };
  }

  it('reloads at most once a day and at least a minute apart, whatever the setting says', () => {
    for (const [setting, ms] of [
      [1e9, 86_400_000],
      [0.001, 60_000],
      [5, 300_000],
    ]) {
      const { intervals, timers } = fakeTimers();
      const refresh = new AutoRefresh(
        () => undefined,
        () => clampSetting('autoRefreshMinutes', setting),
        undefined,
        timers,
      );
      refresh.restart();
      assert.deepEqual(
        intervals.map((i) => i.ms),
        [ms],
        `autoRefreshMinutes ${setting}`,
      );
    }
  });

  it('sets no timer when off, and replaces the timer on restart', () => {
    const { intervals, timers } = fakeTimers();
    let minutes = 0;
    const refresh = new AutoRefresh(
      () => undefined,
      () => minutes,
      undefined,
      timers,
    );
    refresh.restart();
    assert.equal(intervals.length, 0);
    minutes = 2;
    refresh.restart();
    refresh.restart();
    assert.deepEqual(
      intervals.map((i) => [i.ms, i.cleared]),
      [
        [120_000, true],
        [120_000, false],
      ],
    );
    refresh.dispose();
    assert.equal(intervals[1].cleared, true);
  });

  it('never starts a reload while one is still running', async () => {
    const { intervals, timers } = fakeTimers();
    const ends: (() => void)[] = [];
    const refresh = new AutoRefresh(
      () => new Promise<void>((resolve) => ends.push(resolve)),
      () => 1,
      undefined,
      timers,
    );
    refresh.restart();
    intervals[0].callback();
    intervals[0].callback();
    intervals[0].callback();
    assert.equal(ends.length, 1, 'one reload for three ticks during it');
    ends[0]();
    await new Promise((resolve) => setImmediate(resolve));
    intervals[0].callback();
    assert.equal(ends.length, 2, 'the next tick after it ended reloads');
  });

  it('skips a tick while another load (a filter change, a manual refresh) is running', () => {
    const { intervals, timers } = fakeTimers();
    let reloads = 0;
    let busy = true;
    const refresh = new AutoRefresh(
      () => {
        reloads++;
        return Promise.resolve();
      },
      () => 1,
      () => busy,
      timers,
    );
    refresh.restart();
    intervals[0].callback();
    assert.equal(reloads, 0);
    busy = false;
    intervals[0].callback();
    assert.equal(reloads, 1);
  });
});
