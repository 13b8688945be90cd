import * as assert from 'node:assert/strict';
import { isCalendarDay } from '../../../src/close/isoDates';
import {
  customRange,
  datePresetsFor,
  DAY_FORMS,
  dayFormOf,
  dayFormRange,
  presetOf,
  presetRange,
  presetStatusTypes,
  validateDateText,
  validateEndDate,
} from '../../../src/commands/dateRanges';

// 2026-02-14, a local calendar day.
const today = new Date(2026, 1, 14, 15, 30);

describe('date presets', () => {
  it('covers this month from its first to its last day', () => {
    assert.deepEqual(presetRange('this_month', today), { gte: '2026-02-01', lte: '2026-02-28' });
  });

  it('covers last month across a year boundary', () => {
    assert.deepEqual(presetRange('last_month', new Date(2026, 0, 10)), { gte: '2025-12-01', lte: '2025-12-31' });
  });

  it('covers this quarter and last quarter', () => {
    assert.deepEqual(presetRange('this_quarter', today), { gte: '2026-01-01', lte: '2026-03-31' });
    assert.deepEqual(presetRange('last_quarter', today), { gte: '2025-10-01', lte: '2025-12-31' });
    assert.deepEqual(presetRange('this_quarter', new Date(2026, 10, 30)), { gte: '2026-10-01', lte: '2026-12-31' });
  });

  it('covers this year and last year', () => {
    assert.deepEqual(presetRange('this_year', today), { gte: '2026-01-01', lte: '2026-12-31' });
    assert.deepEqual(presetRange('last_year', today), { gte: '2025-01-01', lte: '2025-12-31' });
  });

  it('recognises a range that is exactly a preset', () => {
    assert.equal(presetOf({ gte: '2026-01-01', lte: '2026-03-31' }, today), 'this_quarter');
    assert.equal(presetOf({ gte: '2026-01-02', lte: '2026-03-31' }, today), undefined);
  });
});

