// Money as people read it. Amounts arrive in cents; the server's own `*_formatted` strings win when present.
import { untranslated as english, type Translate } from './translate';
import type { Aggregates, MoneyAggregate, Opportunity } from './types';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Made once per locale and options: Intl's formatters are costly to build, and hovers and tree rows format thousands of values. */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const cacheKey = `${locale ?? ''}|${JSON.stringify(options)}`;
  let cached = numberFormats.get(cacheKey);
  if (!cached) {
    cached = new Intl.NumberFormat(locale, options);
    numberFormats.set(cacheKey, cached);
  }
  return cached;
}

/** As numberFormat, for dates and times (the "as of" of kept results is drawn with every row). */
export function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${locale ?? ''}|${JSON.stringify(options)}`;
  let cached = dateTimeFormats.get(cacheKey);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(cacheKey, cached);
  }
  return cached;
}

/** An ISO currency code, upper-cased; undefined when there is none (amounts are then shown as plain numbers). */
export function currencyCode(currency: string | null | undefined): string | undefined {
  return currency && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : undefined;
}

/**
 * "$12,000", "€1,234.50" (no cents when whole); '' for null/undefined. Without a currency the amount is a
 * plain number ("12,000"): an amount is never shown in a currency nobody named.
 */
export function formatMoney(cents: number | null | undefined, currency?: string | null, locale?: string): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const amount = cents / 100;
  const whole = Number.isInteger(amount);
  const code = currencyCode(currency);
  const digits = { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 };
  try {
    return numberFormat(locale, code ? { style: 'currency', currency: code, ...digits } : digits).format(amount);
  } catch {
    // An unknown currency code or locale: still show the number.
    return `${amount.toFixed(whole ? 0 : 2)}${code ? ` ${code}` : ''}`;
  }
}

/** "$1.2M", "€950K", "12" (no currency: a plain number); '' for null/undefined. */
export function formatCompactMoney(cents: number | null | undefined, currency?: string | null, locale?: string): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const amount = cents / 100;
  const code = currencyCode(currency);
  const compact = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } as const;
  try {
    return numberFormat(locale, code ? { style: 'currency', currency: code, ...compact } : compact).format(amount);
  } catch {
    return `${amount.toFixed(0)}${code ? ` ${code}` : ''}`;
  }
}

/** In which currency the sums of a filter read, and whether they add amounts of several currencies. */
export interface MoneyContext {
  /** The organization's currency, else the one currency the opportunities seen are in; undefined: unknown. */
  currency?: string;
  /** The currencies seen, sorted, when they are not all the organization's: sums mix them unconverted. */
  mixed?: string[];
}

/**
 * The money context from the organization's currency (as Close says it) and the `value_currency` of the
 * opportunities seen for the filter: Close adds amounts without converting them, so sums over several
 * currencies are labelled "mixed".
 */
export function moneyContext(organization: string | null | undefined, seen: Iterable<string | null | undefined>): MoneyContext {
  const codes = new Set<string>();
  for (const value of seen) {
    const code = currencyCode(value);
    if (code) codes.add(code);
  }
  const org = currencyCode(organization);
  const currency = org ?? (codes.size === 1 ? [...codes][0] : undefined);
  const mixed = codes.size > 1 || (org !== undefined && codes.size === 1 && !codes.has(org)) ? [...codes].sort() : undefined;
  return mixed ? { currency, mixed } : { currency };
}

/** The opportunity's value: `value_formatted` when non-empty, else computed with a period suffix ("$500 monthly"). */
export function opportunityValueText(o: Opportunity, locale?: string, t: Translate = english): string {
  if (typeof o.value_formatted === 'string' && o.value_formatted.trim() !== '') return o.value_formatted;
  if (o.value === null || o.value === undefined) return '';
  const money = formatMoney(o.value, o.value_currency, locale);
  return o.value_period === 'monthly' ? t('{0} monthly', money) : o.value_period === 'annual' ? t('{0} annually', money) : money;
}

/** An aggregate: `${field}_formatted` when present, else computed from cents (so a zero sum reads "$0"). */
export function aggregateMoneyText(a: Aggregates, field: MoneyAggregate, currency?: string | null, locale?: string): string {
  const formatted = a[`${field}_formatted`];
  if (typeof formatted === 'string' && formatted.trim() !== '') return formatted;
  return formatMoney(a[field] ?? 0, currency, locale);
}
