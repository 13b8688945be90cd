// What is remembered per filter stays bounded: entries per filter, number of filters, least recently used dropped.
import * as assert from 'node:assert/strict';
import {
  emptyStore,
  encodeSeen,
  findLook,
  MAX_FILTERS,
  MAX_SEEN_PER_FILTER,
  parseStore,
  putLook,
  seenMap,
  seenOf,
  withSeen,
  type FilterLook,
} from '../../../src/close/changes';
import type { Opportunity } from '../../../src/close/types';

const row = (i: number): Partial<Opportunity> & { id: string } => ({
  id: `oppo_${String(i).padStart(12, '0')}`,
  lead_name: 'Acme Inc',
  note: 'secret plans',
  user_name: 'Alice Anders',
  status_id: 'stat_a',
  status_label: 'Demo',
  status_type: 'active',
  value: 1000 * i,
  value_period: 'monthly',
  confidence: 50,
  user_id: 'user_a',
  date_updated: '2026-11-24T10:00:00.000000+00:00',
});

const look = (key: string, lastLook: number, seen = withSeen([], [seenOf(row(1))])): FilterLook => ({ key, since: '2026-11-24T10:42:00Z', lastLook, seen });

describe('changes since the last look: what is remembered', () => {
  it('remembers id, status, value and period, confidence, owner and date updated, and nothing else', () => {
    const stored = JSON.stringify(encodeSeen(seenOf(row(7))));
    assert.equal(stored, '["oppo_000000000007","stat_a","active",7000,"monthly",50,"user_a","2026-11-24T10:00:00.000000+00:00"]');
    for (const secret of ['Acme', 'secret', 'Alice', 'Demo']) assert.ok(!stored.includes(secret), secret);
  });

  it(`keeps at most ${MAX_SEEN_PER_FILTER} opportunities per filter, the most recently seen`, () => {
    const first = withSeen(
      [],
      Array.from({ length: 400 }, (_, i) => seenOf(row(i))),
    );
    const second = withSeen(
      first,
      Array.from({ length: 300 }, (_, i) => seenOf(row(1000 + i))),
    );
    assert.equal(second.length, MAX_SEEN_PER_FILTER);
    assert.equal(second[0][0], row(1000).id);
    assert.ok(
      second.some((t) => t[0] === row(0).id),
      'older ones stay while there is room',
    );
    assert.ok(!second.some((t) => t[0] === row(399).id), 'the least recently seen go');
  });

  it('keeps one entry per opportunity, the newest state first', () => {
    const seen = withSeen(withSeen([], [seenOf(row(1))]), [seenOf({ ...row(1), status_id: 'stat_b' })]);
    assert.equal(seen.length, 1);
    assert.equal(seenMap(look('k', 0, seen)).get(row(1).id)?.status_id, 'stat_b');
  });

  it(`keeps at most ${MAX_FILTERS} filters and drops the least recently looked at`, () => {
    let store = emptyStore();
    for (let i = 0; i < MAX_FILTERS + 5; i++) store = putLook(store, look(`filter${i}`, i));
    assert.equal(store.looks.length, MAX_FILTERS);
    assert.equal(findLook(store, 'filter0'), undefined);
    assert.ok(findLook(store, `filter${MAX_FILTERS + 4}`));
    // Looking at an old one again moves it to the front, so it survives the next ones.
    store = putLook(store, { ...findLook(store, 'filter5')!, lastLook: 100 });
    for (let i = 0; i < MAX_FILTERS - 1; i++) store = putLook(store, look(`more${i}`, 200 + i));
    assert.ok(findLook(store, 'filter5'));
    assert.equal(findLook(store, 'filter6'), undefined);
  });

  it('reads back what it wrote, and reads a damaged or foreign file as empty', () => {
    const store = putLook(emptyStore(), look('a', 1));
    assert.deepEqual(parseStore(JSON.parse(JSON.stringify(store))), store);
    assert.deepEqual(parseStore('nonsense'), emptyStore());
    assert.deepEqual(parseStore({ version: 2, looks: [] }), emptyStore());
    const damaged = parseStore({
      version: 1,
      looks: [
        { key: 'a', since: 'not a date', seen: [] },
        { key: 'b', since: '2026-11-24T10:42:00Z', lastLook: 1, seen: [['oppo_x'], 5, encodeSeen(seenOf(row(2)))] },
      ],
    });
    assert.deepEqual(
      damaged.looks.map((l) => [l.key, l.seen.length]),
      [['b', 1]],
    );
  });

  it('bounds a file that holds more than it may', () => {
    const huge = {
      version: 1,
      looks: Array.from({ length: 50 }, (_, i) => ({ ...look(`f${i}`, i), seen: Array.from({ length: 900 }, (_, j) => encodeSeen(seenOf(row(j)))) })),
    };
    const store = parseStore(huge);
    assert.equal(store.looks.length, MAX_FILTERS);
    assert.equal(store.looks[0].key, 'f49');
    assert.ok(store.looks.every((l) => l.seen.length === MAX_SEEN_PER_FILTER));
  });
});
