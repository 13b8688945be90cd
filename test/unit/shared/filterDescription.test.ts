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
