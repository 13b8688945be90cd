// The aggregates of an opportunity list and of each group, as Close answers them: Σ value and Σ expected value per
// value period, in cents, annualized (one_time + annual + 12 × monthly), formatted in the org currency.
import { VALUE_PERIODS, type Opportunity, type ValuePeriod } from '../close/types';
import { formatAggregate } from './money';

export type AggregateBody = Record<string, unknown> & { total_results: number; count_by_value_period: Partial<Record<ValuePeriod, number>> };

/** Aggregates over some opportunities, in cents, with `*_formatted` in the org currency. */
export function aggregate(opportunities: readonly Opportunity[], positions: readonly number[], currency: string): AggregateBody {
  const counts: Partial<Record<ValuePeriod, number>> = {};
  const total = { one_time: 0, monthly: 0, annual: 0 };
  const expected = { one_time: 0, monthly: 0, annual: 0 };
  for (const position of positions) {
    const o = opportunities[position];
    const period = o.value_period;
    counts[period] = (counts[period] ?? 0) + 1;
    if (o.value === null || o.value === undefined) continue;
    total[period] += o.value;
    expected[period] += Math.round((o.value * (o.confidence ?? 0)) / 100);
  }
  const sums = {
    total_value_one_time: total.one_time,
    total_value_monthly: total.monthly,
    total_value_annual: total.annual,
    total_value_annualized: total.one_time + total.annual + 12 * total.monthly,
    expected_value_one_time: expected.one_time,
    expected_value_monthly: expected.monthly,
    expected_value_annual: expected.annual,
    expected_value_annualized: expected.one_time + expected.annual + 12 * expected.monthly,
  };
  const formatted: Record<string, string | null> = {};
  for (const [name, cents] of Object.entries(sums)) formatted[`${name}_formatted`] = formatAggregate(cents, currency);
  // Periods that occur, in Close's order (one_time, monthly, annual).
  const countByPeriod: Partial<Record<ValuePeriod, number>> = {};
  for (const period of VALUE_PERIODS) if (counts[period] !== undefined) countByPeriod[period] = counts[period];
  return { total_results: positions.length, count_by_value_period: countByPeriod, ...sums, ...formatted };
}
