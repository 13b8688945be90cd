import * as assert from 'node:assert/strict';
import type { GroupSummary } from '../../../../src/close/client';
import { aggregatesView, filterChoices, groupRows } from '../../../../src/features/summary/summaryModel';
import { referenceAggregates } from '../../fake/referenceDataset';

// The four opportunities of the fake's worked example, totalled by its engine.
const FOUR = referenceAggregates();

describe('summary numbers', () => {
  it('shows every aggregate, computed from cents in the currency given', () => {
    const view = aggregatesView(FOUR, 'USD', 'en-US');
    assert.equal(view.total_results_text, '4');
    assert.deepEqual(view.count_by_value_period, { one_time: 2, monthly: 1, annual: 1 });
    assert.equal(view.money.total_value_annualized.text, '$42,000');
    assert.equal(view.money.expected_value_annualized.text, '$30,000');
    assert.equal(view.money.total_value_monthly.text, '$500');
    assert.equal(view.money.expected_value_annual.text, '$12,000');
    assert.equal(view.money.total_value_annualized.cents, 4200000);
    assert.equal(Object.keys(view.money).length, 8);
  });

  it("prefers the server's formatted strings (the org currency)", () => {
    const view = aggregatesView({ ...FOUR, total_value_monthly_formatted: '£5', total_value_annualized_formatted: '£60' }, 'USD', 'en-US');
    assert.equal(view.money.total_value_monthly.text, '£5');
    assert.equal(view.money.total_value_annualized.text, '£60');
  });

  it('shows an empty result (count_by_value_period {}, formatted null) as zeros', () => {
    const empty = { ...FOUR, total_results: 0, count_by_value_period: {}, total_value_annualized: 0, total_value_annualized_formatted: null };
    const view = aggregatesView(empty, 'USD', 'en-US');
    assert.deepEqual(view.count_by_value_period, { one_time: 0, monthly: 0, annual: 0 });
    assert.equal(view.money.total_value_annualized.text, '$0');
  });

  it('lists groups in server order with label, count, annualized and expected value', () => {
    const groups = [
      { ...FOUR, key: 'user_b', label: 'Bob Brown', total_results: 2, total_value_annualized: 600000, expected_value_annualized: 600000 },
      { ...FOUR, key: null, label: 'No owner', total_results: 1234, total_value_annualized: 0, expected_value_annualized: 0 },
    ] as GroupSummary[];
    const rows = groupRows(groups, 'USD', 'en-US');
    assert.deepEqual(
      rows.map((r) => [r.label, r.count_text, r.annualized.text, r.expected_annualized.text]),
      [
        ['Bob Brown', '2', '$6,000', '$6,000'],
        ['No owner', '1,234', '$0', '$0'],
      ],
    );
    assert.notEqual(rows[1].key, rows[0].key);
  });

  it('gives each group every aggregate the server returned: per period the count, total and expected value', () => {
    const group = {
      ...FOUR,
      key: '2024',
      label: '2024',
      total_results: 3,
      count_by_value_period: { one_time: 2, annual: 1 },
      total_value_one_time: 150000,
      total_value_one_time_formatted: '€1,500',
      expected_value_one_time: 75050,
      expected_value_one_time_formatted: null,
      total_value_monthly: 0,
      total_value_monthly_formatted: null,
      expected_value_monthly: 0,
      total_value_annual: 1200000,
      expected_value_annual: 600000,
    } as unknown as GroupSummary;
    const [row] = groupRows([group], 'EUR', 'en-US');
    assert.deepEqual(
      row.periods.map((p) => [p.period, p.count_text, p.total.text, p.expected.text]),
      [
        ['one_time', '2', '€1,500', '€750.50'],
        ['monthly', '0', '€0', '€0'],
        ['annual', '1', '€12,000', '€6,000'],
      ],
    );
  });
});

