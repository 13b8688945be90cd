import * as assert from 'node:assert/strict';
import { isCalendarDay, parseIsoInstant } from '../../../src/close/isoDates';
import { isIsoDate } from '../../../src/features/summary/dates';

describe('one definition of a date', () => {
  const samples = [
    '2024-02-29',
    '2023-02-29',
    '2024-04-31',
    '2024-03-14T09:30:00Z',
    '2024-03-14T09:30',
    '2024-03-14T09:30:00.123456+01:00',
    '2024-03-14T09:30:00+0100',
    '2024-03-14T24:00Z',
    '2024-03-14T09:60Z',
    '2024-03-14T09:30:00+24:00',
    '2024-13-01',
    '14/03/2024',
  ];

  it('the form, the palette and the filter check agree on every sample', () => {
    for (const text of samples) {
      const filterCheck = parseIsoInstant(text) !== undefined;
      assert.equal(isIsoDate(text), filterCheck, `form: ${text}`);
      if (!text.includes('T')) assert.equal(isCalendarDay(text), filterCheck, `palette: ${text}`);
    }
  });
});
