import * as assert from 'node:assert/strict';
import type { OpportunityFilter } from '../../../../src/close/filter';
import { toQueryParams } from '../../../../src/close/query';
import { filterFromForm, formFromFilter } from '../../../../src/features/summary/summaryForm';
import type { DateRangeForm } from '../../../../src/features/summary/protocol';

describe('filter form', () => {
  it('shows the default filter as an empty form sorted by most recently updated', () => {
    const form = formFromFilter({});
    assert.deepEqual(form.status_type, []);
    assert.deepEqual(form.date_won, { form: 'any', from: '', to: '' });
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
    assert.deepEqual(form.date_won, { form: 'between', from: '2024-01-01', to: '2024-03-31' });
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
    form.date_won = { form: 'between', from: '2024-02-01', to: '2024-02-29' };
    assert.deepEqual(filterFromForm(filter, form).date_won, { gte: '2024-02-01', lte: '2024-02-29' });
  });

  it('removes fields the user cleared', () => {
    const filter: OpportunityFilter = { status_type: ['won'], query: 'acme', is_stalled: false, lead_saved_search_id: 'save_x1', date_created: { gte: '2024-01-01' } };
    const form = formFromFilter(filter);
    form.status_type = [];
    form.query = '   ';
    form.is_stalled = 'any';
    form.lead_saved_search_id = '';
    form.date_created = { form: 'any', from: '', to: '' };
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

  describe('date forms, as a person means them (the request sent for each)', () => {
    const zone = process.env.TZ;
    before(() => {
      process.env.TZ = 'Europe/Berlin';
    });
    after(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    /** The filter parameters of the list request after applying `date` to a field of an empty filter (the form always sends its order). */
    function sent(key: 'date_won' | 'date_created' | 'date_updated', date: DateRangeForm): Record<string, string> {
      const form = formFromFilter({});
      form[key] = date;
      return Object.fromEntries([...toQueryParams(filterFromForm({}, form))].filter(([name]) => name !== '_order_by'));
    }

    it('date won (Close compares days): on, after, before and between send the days as typed', () => {
      assert.deepEqual(sent('date_won', { form: 'on', from: '2024-03-15', to: '' }), { date_won: '2024-03-15' });
      assert.deepEqual(sent('date_won', { form: 'after', from: '2024-03-15', to: '' }), { date_won__gt: '2024-03-15' });
      assert.deepEqual(sent('date_won', { form: 'before', from: '2024-03-15', to: '' }), { date_won__lt: '2024-03-15' });
      assert.deepEqual(sent('date_won', { form: 'between', from: '2024-03-01', to: '2024-03-15' }), { date_won__gte: '2024-03-01', date_won__lte: '2024-03-15' });
    });

    for (const key of ['date_created', 'date_updated'] as const) {
      it(`${key} (Close compares times): a day is the whole day in the user's time zone, after is from the next day`, () => {
        assert.deepEqual(sent(key, { form: 'on', from: '2024-03-15', to: '' }), {
          [`${key}__gte`]: '2024-03-15T00:00:00+01:00',
          [`${key}__lt`]: '2024-03-16T00:00:00+01:00',
        });
        assert.deepEqual(sent(key, { form: 'after', from: '2024-03-15', to: '' }), { [`${key}__gte`]: '2024-03-16T00:00:00+01:00' });
        assert.deepEqual(sent(key, { form: 'before', from: '2024-03-15', to: '' }), { [`${key}__lt`]: '2024-03-15T00:00:00+01:00' });
        // Daylight saving starts on 31 March in Berlin: the last day's end is in summer time.
        assert.deepEqual(sent(key, { form: 'between', from: '2024-03-01', to: '2024-03-31' }), {
          [`${key}__gte`]: '2024-03-01T00:00:00+01:00',
          [`${key}__lt`]: '2024-04-01T00:00:00+02:00',
        });
      });
    }

    it('shows a filter set in the palette in its form, and applying it unchanged keeps it', () => {
      for (const [range, shown] of [
        [{ eq: '2024-03-15' }, { form: 'on', from: '2024-03-15', to: '' }],
        [{ gt: '2024-03-15' }, { form: 'after', from: '2024-03-15', to: '' }],
        [{ lt: '2024-03-15' }, { form: 'before', from: '2024-03-15', to: '' }],
        [
          { gte: '2024-03-01', lte: '2024-03-15' },
          { form: 'between', from: '2024-03-01', to: '2024-03-15' },
        ],
        [{ lte: '2024-03-15' }, { form: 'between', from: '', to: '2024-03-15' }],
      ] as const) {
        const filter: OpportunityFilter = { date_created: range, order_by: { field: 'date_updated', descending: true } };
        const form = formFromFilter(filter);
        assert.deepEqual(form.date_created, shown);
        assert.deepEqual(filterFromForm(filter, form), filter);
      }
    });

    it('any time, or a form without its day, is no filter on the field', () => {
      assert.deepEqual(sent('date_won', { form: 'any', from: '', to: '' }), {});
      assert.deepEqual(sent('date_won', { form: 'on', from: '', to: '' }), {});
      assert.deepEqual(filterFromForm({ date_won: { eq: '2024-03-15' } }, { ...formFromFilter({}), date_won: { form: 'any', from: '', to: '' } }).date_won, undefined);
    });
  });
});
