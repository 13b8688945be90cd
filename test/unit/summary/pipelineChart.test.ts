import * as assert from 'node:assert/strict';
import type { GroupSummary } from '../../../src/close/client';
import { groupRows } from '../../../src/views/summaryModel';
import { layoutBars } from '../../../src/webview/chart';

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
  it('draws the expected value as a second mark on the same scale as the value', () => {
    const { bars } = layoutBars(
      [
        { label: 'Demo', value: 400, second: 100, text: '' },
        { label: 'Proposal', value: 200, second: 150, text: '' },
      ],
      { width: 200 },
    );
    assert.deepEqual(
      bars.map((b) => [b.width, b.secondWidth]),
      [
        [200, 50],
        [100, 75],
      ],
    );
  });

  it('shares one scale between the charts of several pipelines', () => {
    const small = layoutBars([{ label: 'Exploring', value: 50, second: 10, text: '' }], { width: 200, max: 400 });
    assert.deepEqual([small.bars[0].width, small.bars[0].secondWidth], [25, 5]);
  });

  it('has no second mark when none is given', () => {
    assert.equal(layoutBars([{ label: 'Alice', value: 3, text: '' }]).bars[0].secondWidth, 0);
  });

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
