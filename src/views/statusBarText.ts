// The status bar's words. Pure: no 'vscode' here.
import { formatCompactMoney, formatMoney, type MoneyContext } from '../close/format';
import { inertText } from '../close/inert';
import type { Aggregates } from '../close/types';
import { cut, untranslated as english, type Translate } from '../shared/text';
import { formatCount } from './tree/rows';

/** The most characters of an organization's name the status bar shows. */
const ORGANIZATION_CHARS = 40;

/** "€1.2M · 245 opps" for the current filter ("€1.2M (mixed currencies) · …" when the sum mixes currencies). */
export function statusBarSummary(totals: Aggregates, money: MoneyContext = {}, locale?: string, t: Translate = english): string {
  const count = totals.total_results === 1 ? t('1 opp') : t('{0} opps', formatCount(totals.total_results, locale));
  const value = formatCompactMoney(totals.total_value_annualized, money.currency, locale);
  return `${money.mixed ? t('{0} (mixed currencies)', value) : value} · ${count}`;
}

/**
 * "245 opportunities, €1,234,567 annualized" (with "Sample data" when it is, the currencies when mixed, and "Offline — as of 10:42"
 * for kept results; "Loading…" while the item shows only a spinner; why Close cannot be reached, `unreachable`, when
 * nothing could be shown). It is the item's accessible name too.
 */
export function statusBarTooltip(
  totals: Aggregates | undefined,
  sampleData: boolean,
  money: MoneyContext = {},
  locale?: string,
  t: Translate = english,
  offline?: string,
  loading = false,
  refreshing?: string,
  unreachable?: string,
): string {
  const lines = [sampleData ? t('Close — Sample data') : t('Close')];
  if (unreachable) lines.push(t('Offline: {0}', unreachable));
  if (offline) lines.push(t('{0}: Close cannot be reached; these are the last results loaded.', offline));
  else if (refreshing) lines.push(t('{0}: the last results loaded, shown until Close answers.', refreshing));
  if (!totals && loading) lines.push(t('Loading…'));
  if (totals) {
    const count = totals.total_results === 1 ? t('1 opportunity') : t('{0} opportunities', formatCount(totals.total_results, locale));
    lines.push(t('{0}, {1} annualized', count, formatMoney(totals.total_value_annualized, money.currency, locale)));
    if (money.mixed) lines.push(mixedCurrenciesText(money.mixed, t));
  }
  lines.push(t('Click to show the summary'));
  return lines.join('\n');
}

/** "Mixed currencies (EUR, GBP, USD): Close adds the amounts without converting them." */
export function mixedCurrenciesText(codes: readonly string[], t: Translate = english): string {
  return t('Mixed currencies ({0}): Close adds the amounts without converting them.', codes.join(', '));
}

/**
 * "$(briefcase) Example Inc · €1.2M · 245 opps": the organization shown, named after the item's icon. Its name is
 * server text: inert, so it shows as written and adds no icon of its own, and cut so the numbers stay in sight.
 */
export function withOrganization(text: string, organization: string): string {
  const icon = /^\$\([^)]+\) /.exec(text)?.[0] ?? '';
  return `${icon}${cut(inertText(organization), ORGANIZATION_CHARS)} · ${text.slice(icon.length)}`;
}
