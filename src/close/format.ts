// Money as people read it. Amounts arrive in cents; the server's own `*_formatted` strings win when present.
import type { Aggregates, MoneyAggregate, Opportunity } from './types';

/** "$12,000", "$1,234.50" (no cents when whole); '' for null/undefined. Intl.NumberFormat, currency default USD. */
export function formatMoney(cents: number | null | undefined, currency?: string | null, locale?: string): string {
  void cents;
  void currency;
  void locale;
  throw new Error('not implemented');
}

/** "$1.2M", "$950K", "$12". */
export function formatCompactMoney(cents: number | null | undefined, currency?: string | null, locale?: string): string {
  void cents;
  void currency;
  void locale;
  throw new Error('not implemented');
}

/** The opportunity's value: `value_formatted` when non-empty, else computed with a period suffix ("$500 monthly"). */
export function opportunityValueText(o: Opportunity, locale?: string): string {
  void o;
  void locale;
  throw new Error('not implemented');
}

/** An aggregate: `${field}_formatted` when present, else computed from cents. */
export function aggregateMoneyText(a: Aggregates, field: MoneyAggregate, currency?: string | null, locale?: string): string {
  void a;
  void field;
  void currency;
  void locale;
  throw new Error('not implemented');
}
