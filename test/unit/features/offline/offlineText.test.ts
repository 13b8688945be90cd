// How kept results are labelled: the time alone today, the date too on another day.
import * as assert from 'node:assert/strict';
import { asOfTime, offlineLabel, offlineMessage } from '../../../../src/features/offline/offlineText';

const at = new Date(2026, 10, 30, 10, 42).getTime();

describe('Offline labels', () => {
  it('gives the time alone for results of today', () => {
    assert.equal(asOfTime(at, new Date(2026, 10, 30, 18, 5).getTime(), 'en-GB'), '10:42');
    assert.equal(offlineLabel(at, new Date(2026, 10, 30, 18, 5).getTime(), 'en-GB'), 'Offline — as of 10:42');
  });

  it('adds the day for results of another day, and the year for another year', () => {
    assert.equal(asOfTime(at, new Date(2026, 11, 1, 9, 0).getTime(), 'en-GB'), '30 Nov, 10:42');
    assert.equal(asOfTime(at, new Date(2027, 0, 2, 9, 0).getTime(), 'en-GB'), '30 Nov 2026, 10:42');
  });

  it('gives each its own form when asked in turn (the formatters are kept per locale and form)', () => {
    const today = new Date(2026, 10, 30, 18, 5).getTime();
    const tomorrow = new Date(2026, 11, 1, 9, 0).getTime();
    const nextYear = new Date(2027, 0, 2, 9, 0).getTime();
    for (let round = 0; round < 2; round++) {
      assert.equal(asOfTime(at, tomorrow, 'en-GB'), '30 Nov, 10:42');
      assert.equal(asOfTime(at, today, 'en-GB'), '10:42');
      assert.equal(asOfTime(at, nextYear, 'en-GB'), '30 Nov 2026, 10:42');
      assert.equal(asOfTime(at, today, 'de-DE'), '10:42');
      assert.equal(asOfTime(at, tomorrow, 'de-DE'), '30. Nov., 10:42');
    }
  });

  it('says in the message that the results are old, why, and what to do', () => {
    const text = offlineMessage(at, at, 'Could not reach Close at api.close.com (ECONNREFUSED).', 'en-GB');
    assert.match(text, /^Offline — as of 10:42: /);
    assert.match(text, /not current/);
    assert.match(text, /Refresh/);
    assert.match(text, /ECONNREFUSED/);
  });

  it('keeps only the first sentence of the reason (the hints are in the log)', () => {
    const reason =
      "Could not reach Close at 127.0.0.1:35509 (ECONNREFUSED), after 6 attempts. Check your connection and try again. If this network reaches the internet through a proxy, set it in VS Code's http.proxy setting.";
    const text = offlineMessage(at, at, reason, 'en-GB');
    assert.match(text, /\(ECONNREFUSED\), after 6 attempts\. Refresh to try again\.$/);
    assert.doesNotMatch(text, /proxy/);
  });
});
