// Money as people read it. Amounts arrive in cents; the server's own `*_formatted` strings win when present.
import type { Aggregates, MoneyAggregate, Opportunity } from './types';

const formatters = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat is costly to build; hovers and tree rows format thousands of values. */
function formatter(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${locale ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(cacheKey);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, options);
    formatters.set(cacheKey, cached);
  }
  return cached;
}

function currencyCode(currency: string | null | undefined): string {
  return currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : 'USD';
}

/** "$12,000", "$1,234.50" (no cents when whole); '' for null/undefined. Currency defaults to USD. */
export function formatMoney(cents: number | null | undefined, currency?: string | null, locale?: string): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const amount = cents / 100;
  const whole = Number.isInteger(amount);
  try {
    return formatter(locale, {
      style: 'currency',
      currency: currencyCode(currency),
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    }).format(amount);
  } catch {
    // An unknown currency code or locale: still show the number.
    return `${amount.toFixed(whole ? 0 : 2)} ${currencyCode(currency)}`;
  }
}

/** "$1.2M", "$950K", "$12"; '' for null/undefined. */
export function formatCompactMoney(cents: number | null | undefined, currency?: string | null, locale?: string): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const amount = cents / 100;
  try {
    return formatter(locale, {
      style: 'currency',
      currency: currencyCode(currency),
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return `${amount.toFixed(0)} ${currencyCode(currency)}`;
  }
}

const PERIOD_SUFFIX: Record<string, string> = { one_time: '', monthly: ' monthly', annual: ' annually' };

/** The opportunity's value: `value_formatted` when non-empty, else computed with a period suffix ("$500 monthly"). */
export function opportunityValueText(o: Opportunity, locale?: string): string {
  if (typeof o.value_formatted === 'string' && o.value_formatted.trim() !== '') return o.value_formatted;
  if (o.value === null || o.value === undefined) return '';
  return formatMoney(o.value, o.value_currency, locale) + (PERIOD_SUFFIX[o.value_period] ?? '');
}

/** An aggregate: `${field}_formatted` when present, else computed from cents (so a zero sum reads "$0"). */
export function aggregateMoneyText(a: Aggregates, field: MoneyAggregate, currency?: string | null, locale?: string): string {
  const formatted = a[`${field}_formatted`];
  if (typeof formatted === 'string' && formatted.trim() !== '') return formatted;
  return formatMoney(a[field] ?? 0, currency, locale);
}
