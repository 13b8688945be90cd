// What the summary webview shows, computed from API answers. Pure and vscode-free (unit-tested in Node).
import type { GroupSummary } from '../../close/client';
import { aggregateMoneyText, formatCompactMoney } from '../../close/format';
import { MONEY_AGGREGATES, VALUE_PERIODS, type Aggregates, type OpportunityStatus, type Pipeline, type SavedSearch, type User } from '../../close/types';
import type { AggregatesView, FilterChoices, GroupRow, MoneyCell, StatusChoice } from './protocol';
import { userName } from '../../close/userName';

function cents(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function moneyCell(a: Aggregates, field: (typeof MONEY_AGGREGATES)[number], currency: string | undefined, locale: string | undefined): MoneyCell {
  const amount = cents(a[field]);
  // The server's formatted string is null when the sum is 0; we still show "$0".
  const text = aggregateMoneyText({ ...a, [field]: amount }, field, currency, locale);
  return { cents: amount, text };
}

/** Every aggregate of a list response, with display text (server `*_formatted` strings win). */
export function aggregatesView(a: Aggregates, currency?: string, locale?: string): AggregatesView {
  const counts = a.count_by_value_period ?? {};
  const money = Object.fromEntries(MONEY_AGGREGATES.map((field) => [field, moneyCell(a, field, currency, locale)])) as AggregatesView['money'];
  const total = cents(a.total_results);
  return {
    total_results: total,
    total_results_text: total.toLocaleString(locale),
    count_by_value_period: Object.fromEntries(VALUE_PERIODS.map((p) => [p, cents(counts[p])])) as AggregatesView['count_by_value_period'],
    money,
  };
}

/**
 * One row per group, in the server's order: label, count, annualized and expected annualized value, and per
 * value period the count and the total and expected value.
 */
export function groupRows(groups: readonly GroupSummary[], currency?: string, locale?: string): GroupRow[] {
  return groups.map((g, index) => {
    const count = cents(g.total_results);
    const row: GroupRow = {
      key: g.key === null || g.key === undefined ? `none-${index}` : String(g.key),
      label: g.label,
      count,
      count_text: count.toLocaleString(locale),
      annualized: moneyCell(g, 'total_value_annualized', currency, locale),
      expected_annualized: moneyCell(g, 'expected_value_annualized', currency, locale),
      periods: VALUE_PERIODS.map((period) => {
        const n = cents(g.count_by_value_period?.[period]);
        return {
          period,
          count: n,
          count_text: n.toLocaleString(locale),
          total: moneyCell(g, `total_value_${period}`, currency, locale),
          expected: moneyCell(g, `expected_value_${period}`, currency, locale),
        };
      }),
    };
    if (g.status_label) row.status_label = g.status_label;
    if (g.pipeline_name) row.pipeline = g.pipeline_name;
    if (g.status_type) row.status_type = g.status_type;
    if (g.status_label || g.pipeline_name) {
      row.compact = {
        annualized: formatCompactMoney(row.annualized.cents, currency, locale),
        expected: formatCompactMoney(row.expected_annualized.cents, currency, locale),
      };
    }
    return row;
  });
}

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);

/**
 * The choices of the filter form. Statuses carry their pipeline's name when the organization has more
 * than one pipeline (two pipelines often both have a "Won"); status labels are the statuses' names, each once.
 */
export function filterChoices(
  lists: { statuses?: OpportunityStatus[]; pipelines?: Pipeline[]; users?: User[]; savedSearches?: SavedSearch[]; ownerNames?: ReadonlyMap<string, string>; me?: User },
  error?: string,
  notCurrent = 'not a current user',
  meWord = 'Me',
): FilterChoices {
  const pipelineNames = new Map((lists.pipelines ?? []).map((p) => [p.id, p.name]));
  const several = pipelineNames.size > 1;
  const statuses = (lists.statuses ?? []).map((s): StatusChoice => {
    const pipeline = several && s.pipeline_id ? pipelineNames.get(s.pipeline_id) : undefined;
    return pipeline ? { id: s.id, label: s.label, type: s.type, pipeline } : { id: s.id, label: s.label, type: s.type };
  });
  const labels = [...new Set((lists.statuses ?? []).map((s) => s.label).filter((label) => label !== ''))];
  const choices: FilterChoices = {
    statuses,
    statusLabels: labels.map((label) => ({ id: label, label })).sort(byLabel),
    severalPipelines: several,
    users: [
      // The key's own user first, as "Me (Alice Anders)".
      ...(lists.users ?? []).filter((u) => u.id === lists.me?.id).map((u) => ({ id: u.id, label: `${meWord} (${userName(u)})` })),
      ...(lists.users ?? [])
        .filter((u) => u.id !== lists.me?.id)
        .map((u) => ({ id: u.id, label: userName(u) }))
        .sort(byLabel),
      // Owners /user/ does not list (former members) whose names were seen on opportunities or groups.
      ...[...(lists.ownerNames ?? [])]
        .filter(([id]) => !(lists.users ?? []).some((u) => u.id === id))
        .map(([id, name]) => ({ id, label: `${name} (${notCurrent})` }))
        .sort(byLabel),
    ],
    smartViews: (lists.savedSearches ?? []).map((s) => ({ id: s.id, label: s.name || s.id })).sort(byLabel),
  };
  if (error) choices.error = error;
  return choices;
}
