import * as assert from 'node:assert/strict';
import { isCalendarDay } from '../../../src/close/isoDates';
import { customRange, DAY_FORMS, dayFormOf, dayFormRange, presetOf, presetRange, validateDateText, validateEndDate } from '../../../src/commands/dateRanges';

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
