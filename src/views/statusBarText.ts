// The status bar's words. Pure: no 'vscode' here.
import { formatCompactMoney, formatMoney } from '../close/format';
import type { Aggregates } from '../close/types';
import { untranslated as english, type Translate } from './text';
import { formatCount } from './tree/rows';

/** "$1.2M · 245 opps" for the current filter. */
export function statusBarSummary(totals: Aggregates, currency?: string, locale?: string, t: Translate = english): string {
  const count = totals.total_results === 1 ? t('1 opp') : t('{0} opps', formatCount(totals.total_results, locale));
  return `${formatCompactMoney(totals.total_value_annualized, currency, locale)} · ${count}`;
}

/** "245 opportunities, $1,234,567 annualized" (with "Sample data" when it is). */
export function statusBarTooltip(totals: Aggregates | undefined, sampleData: boolean, currency?: string, locale?: string, t: Translate = english): string {
  const lines = [sampleData ? t('Close — Sample data') : t('Close')];
  if (totals) {
    const count = totals.total_results === 1 ? t('1 opportunity') : t('{0} opportunities', formatCount(totals.total_results, locale));
    lines.push(t('{0}, {1} annualized', count, formatMoney(totals.total_value_annualized, currency, locale)));
  }
  lines.push(t('Click to show the summary'));
  return lines.join('\n');
}
