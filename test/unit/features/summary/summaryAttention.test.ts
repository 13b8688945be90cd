import * as assert from 'node:assert/strict';
import { emptyAggregates } from '../../../../src/close/aggregates';
import { attentionDays, type AttentionReview } from '../../../../src/close/attention';
import type { Aggregates } from '../../../../src/close/types';
import { attentionSummary, kindAction } from '../../../../src/features/summary/summaryAttention';

const counted = (total_results: number, total_value_annualized: number, formatted?: string): Aggregates => ({
  ...emptyAggregates(),
  total_results,
  total_value_annualized,
  ...(formatted ? { total_value_annualized_formatted: formatted } : {}),
});

function review(): AttentionReview {
  const kinds = { stalled: counted(12, 1_234_500, '$12,345'), overdue: counted(1, 50_000), noCloseDate: counted(0, 0), quiet: counted(3_456, 98_765_400) };
  return {
    days: attentionDays(new Date(2026, 2, 10, 12), 45),
    active: counted(5_000, 0),
    kinds,
    dated: counted(5_000, 0),
    needingAttention: 3_460,
    requests: 6,
  };
}

describe("the summary's Needs attention part", () => {
  it('lists the four kinds in the view’s order with their counts and annualized values', () => {
    const summary = attentionSummary(review(), 'USD', 'en-US');
    assert.ok(summary.status === 'ready');
    assert.deepEqual(
      summary.kinds.map((k) => [k.kind, k.label, k.count, k.count_text, k.annualized.text]),
      [
        ['stalled', 'Stalled', 12, '12', '$12,345'],
        ['overdue', 'Overdue', 1, '1', '$500'],
        ['noCloseDate', 'No close date', 0, '0', '$0'],
        ['quiet', 'Quiet for 45+ days', 3456, '3,456', '$987,654'],
      ],
    );
    assert.equal(summary.needing, '3,460 opportunities need attention');
  });

  it('names each button with the kind, count and value in words, and what a click does', () => {
    const summary = attentionSummary(review(), 'USD', 'en-US');
    assert.ok(summary.status === 'ready');
    const names = Object.fromEntries(summary.kinds.map((k) => [k.kind, k.name]));
    assert.equal(names.stalled, 'Stalled, 12 opportunities, $12,345 annualized. Click to show them in the list (sets the filter).');
    assert.equal(names.overdue, 'Overdue, 1 opportunity, $500 annualized. Click to show them in the list (sets the filter).');
    assert.equal(
      names.noCloseDate,
      'No close date, 0 opportunities, $0 annualized. Close cannot filter by a missing close date: click to show them in the Needs Attention view.',
    );
  });

  it('filters on every kind but "no close date", which Close’s list cannot express', () => {
    assert.deepEqual((['stalled', 'overdue', 'noCloseDate', 'quiet'] as const).map(kindAction), ['filter', 'filter', 'reveal', 'filter']);
  });

  it('says so when nothing needs attention', () => {
    const calm = { ...review(), needingAttention: 0 };
    const summary = attentionSummary(calm, 'USD', 'en-US');
    assert.ok(summary.status === 'ready');
    assert.equal(summary.needing, 'Nothing needs attention among the active opportunities of this filter.');
  });
});
