import * as assert from 'node:assert/strict';
import { statusBarSummary, statusBarTooltip } from '../../../src/views/statusBarText';
import type { Aggregates } from '../../../src/close/types';

const totals = (n: number, cents: number): Aggregates => ({
  total_results: n,
  count_by_value_period: {},
  total_value_one_time: 0,
  total_value_monthly: 0,
  total_value_annual: 0,
  total_value_annualized: cents,
  expected_value_one_time: 0,
  expected_value_monthly: 0,
  expected_value_annual: 0,
  expected_value_annualized: 0,
});

describe('status bar text', () => {
  it('shows the compact annualized value and the count', () => {
    assert.equal(statusBarSummary(totals(245, 123_456_700)), '$1.2M · 245 opps');
    assert.equal(statusBarSummary(totals(1, 250_000_000)), '$2.5M · 1 opp');
  });

  it('names sample data in the tooltip', () => {
    const tooltip = statusBarTooltip(totals(2345, 100_00), true);
    assert.match(tooltip, /Sample data/);
    assert.match(tooltip, /2,345 opportunities, \$100 annualized/);
    assert.doesNotMatch(statusBarTooltip(undefined, false), /Sample data/);
  });
});
