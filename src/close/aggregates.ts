// Sums over opportunities as Close answers them (`total_results`, `count_by_value_period`, money in cents):
// taken from a page, added up and subtracted. Pure.
import { type Aggregates, MONEY_AGGREGATES } from './types';

/** A page's aggregates, without its list (`data`, `has_more`, a group's `objects`). */
export function aggregatesOf(response: Aggregates): Aggregates {
  const {
    data: _data,
    has_more: _hasMore,
    objects: _objects,
    ...aggregates
  } = response as Aggregates & {
    data?: unknown;
    has_more?: unknown;
    objects?: unknown;
  };
  void _data;
  void _hasMore;
  void _objects;
  return aggregates;
}

/** The aggregates of `all` minus those of `part` (money in cents, counts by period). */
export function subtractAggregates(all: Aggregates, part: Aggregates): Aggregates {
  const count_by_value_period: Aggregates['count_by_value_period'] = {};
  for (const period of ['one_time', 'monthly', 'annual'] as const) {
    const n = (all.count_by_value_period[period] ?? 0) - (part.count_by_value_period[period] ?? 0);
    if (n > 0) count_by_value_period[period] = n;
  }
  return {
    total_results: all.total_results - part.total_results,
    count_by_value_period,
    total_value_one_time: all.total_value_one_time - part.total_value_one_time,
    total_value_monthly: all.total_value_monthly - part.total_value_monthly,
    total_value_annual: all.total_value_annual - part.total_value_annual,
    total_value_annualized: all.total_value_annualized - part.total_value_annualized,
    expected_value_one_time: all.expected_value_one_time - part.expected_value_one_time,
    expected_value_monthly: all.expected_value_monthly - part.expected_value_monthly,
    expected_value_annual: all.expected_value_annual - part.expected_value_annual,
    expected_value_annualized: all.expected_value_annualized - part.expected_value_annualized,
  };
}

/** Nothing counted: no results, every sum zero. */
export function emptyAggregates(): Aggregates {
  return {
    total_results: 0,
    count_by_value_period: {},
    total_value_one_time: 0,
    total_value_monthly: 0,
    total_value_annual: 0,
    total_value_annualized: 0,
    expected_value_one_time: 0,
    expected_value_monthly: 0,
    expected_value_annual: 0,
    expected_value_annualized: 0,
  };
}

/** The sum of several aggregates (money in cents, counts by period); `*_formatted` strings are left out. */
export function addAggregates(parts: readonly Aggregates[]): Aggregates {
  const sum = emptyAggregates();
  const n = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  for (const part of parts) {
    sum.total_results += n(part.total_results);
    for (const period of ['one_time', 'monthly', 'annual'] as const) {
      const count = n(part.count_by_value_period?.[period]);
      if (count > 0) sum.count_by_value_period[period] = (sum.count_by_value_period[period] ?? 0) + count;
    }
    for (const field of MONEY_AGGREGATES) sum[field] += n(part[field]);
  }
  return sum;
}
