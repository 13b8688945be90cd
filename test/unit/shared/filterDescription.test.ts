import * as assert from 'node:assert/strict';
import { describeFilter } from '../../../src/shared/filterDescription';

describe('describeFilter', () => {
  it('is empty when nothing is filtered', () => {
    assert.equal(describeFilter({ order_by: { field: 'date_updated', descending: true } }), '');
  });

  it('says a lead by its name once an opportunity of it told it, by its id until then', () => {
    assert.equal(describeFilter({ lead_id: 'lead_a1' }), 'Lead lead_a1');
    assert.equal(describeFilter({ lead_id: 'lead_a1' }, { leads: new Map([['lead_a1', 'Acme Inc']]) }), 'Lead “Acme Inc”');
    assert.equal(describeFilter({ lead_id: 'lead_a1' }, { leads: new Map([['lead_b2', 'Other']]) }), 'Lead lead_a1');
  });

  it('reads the filter in words with names for ids', () => {
    const text = describeFilter(
      { status_type: ['won'], user_id: ['user_a'], date_won: { gte: '2024-01-01', lte: '2024-03-31' }, query: 'acme' },
      { users: new Map([['user_a', 'Alice Anders']]) },
    );
    assert.equal(text, 'Won · Alice Anders · won 2024-01-01 – 2024-03-31 · “acme”');
  });

  it('says an open deal’s close date is expected, a won deal’s is the day won, and the mix is a close date', () => {
    const range = { gte: '2025-12-01', lte: '2025-12-31' };
    assert.equal(describeFilter({ status_type: ['active'], date_won: range }), 'Active · closing 2025-12-01 – 2025-12-31');
    assert.equal(describeFilter({ status_type: ['won'], date_won: range }), 'Won · won 2025-12-01 – 2025-12-31');
    assert.equal(describeFilter({ date_won: range }), 'close date 2025-12-01 – 2025-12-31');
    assert.equal(describeFilter({ status_type: ['active', 'won'], date_won: range }), 'Active, Won · close date 2025-12-01 – 2025-12-31');
  });

  it('names statuses, periods, open ranges, stalled and Smart Views', () => {
    const text = describeFilter(
      {
        status_id: ['stat_1', 'stat_2'],
        value_period: ['monthly'],
        date_created: { gte: '2024-01-01' },
        date_updated: { lt: '2024-06-01' },
        is_stalled: true,
        lead_saved_search_id: 'save_1',
      },
      { statuses: new Map([['stat_1', 'Demo']]), savedSearches: new Map([['save_1', 'Hot leads']]) },
    );
    assert.equal(text, 'Demo, stat_2 · Monthly · created from 2024-01-01 · updated before 2024-06-01 · Stalled · Smart View “Hot leads”');
  });
});