describe('relative date presets', () => {
  it('today, yesterday, the last 7 and 30 days end today; the next 30 days start today', () => {
    assert.deepEqual(presetRange('today', today), { gte: '2026-02-14', lte: '2026-02-14' });
    assert.deepEqual(presetRange('yesterday', new Date(2026, 2, 1, 0, 5)), { gte: '2026-02-28', lte: '2026-02-28' });
    assert.deepEqual(presetRange('last_7_days', today), { gte: '2026-02-08', lte: '2026-02-14' });
    assert.deepEqual(presetRange('last_30_days', new Date(2026, 0, 10)), { gte: '2025-12-12', lte: '2026-01-10' });
    assert.deepEqual(presetRange('next_30_days', new Date(2024, 1, 15)), { gte: '2024-02-15', lte: '2024-03-15' }, 'a leap February');
  });

  it('weeks start on Monday, as the week grouping; last week crosses a year', () => {
    // 2026-02-14 is a Saturday, 02-15 a Sunday, 02-16 a Monday.
    assert.deepEqual(presetRange('this_week', today), { gte: '2026-02-09', lte: '2026-02-15' });
    assert.deepEqual(presetRange('this_week', new Date(2026, 1, 15, 23, 59)), { gte: '2026-02-09', lte: '2026-02-15' });
    assert.deepEqual(presetRange('this_week', new Date(2026, 1, 16, 0, 1)), { gte: '2026-02-16', lte: '2026-02-22' });
    assert.deepEqual(presetRange('last_week', new Date(2026, 0, 1)), { gte: '2025-12-22', lte: '2025-12-28' });
  });

  it('overdue is a close date before today, for active opportunities only, and only the close date offers it', () => {
    assert.deepEqual(presetRange('overdue', today), { lt: '2026-02-14' });
    assert.deepEqual(presetStatusTypes('overdue'), ['active']);
    assert.equal(presetStatusTypes('last_week'), undefined);
    assert.ok(datePresetsFor('date_won').includes('overdue') && datePresetsFor('date_won').includes('next_30_days'));
    assert.ok(!datePresetsFor('date_created').includes('overdue') && !datePresetsFor('date_updated').includes('next_30_days'));
  });

  it('recognises a relative range as of today, and not the day after', () => {
    assert.equal(presetOf({ gte: '2026-02-08', lte: '2026-02-14' }, today), 'last_7_days');
    assert.equal(presetOf({ lt: '2026-02-14' }, today), 'overdue');
    assert.equal(presetOf({ gte: '2026-02-08', lte: '2026-02-14' }, new Date(2026, 1, 15)), undefined);
  });

  for (const [zone, label] of [
    ['Europe/Berlin', 'clocks forward on 2026-03-29'],
    ['America/Los_Angeles', 'clocks back on 2026-11-01'],
  ] as const) {
    it(`counts calendar days in ${zone} across a daylight saving change (${label})`, () => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        if (zone === 'Europe/Berlin') {
          // 00:30 in Berlin is still the day before in UTC: the user's day counts.
          const justAfterMidnight = new Date(2026, 2, 29, 0, 30);
          assert.equal(justAfterMidnight.toISOString().slice(0, 10), '2026-03-28');
          assert.deepEqual(presetRange('today', justAfterMidnight), { gte: '2026-03-29', lte: '2026-03-29' });
          assert.deepEqual(presetRange('last_7_days', new Date(2026, 2, 31, 23, 30)), { gte: '2026-03-25', lte: '2026-03-31' });
          assert.deepEqual(presetRange('this_week', new Date(2026, 2, 29, 23, 59)), { gte: '2026-03-23', lte: '2026-03-29' });
        } else {
          // 23:30 in Los Angeles is already the next day in UTC.
          const lateEvening = new Date(2026, 10, 1, 23, 30);
          assert.equal(lateEvening.toISOString().slice(0, 10), '2026-11-02');
          assert.deepEqual(presetRange('today', lateEvening), { gte: '2026-11-01', lte: '2026-11-01' });
          assert.deepEqual(presetRange('next_30_days', lateEvening), { gte: '2026-11-01', lte: '2026-11-30' });
          assert.deepEqual(presetRange('yesterday', new Date(2026, 10, 2, 0, 30)), { gte: '2026-11-01', lte: '2026-11-01' });
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  }
});

describe('typed dates', () => {
  it('accepts only real calendar dates', () => {
    assert.equal(isCalendarDay('2024-02-29'), true);
    assert.equal(isCalendarDay('2026-02-29'), false);
    assert.equal(isCalendarDay('2026-13-01'), false);
    assert.equal(isCalendarDay('2026-1-01'), false);
  });

  it('explains what is wrong with a typed date', () => {
    assert.match(validateDateText('31/03/2026', false)!, /YYYY-MM-DD/);
    assert.match(validateDateText('2026-02-30', false)!, /not a date in the calendar/);
    assert.equal(validateDateText('', true), undefined);
    assert.match(validateDateText('', false)!, /Enter a date/);
    assert.equal(validateDateText(' 2026-03-31 ', false), undefined);
  });

  it('refuses an end before the start', () => {
    assert.match(validateEndDate('2026-03-31', '2026-03-01')!, /must not be before the start date \(2026-03-31\)/);
    assert.equal(validateEndDate('2026-03-01', '2026-03-01'), undefined);
    assert.equal(validateEndDate('2026-03-01', ''), undefined);
    assert.match(validateEndDate(undefined, '')!, /Enter a date/);
  });

  it('makes an inclusive range from the typed dates', () => {
    assert.deepEqual(customRange('2026-01-01', '2026-03-31'), { gte: '2026-01-01', lte: '2026-03-31' });
    assert.deepEqual(customRange('', '2026-03-31'), { lte: '2026-03-31' });
    assert.equal(customRange(' ', ''), undefined);
  });
});

describe('a date filter on one day', () => {
  it('writes on, after and before a day as eq, gt and lt, and reads them back', () => {
    assert.deepEqual(dayFormRange('on', ' 2024-10-15 '), { eq: '2024-10-15' });
    assert.deepEqual(dayFormRange('after', '2024-10-15'), { gt: '2024-10-15' });
    assert.deepEqual(dayFormRange('before', '2024-10-15'), { lt: '2024-10-15' });
    for (const form of DAY_FORMS) assert.deepEqual(dayFormOf(dayFormRange(form, '2024-10-15')), { form, day: '2024-10-15' });
  });

  it('is no day form for a range between two days', () => {
    assert.equal(dayFormOf({ gte: '2024-10-01', lte: '2024-10-15' }), undefined);
    assert.equal(dayFormOf({ lte: '2024-10-15' }), undefined);
  });
});
