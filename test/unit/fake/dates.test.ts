import * as assert from 'node:assert/strict';
import { isoWeek, parseDateValue } from '../../../src/fake/dates';

describe('fake date helpers', () => {
  const cases: [string, number, number][] = [
    ['2024-12-30', 2025, 1],
    ['2021-01-03', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2020-12-31', 2020, 53],
    ['2024-12-29', 2024, 52],
    ['2027-01-01', 2026, 53],
    ['2024-02-26', 2024, 9],
  ];
  for (const [date, weekyear, week] of cases) {
    it(`puts ${date} in ISO week ${week} of ${weekyear}`, () => {
      assert.deepEqual(isoWeek(date), { weekyear, week });
    });
  }

  it('accepts dates, datetimes with Z or offsets, and rejects anything else', () => {
    assert.deepEqual(parseDateValue('2024-01-31'), { kind: 'date', date: '2024-01-31', startMs: Date.UTC(2024, 0, 31) });
    assert.deepEqual(parseDateValue('2024-01-31T10:00:00Z'), { kind: 'datetime', ms: Date.UTC(2024, 0, 31, 10) });
    assert.deepEqual(parseDateValue('2024-01-31T10:00:00.250000+02:00'), { kind: 'datetime', ms: Date.UTC(2024, 0, 31, 8, 0, 0, 250) });
    assert.deepEqual(parseDateValue('2024-01-31T10:00'), { kind: 'datetime', ms: Date.UTC(2024, 0, 31, 10) });
    for (const bad of ['2024-1-31', '2024-02-30', '31/01/2024', '2024-01-31T25:00:00Z', '2024-01-31T10:00:00 00:00', 'today', '']) {
      assert.equal(parseDateValue(bad), undefined, bad);
    }
  });
});
