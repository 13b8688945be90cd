import * as assert from 'node:assert/strict';
import { dateLines, rangeWords, todayLine } from '../../../src/lm/dateWords';

describe('a filter’s dates in the open', () => {
  it('names whole months, quarters and years, and says other ranges with their days', () => {
    assert.equal(rangeWords({ gte: '2026-12-01', lte: '2026-12-31' }), 'in December 2026');
    assert.equal(rangeWords({ gte: '2026-02-01', lt: '2026-03-01' }), 'in February 2026');
    assert.equal(rangeWords({ gte: '2026-10-01', lte: '2026-12-31' }), 'in Q4 2026');
    assert.equal(rangeWords({ gte: '2026-01-01', lte: '2026-12-31' }), 'in the year 2026');
    assert.equal(rangeWords({ gte: '2026-12-02', lte: '2026-12-31' }), '2026-12-02 – 2026-12-31');
    assert.equal(rangeWords({ gte: '2026-12-05', lte: '2026-12-05' }), 'on 2026-12-05');
    assert.equal(rangeWords({ eq: '2026-12-05' }), 'on 2026-12-05');
    assert.equal(rangeWords({ gte: '2026-12-01' }), 'from 2026-12-01');
  });

  it('states what is sent: days as days for date won, the user’s whole days as times for the others', () => {
    const lines = dateLines({ date_won: { gte: '2026-12-01', lte: '2026-12-31' }, date_created: { eq: '2026-03-10' } }, 'Europe/Berlin');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^Close Date \(Expected or Won\) in December 2026: sent to Close as date_won__gte=2026-12-01, date_won__lte=2026-12-31 \(calendar days/);
    // The host's own zone turns the day into times (the test machine's offset, whatever it is).
    assert.match(
      lines[1],
      /^Date Created on 2026-03-10: sent to Close as date_created__gte=2026-03-10T00:00:00[+-]\d\d:\d\d, date_created__lt=2026-03-11T00:00:00[+-]\d\d:\d\d/,
    );
    assert.match(lines[1], /time zone Europe\/Berlin/);
    assert.deepEqual(dateLines({}, 'UTC'), []);
  });

  it('says what today is in the user’s time zone', () => {
    const late = Date.UTC(2026, 11, 31, 23, 30);
    assert.equal(todayLine(late, 'Europe/Berlin'), 'Today is 2027-01-01 (Friday) in the user’s time zone, Europe/Berlin.');
    assert.equal(todayLine(late, 'America/New_York'), 'Today is 2026-12-31 (Thursday) in the user’s time zone, America/New_York.');
  });
});
