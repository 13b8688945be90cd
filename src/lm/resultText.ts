// What the chat tools answer, as text for a language model: what was asked (the filter in words, its dates,
// the order), how many matched and how many are shown, and the data from Close inside the fence. English, as
// the tools' descriptions: the model answers the user in the user's language. Pure: no 'vscode' here.
import type { OrderBy } from '../close/filter';
import { formatMoney } from '../close/format';
import type { OpportunityRow } from '../views/tree/rows';
import { leadPage, opportunityLabel } from '../views/tree/rows';
import type { AggregatesView, GroupRow } from '../features/summary/protocol';
import { DATA_NOTICE, dataText, fenced, fitLines } from './dataFence';
import type { NameProblem } from '../close/filterNames';

/** Characters of rows, groups or changes in one result (a model's context is shared with the conversation). */
export const RESULT_BUDGET = 24_000;
/** Characters of a note kept per row (the details tool keeps more). */
export const NOTE_LIMIT = 200;
/** Choices listed when a name names nothing. */
export const MAX_CHOICES = 60;

const PERIOD_WORDS = { one_time: 'One-time', monthly: 'Monthly', annual: 'Annual' } as const;
const count = (n: number) => n.toLocaleString('en-US');

/** What every result says first: what was asked, of which data, as of when. */
export interface Asked {
  /** "Close — find opportunities". */
  title: string;
  /** The filter in words, names as Close has them ('' for every opportunity). */
  filterWords: string;
  /** True when the filter is the one the Close view shows now (the tool was given none). */
  viewFilter: boolean;
  dateLines: string[];
  today: string;
  /** "Offline — as of 10:42: …" when Close could not be reached and these are kept results. */
  offline?: string;
  currency?: string;
  /** Currencies summed together unconverted. */
  mixed?: string[];
}

export function askedLines(asked: Asked): string[] {
  const lines = [asked.title];
  if (asked.offline) lines.push(asked.offline);
  lines.push(asked.viewFilter ? 'Filter: the one the Close view shows now (in words inside the data below).' : 'Filter: as given (in words inside the data below).');
  lines.push(...asked.dateLines, asked.today);
  if (asked.currency) lines.push(`Amounts are in ${asked.currency}, the organization’s currency.`);
  if (asked.mixed) lines.push(`The sums add amounts of several currencies unconverted: ${asked.mixed.join(', ')}.`);
  return lines;
}

export function filterLine(asked: Asked): string {
  return `Filter in words: ${asked.filterWords ? dataText(asked.filterWords, 1000) : 'every opportunity'}`;
}

const ORDER_WORDS: Record<string, [string, string, string]> = {
  date_won: ['close date (date_won)', 'latest first', 'earliest first'],
  date_updated: ['last update', 'latest first', 'earliest first'],
  date_created: ['creation', 'latest first', 'earliest first'],
  confidence: ['confidence', 'highest first', 'lowest first'],
  user_name: ['owner’s name', 'Z to A', 'A to Z'],
  value: ['value', 'largest first', 'smallest first'],
  annualized_value: ['annualized value', 'largest first', 'smallest first'],
  annualized_expected_value: ['annualized expected value', 'largest first', 'smallest first'],
};

export function orderWords(order: OrderBy): string {
  const [what, down, up] = ORDER_WORDS[order.field] ?? [order.field, 'descending', 'ascending'];
  return `${what}, ${order.descending ? down : up}`;
}

/** The totals of a filter as the summary shows them: count and sums per value period, and annualized. */
export function totalsLines(view: AggregatesView): string[] {
  const m = view.money;
  const lines = [`All ${count(view.total_results)}: annualized value ${dataText(m.total_value_annualized.text)}, expected ${dataText(m.expected_value_annualized.text)}`];
  for (const period of ['one_time', 'monthly', 'annual'] as const) {
    const n = view.count_by_value_period[period];
    lines.push(`${PERIOD_WORDS[period]} ${count(n)}: total ${dataText(m[`total_value_${period}`].text)}, expected ${dataText(m[`expected_value_${period}`].text)}`);
  }
  return lines;
}

