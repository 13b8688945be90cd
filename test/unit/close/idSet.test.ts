import * as assert from 'node:assert/strict';
import { IdSet, idHash } from '../../../src/close/idSet';

/** Close-shaped ids (`oppo_` + 43 base62 characters), the same ones for a seed. */
function closeIds(count: number, seed: number): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    let id = 'oppo_';
    for (let i = 0; i < 43; i++) id += alphabet[next() % 62];
    ids.push(id);
  }
  return ids;
}

describe('the ids seen while listing (IdSet)', () => {
  it('knows every id it was given, however many came after it', () => {
    const ids = new IdSet();
    const listed = closeIds(150_000, 1);
    assert.deepEqual(
      listed.filter((id) => !ids.add(id)),
      [],
      'new ids taken for known ones',
    );
    assert.equal(ids.size, 150_000);
    assert.deepEqual(
      listed.filter((id) => ids.add(id) || !ids.has(id)),
      [],
      'known ids taken for new ones',
    );
    assert.equal(ids.size, 150_000);
  });

  it('knows no id it was not given', () => {
    const ids = new IdSet();
    for (const id of closeIds(50_000, 1)) ids.add(id);
    const others = closeIds(50_000, 2);
    assert.ok(others.every((id) => !ids.has(id)));
    // One character off, or one longer or shorter, is another id.
    const first = closeIds(1, 1)[0];
    for (const near of [`${first.slice(0, -1)}x`, `${first}A`, first.slice(0, -1), first.toUpperCase()]) assert.equal(ids.has(near), false, near);
  });

  it('knows ids of any length, however they fill the memory they are kept in', () => {
    for (const length of [1, 14, 15, 16, 31, 63, 100, 127, 128]) {
      const ids = new IdSet();
      const listed = Array.from({ length: 20_000 }, (_, i) => String(i).padStart(length, 'x'));
      assert.deepEqual(
        listed.filter((id) => !ids.add(id)),
        [],
        `new ids of ${length} characters taken for known ones`,
      );
      assert.deepEqual(
        listed.filter((id) => ids.add(id) || !ids.has(id)),
        [],
        `known ids of ${length} characters taken for new ones`,
      );
      assert.equal(ids.size, listed.length);
    }
  });

  it('tells apart two ids with the same hash', () => {
    const [a, b] = ['oppo_0000000000000000000000000000000000000468088', 'oppo_0000000000000000000000000000000000001192106'];
    assert.equal(idHash(a), idHash(b), 'the two ids are meant to collide');
    const ids = new IdSet();
    assert.equal(ids.add(a), true);
    assert.equal(ids.has(b), false);
    assert.equal(ids.add(b), true);
    assert.equal(ids.add(a), false);
    assert.equal(ids.add(b), false);
    assert.equal(ids.size, 2);
  });

  it('keeps ids of any other shape exactly: short, long, empty, accented, beyond one byte a character', () => {
    const odd = ['', 'oppo_1', 'oppo_0000000001', `oppo_${'a'.repeat(300)}`, `oppo_${'a'.repeat(299)}`, 'oppo_é', 'oppo_e', 'oppo_漢字', 'oppo_漢子', 'oppo_😀'];
    const ids = new IdSet();
    for (const id of odd) assert.equal(ids.add(id), true, JSON.stringify(id));
    for (const id of odd) assert.equal(ids.add(id), false, `${JSON.stringify(id)} again`);
    assert.equal(ids.size, odd.length);
    assert.equal(ids.has('oppo_漢'), false);
    assert.equal(ids.has(`oppo_${'a'.repeat(298)}`), false);
  });

  it('marks each id once: true the first time, false after, whether it was added before or not', () => {
    const ids = new IdSet();
    const listed = [...closeIds(5_000, 3), 'oppo_漢字', `oppo_${'b'.repeat(200)}`];
    for (const id of listed.slice(0, 2_500)) ids.add(id);
    assert.deepEqual(
      listed.filter((id) => !ids.markOnce(id)),
      [],
      'first marks refused',
    );
    assert.deepEqual(
      listed.filter((id) => ids.markOnce(id) || !ids.has(id) || ids.add(id)),
      [],
      'second marks taken, or marked ids lost',
    );
    assert.equal(ids.size, listed.length);
  });
});