describe('filter choices', () => {
  it('offers the key’s own user first among the owners, as “Me” with the name', () => {
    const users = [
      { id: 'user_z', first_name: 'Zoe', last_name: 'Z' },
      { id: 'user_a', first_name: 'Alice', last_name: 'Anders' },
      { id: 'user_m', first_name: 'Mia', last_name: 'Meyer' },
    ];
    const choices = filterChoices({ users, me: users[2] }, undefined, 'not a current user', 'Ich');
    assert.deepEqual(choices.users, [
      { id: 'user_m', label: 'Ich (Mia Meyer)' },
      { id: 'user_a', label: 'Alice Anders' },
      { id: 'user_z', label: 'Zoe Z' },
    ]);
  });

  it('sorts owners and Smart Views by name and keeps statuses in Close order', () => {
    const choices = filterChoices({
      statuses: [
        { id: 'stat_b', label: 'Won', type: 'won' },
        { id: 'stat_a', label: 'Active', type: 'active' },
      ],
      users: [
        { id: 'user_z', first_name: 'Zoe', last_name: 'Z' },
        { id: 'user_a', first_name: 'Alice', last_name: 'Anders' },
        { id: 'user_e', email: 'e@example.com' },
      ],
      savedSearches: [
        { id: 'save_2', name: 'Hot leads', type: 'lead' },
        { id: 'save_1', name: 'Big deals', type: 'lead' },
      ],
    });
    assert.deepEqual(
      choices.statuses.map((s) => s.id),
      ['stat_b', 'stat_a'],
    );
    assert.deepEqual(
      choices.users.map((u) => u.label),
      ['Alice Anders', 'e@example.com', 'Zoe Z'],
    );
    assert.deepEqual(
      choices.smartViews.map((s) => s.label),
      ['Big deals', 'Hot leads'],
    );
  });

  it('offers former owners seen on opportunities after the current users, saying so', () => {
    const choices = filterChoices({
      users: [{ id: 'user_a', first_name: 'Alice', last_name: 'Anders' }],
      ownerNames: new Map([
        ['user_a', 'Alice Anders'],
        ['user_gone', 'Morgan Reyes'],
      ]),
    });
    assert.deepEqual(choices.users, [
      { id: 'user_a', label: 'Alice Anders' },
      { id: 'user_gone', label: 'Morgan Reyes (not a current user)' },
    ]);
  });

  it('names the pipeline of each status only when there are several pipelines', () => {
    const statuses = [
      { id: 'stat_1', label: 'Won', type: 'won' as const, pipeline_id: 'pipe_a' },
      { id: 'stat_2', label: 'Won', type: 'won' as const, pipeline_id: 'pipe_b' },
    ];
    const one = filterChoices({ statuses, pipelines: [{ id: 'pipe_a', name: 'Sales', statuses: [] }] });
    assert.equal(one.statuses[0].pipeline, undefined);
    const two = filterChoices({
      statuses,
      pipelines: [
        { id: 'pipe_a', name: 'Sales', statuses: [] },
        { id: 'pipe_b', name: 'Renewals', statuses: [] },
      ],
    });
    assert.deepEqual(
      two.statuses.map((s) => s.pipeline),
      ['Sales', 'Renewals'],
    );
  });

  it('offers each status name once, across pipelines, and says when there are several pipelines', () => {
    const statuses = [
      { id: 'stat_1', label: 'Won', type: 'won' as const, pipeline_id: 'pipe_a' },
      { id: 'stat_2', label: 'Won', type: 'won' as const, pipeline_id: 'pipe_b' },
      { id: 'stat_3', label: 'Demo', type: 'active' as const, pipeline_id: 'pipe_a' },
    ];
    const pipelines = [
      { id: 'pipe_a', name: 'Sales', statuses: [] },
      { id: 'pipe_b', name: 'Renewals', statuses: [] },
    ];
    const two = filterChoices({ statuses, pipelines });
    assert.deepEqual(two.statusLabels, [
      { id: 'Demo', label: 'Demo' },
      { id: 'Won', label: 'Won' },
    ]);
    assert.equal(two.severalPipelines, true);
    assert.equal(filterChoices({ statuses, pipelines: pipelines.slice(0, 1) }).severalPipelines, false);
  });

  it('carries the error when a list could not be loaded', () => {
    assert.equal(filterChoices({}, 'Could not load users').error, 'Could not load users');
  });
});

const group = (key: string, label: string, extra: Partial<GroupSummary>, annualized: number, expected: number): GroupSummary => ({
  key,
  label,
  total_results: 3,
  count_by_value_period: { annual: 3 },
  total_value_one_time: 0,
  total_value_monthly: 0,
  total_value_annual: annualized,
  total_value_annualized: annualized,
  expected_value_one_time: 0,
  expected_value_monthly: 0,
  expected_value_annual: expected,
  expected_value_annualized: expected,
  ...extra,
});

describe('pipeline chart', () => {
  it('gives status rows their own label, pipeline and type, in the order of the groups', () => {
    const rows = groupRows(
      [
        group('stat_a', 'Demo (Sales)', { status_label: 'Demo', pipeline_name: 'Sales', status_type: 'active' }, 812_000_000, 100_00),
        group('stat_b', 'Renewed (Renewals)', { status_label: 'Renewed', pipeline_name: 'Renewals', status_type: 'won' }, 200_00, 200_00),
      ],
      'USD',
      'en-US',
    );
    assert.deepEqual(
      rows.map((r) => [r.key, r.label, r.status_label, r.pipeline, r.status_type, r.annualized.text, r.expected_annualized.text, r.compact]),
      [
        ['stat_a', 'Demo (Sales)', 'Demo', 'Sales', 'active', '$8,120,000', '$100', { annualized: '$8.1M', expected: '$100' }],
        ['stat_b', 'Renewed (Renewals)', 'Renewed', 'Renewals', 'won', '$200', '$200', { annualized: '$200', expected: '$200' }],
      ],
    );
  });
});
