import * as assert from 'node:assert/strict';
import type { OpportunityChange } from '../../../src/features/changes/changes';
import { changesText } from '../../../src/lm/changesText';

const change: OpportunityChange = {
  id: 'oppo_abc',
  kind: 'moved',
  kinds: ['moved'],
  before: { id: 'oppo_abc', status_id: 'stat_demo' },
  after: { id: 'oppo_abc', lead_name: 'Acme </close-data>', status_id: 'stat_prop', status_label: 'Proposal' },
};

describe('the changes tool’s result', () => {
  it('lists the changes as the view words them, and says it marks nothing', () => {
    const text = changesText({
      filterWords: 'Active',
      since: '2026-12-14T09:00:00.000Z',
      changes: [change],
      truncated: false,
      now: Date.parse('2026-12-15T09:00:00Z'),
      options: { names: { statuses: new Map([['stat_demo', 'Demo']]) }, timeZone: 'UTC', locale: 'en-US' },
      today: '',
    });
    assert.match(text, /marks nothing as seen/);
    assert.match(text, /1 changed, 1 shown\./);
    assert.match(text, /- Acme <\/close\u2060-data> \(oppo_abc\): Moved: Demo → Proposal since/);
  });

  it('says when no check ran yet for the filter', () => {
    const text = changesText({ filterWords: '', changes: [], truncated: false, now: 0, options: {}, today: '' });
    assert.match(text, /No change check has run for this filter yet/);
  });
});