/** One opportunity in one line (and its note, cut, in a second), every server string inert. */
export function rowLines(row: OpportunityRow, index: number, currency?: string): string[] {
  const money = (cents: number | null | undefined) => formatMoney(cents, row.value_currency ?? currency) || 'none';
  const status = row.status_label ? `${dataText(row.status_label)}${row.pipeline_name ? ` (pipeline ${dataText(row.pipeline_name)})` : ''}` : 'unknown';
  const link = leadPage(row.lead_id);
  const parts = [
    `${index}. ${dataText(opportunityLabel(row))}`,
    `status ${status}${row.status_type ? `, ${row.status_type}` : ''}`,
    `value ${money(row.value)}${row.value_period ? ` ${row.value_period}` : ''}`,
    `expected ${money(row.expected_value)}`,
    `annualized ${money(row.annualized_value)}`,
    `confidence ${typeof row.confidence === 'number' ? `${row.confidence}%` : 'none'}`,
    `owner ${row.user_name ? dataText(row.user_name) : 'none'}`,
    `close date ${row.date_won ?? 'none'}`,
    `id ${row.id}`,
  ];
  if (link) parts.push(`Close link https://${link.authority}${link.path}`);
  const lines = [parts.join(' | ')];
  if (row.note) lines.push(`   note: ${dataText(row.note, NOTE_LIMIT)}`);
  return lines;
}

export interface FindText extends Asked {
  order: OrderBy;
  /** Opportunities that match the filter (all of them, not only those shown). */
  total: number;
  rows: readonly OpportunityRow[];
  totals: AggregatesView;
  /** Rows asked for. */
  limit: number;
}

export function findText(r: FindText): string {
  const rows = r.rows.slice(0, r.limit).map((row, i) => rowLines(row, i + 1, r.currency).join('\n'));
  const fit = fitLines(rows, RESULT_BUDGET);
  const shown = fit.shown;
  const header = [
    ...askedLines(r),
    `Order: ${orderWords(r.order)}.`,
    `${count(r.total)} matched, ${count(shown)} shown${shown < r.rows.length ? ' (cut to fit the result)' : ''}${shown < r.total ? `: the first ${count(shown)} in this order` : ''}.`,
    `The totals are of all ${count(r.total)} matched, the same numbers as the Close summary shows for this filter.`,
    DATA_NOTICE,
  ];
  return [...header, fenced([filterLine(r), 'Totals:', ...totalsLines(r.totals), 'Opportunities:', ...fit.lines])].join('\n');
}

export interface SummaryText extends Asked {
  /** "owner", "month": what the groups are; undefined for the totals only. */
  grouping?: string;
  totals: AggregatesView;
  groups?: readonly GroupRow[];
}

function groupLine(g: GroupRow): string {
  const periods = g.periods
    .filter((p) => p.count > 0)
    .map((p) => `${PERIOD_WORDS[p.period].toLowerCase()} ${count(p.count)} (total ${dataText(p.total.text)}, expected ${dataText(p.expected.text)})`);
  const type = g.status_type ? ` [${g.status_type}]` : '';
  return `- ${dataText(g.label)}${type}: ${count(g.count)} opportunities, annualized value ${dataText(g.annualized.text)}, expected ${dataText(g.expected_annualized.text)}${periods.length ? `; ${periods.join(', ')}` : ''}`;
}

export function summaryText(r: SummaryText): string {
  const groups = r.groups ?? [];
  const fit = fitLines(groups.map(groupLine), RESULT_BUDGET);
  const header = [...askedLines(r), `${count(r.totals.total_results)} matched.`];
  if (r.grouping)
    header.push(`Grouped by ${r.grouping}: ${count(groups.length)} groups, ${count(fit.shown)} shown${fit.shown < groups.length ? ' (cut to fit the result)' : ''}.`);
  header.push('These are the same numbers as the Close summary shows for this filter.', DATA_NOTICE);
  const body = [filterLine(r), 'Totals:', ...totalsLines(r.totals)];
  if (r.grouping) body.push('Groups:', ...fit.lines);
  return [...header, fenced(body)].join('\n');
}

/** A name that names nothing (or several things), with the choices, so the model can ask again. */
export function problemText(problem: NameProblem, what: string): string {
  const listed = problem.choices.slice(0, MAX_CHOICES).map((c) => `- ${dataText(c.name)} → ${dataText(c.value)}`);
  const more = problem.choices.length > listed.length ? [`(${count(problem.choices.length - listed.length)} more not listed)`] : [];
  const head =
    problem.kind === 'unknown'
      ? `Nothing was asked of Close: the ${what} “${dataText(problem.value)}” (${problem.field}) matches none of the ${count(problem.choices.length)} choices of this organization.`
      : `Nothing was asked of Close: the ${what} “${dataText(problem.value)}” (${problem.field}) matches ${count(problem.choices.length)} choices; name one of them.`;
  return [head, 'Call the tool again with one of these names, or the value after the arrow.', DATA_NOTICE, fenced([...listed, ...more])].join('\n');
}
