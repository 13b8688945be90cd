import * as assert from 'node:assert/strict';
import { dateRangeProblem, isIsoDate } from '../../../../src/features/summary/dates';

describe('dates typed in the filter form', () => {
  it('accepts ISO dates and datetimes on days that exist', () => {
    for (const ok of ['2024-02-29', '2026-12-31', '2024-03-14T09:30:00Z', '2024-03-14T09:30:00.123000+00:00', '2024-03-14T09:30']) {
      assert.ok(isIsoDate(ok), ok);
    }
  });

  it('refuses days that do not exist and other formats', () => {
    for (const bad of ['2023-02-29', '2024-04-31', '2024-00-10', '14/03/2024', '2024-03-14 09:30', '', ' 2024-03-14', '2024-03-14T24:00Z']) {
      assert.ok(!isIsoDate(bad), bad);
    }
  });

  it('says which end of a range is wrong, and when the end is before the start', () => {
    assert.equal(dateRangeProblem('2024-13-01', ''), 'invalidFrom');
    assert.equal(dateRangeProblem('', 'soon'), 'invalidTo');
    assert.equal(dateRangeProblem('2024-03-02', '2024-03-01'), 'endBeforeStart');
    assert.equal(dateRangeProblem('2024-03-01', '2024-03-01'), undefined);
    assert.equal(dateRangeProblem('', ''), undefined);
  });
});

describe('one definition of a date', () => {
  it('orders a datetime with an offset by its instant', () => {
    // 10:00 at +01:00 is 09:00 UTC: before 09:30 UTC, though its digits are larger.
    assert.equal(dateRangeProblem('2024-03-14T10:00:00+0100', '2024-03-14T09:30:00Z'), undefined);
    assert.equal(dateRangeProblem('2024-03-14T09:30:00Z', '2024-03-14T10:00:00+0100'), 'endBeforeStart');
  });
});
