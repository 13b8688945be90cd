import * as assert from 'node:assert/strict';
import type { OpportunityFilter } from '../../../src/close/filter';
import { filterFromForm, formFromFilter } from '../../../src/views/summaryForm';

describe('filter form', () => {
  it('shows the default filter as an empty form sorted by most recently updated', () => {
    const form = formFromFilter({});
    assert.deepEqual(form.status_type, []);
    assert.deepEqual(form.date_won, { from: '', to: '' });
    assert.equal(form.is_stalled, 'any');
    assert.deepEqual(form.order_by, { field: 'date_updated', descending: true });
    assert.deepEqual(form.group_by, { field: '', descending: false });
  });

  it('shows every filter field the form has a control for', () => {
    const filter: OpportunityFilter = {
      status_type: ['won', 'lost'],
      status_id: ['stat_a1'],
      user_id: ['user_b2'],
      value_period: ['monthly'],
      date_won: { gte: '2024-01-01', lte: '2024-03-31' },
      query: 'note:x',
      lead_saved_search_id: 'save_c3',
      is_stalled: true,
      order_by: { field: 'value', descending: false },
      group_by: { field: 'user_id', descending: true },
    };
    const form = formFromFilter(filter);
    assert.deepEqual(form.status_type, ['won', 'lost']);
    assert.deepEqual(form.date_won, { from: '2024-01-01', to: '2024-03-31' });
    assert.equal(form.is_stalled, 'yes');
    assert.equal(form.lead_saved_search_id, 'save_c3');
    assert.deepEqual(form.group_by, { field: 'user_id', descending: true });
  });

  it('applying the form unchanged gives back the same filter', () => {
    const filter: OpportunityFilter = {
      lead_id: 'lead_x1',
      status_label: ['Won'],
      date_won: { gt: '2024-01-01' },
      order_by: { field: 'confidence', descending: true },
      fields: ['id'],
    };
    assert.deepEqual(filterFromForm(filter, formFromFilter(filter)), filter);
  });

  it('replaces an edited date range with from/to as gte/lte', () => {
    const filter: OpportunityFilter = { date_won: { gt: '2024-01-01' } };
    const form = formFromFilter(filter);
    form.date_won = { from: '2024-02-01', to: '2024-02-29' };
    assert.deepEqual(filterFromForm(filter, form).date_won, { gte: '2024-02-01', lte: '2024-02-29' });
  });

  it('removes fields the user cleared', () => {
    const filter: OpportunityFilter = { status_type: ['won'], query: 'acme', is_stalled: false, lead_saved_search_id: 'save_x1', date_created: { gte: '2024-01-01' } };
    const form = formFromFilter(filter);
    form.status_type = [];
    form.query = '   ';
    form.is_stalled = 'any';
    form.lead_saved_search_id = '';
    form.date_created = { from: '', to: '' };
    const next = filterFromForm(filter, form);
    for (const key of ['status_type', 'query', 'is_stalled', 'lead_saved_search_id', 'date_created']) {
      assert.ok(!(key in next), `${key} still set`);
    }
  });

  it('sets grouping and order from the form', () => {
    const form = formFromFilter({});
    form.group_by = { field: 'date_won__quarter', descending: true };
    form.order_by = { field: 'annualized_value', descending: false };
    form.is_stalled = 'no';
    const next = filterFromForm({}, form);
    assert.deepEqual(next.group_by, { field: 'date_won__quarter', descending: true });
    assert.deepEqual(next.order_by, { field: 'annualized_value', descending: false });
    assert.equal(next.is_stalled, false);
  });

  it('treats the same ids in another order as unchanged', () => {
    const filter: OpportunityFilter = { user_id: ['user_b2', 'user_a1'] };
    const form = formFromFilter(filter);
    form.user_id = ['user_a1', 'user_b2'];
    assert.deepEqual(filterFromForm(filter, form).user_id, ['user_b2', 'user_a1']);
  });
});
