// Formats cents the way Close's server does in `value_formatted` and the `*_formatted` aggregates.
import type { ValuePeriod } from '../close/types';

const SYMBOLS: Record<string, string> = { USD: '$', GBP: '£', EUR: '€', JPY: '¥', AUD: 'A$', CAD: 'CA$' };

/** `1200000, 'USD'` → `"$12,000"`; `3000050` → `"$30,000.50"`. Whole amounts drop the cents, as Close does. */
export function formatMoney(cents: number, currency: string): string {
  const negative = cents < 0;
  const abs = Math.abs(Math.round(cents));
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const amount = fraction === 0 ? grouped : `${grouped}.${fraction.toString().padStart(2, '0')}`;
  const symbol = SYMBOLS[currency];
  const text = symbol !== undefined ? `${symbol}${amount}` : `${currency} ${amount}`;
  return negative ? `-${text}` : text;
}

/** An aggregate's `*_formatted` value: null when the sum is 0, as Close sends it. */
export function formatAggregate(cents: number, currency: string): string | null {
  return cents === 0 ? null : formatMoney(cents, currency);
}

/** An opportunity's `value_formatted`: `"$500 monthly"`, `"$24,000 annually"`, `""` when there is no value. */
export function formatValue(cents: number | null, period: ValuePeriod, currency: string): string {
  if (cents === null) return '';
  const amount = formatMoney(cents, currency);
  if (period === 'monthly') return `${amount} monthly`;
  if (period === 'annual') return `${amount} annually`;
  return amount;
}
