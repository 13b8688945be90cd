// The summary part of the webview: the aggregates table, the bar chart and the table of groups.
import { layoutBars } from './chart';
import { h, svg, type Child } from './dom';
import type { AggregatesView, GroupRow, GroupsView, SummaryData, WebviewStrings } from '../features/summary/protocol';

/** More bars than this make the chart unreadable in a side bar; the table below lists every group. */
export const MAX_BARS = 40;
const LABEL_CHARS = 34;

function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/**
 * Explicit ARIA roles: the narrow layout restyles the table's rows as grids, which would otherwise make
 * browsers drop the table semantics that screen readers rely on.
 */
function withTableRoles(table: HTMLElement): HTMLElement {
  table.setAttribute('role', 'table');
  for (const node of Array.from(table.querySelectorAll('thead, tbody'))) node.setAttribute('role', 'rowgroup');
  for (const node of Array.from(table.querySelectorAll('tr'))) node.setAttribute('role', 'row');
  for (const node of Array.from(table.querySelectorAll('th[scope=col]'))) node.setAttribute('role', 'columnheader');
  for (const node of Array.from(table.querySelectorAll('th[scope=row]'))) node.setAttribute('role', 'rowheader');
  for (const node of Array.from(table.querySelectorAll('td'))) node.setAttribute('role', 'cell');
  return table;
}

function numberText(value: number): string {
  return value.toLocaleString();
}

/** One row per value period and one for the annualized total: count, total value, expected value. */
export function totalsTable(a: AggregatesView, s: WebviewStrings): HTMLElement {
  const rows: [string, string, string, string, string][] = [
    ['one_time', s.oneTime, numberText(a.count_by_value_period.one_time), a.money.total_value_one_time.text, a.money.expected_value_one_time.text],
    ['monthly', s.monthly, numberText(a.count_by_value_period.monthly), a.money.total_value_monthly.text, a.money.expected_value_monthly.text],
    ['annual', s.annual, numberText(a.count_by_value_period.annual), a.money.total_value_annual.text, a.money.expected_value_annual.text],
    ['annualized', s.annualized, a.total_results_text, a.money.total_value_annualized.text, a.money.expected_value_annualized.text],
  ];
  return withTableRoles(
    h(
      'table',
      { class: 'totals responsive', 'data-testid': 'totals' },
      h(
        'caption',
        {},
        h('span', { class: 'total-count', 'data-testid': 'total_results' }, a.total_results_text),
        ` ${a.total_results === 1 ? s.opportunity : s.opportunities}`,
      ),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, s.period), h('th', { scope: 'col' }, s.count), h('th', { scope: 'col' }, s.total), h('th', { scope: 'col' }, s.expected)),
      ),
      h(
        'tbody',
        {},
        ...rows.map(([key, label, count, total, expected]) =>
          h(
            'tr',
            { 'data-period': key, class: key === 'annualized' ? 'annualized' : undefined },
            h('th', { scope: 'row' }, label),
            // data-label: the column name, shown before the value when the view is too narrow for columns.
            h('td', { 'data-testid': `count_${key}`, 'data-label': s.count, class: 'count' }, count),
            h('td', { 'data-testid': `total_value_${key}`, 'data-label': s.total }, total),
            h('td', { 'data-testid': `expected_value_${key}`, 'data-label': s.expected }, expected),
          ),
        ),
      ),
    ),
  );
}

/** Annualized value per group as horizontal bars; `role="img"` with a title, each bar titled too. */
export function groupChart(rows: readonly GroupRow[], s: WebviewStrings): SVGElement {
  const shown = rows.slice(0, MAX_BARS);
  const layout = layoutBars(
    shown.map((row) => ({ label: row.label, value: row.annualized.cents, text: row.annualized.text })),
    { width: 300 },
  );
  const titleId = 'chart-title';
  return svg(
    'svg',
    {
      class: 'chart',
      role: 'img',
      'aria-labelledby': titleId,
      viewBox: `0 0 ${layout.width} ${Math.max(layout.height, 1)}`,
      width: '100%',
      preserveAspectRatio: 'xMinYMin meet',
      'data-testid': 'chart',
    },
    svg('title', { id: titleId }, s.chartTitle),
    ...layout.bars.map((bar) =>
      svg(
        'g',
        { class: 'bar-row' },
        svg('title', {}, `${bar.label}: ${bar.text}`),
        svg('text', { x: 0, y: bar.textY, class: 'bar-label' }, shorten(bar.label, LABEL_CHARS)),
        svg('text', { x: layout.width, y: bar.textY, class: 'bar-value', 'text-anchor': 'end' }, bar.text),
        svg('rect', { x: 0, y: bar.y, width: layout.width, height: bar.height, class: 'bar-track' }),
        svg('rect', { x: bar.x, y: bar.y, width: bar.width.toFixed(2), height: bar.height, class: 'bar' }),
      ),
    ),
  );
}

/**
 * The pipeline by status (or by pipeline), in Close's order: per row its count, a bar for the annualized
 * value and a thinner mark for the expected value, on one scale; a heading where each pipeline starts.
 */
export function pipelineChart(rows: readonly GroupRow[], s: WebviewStrings): HTMLElement {
  const shown = rows.slice(0, MAX_BARS);
  const max = shown.reduce((m, row) => Math.max(m, row.annualized.cents, row.expected_annualized.cents), 0);
  const runs: { pipeline: string | undefined; rows: GroupRow[] }[] = [];
  for (const row of shown) {
    const pipeline = row.status_label !== undefined ? row.pipeline : undefined;
    const last = runs[runs.length - 1];
    if (last && last.pipeline === pipeline) last.rows.push(row);
    else runs.push({ pipeline, rows: [row] });
  }
  const headed = runs.length > 1;
  const legend = h(
    'p',
    { class: 'chart-legend muted' },
    svg('svg', { width: 10, height: 10, 'aria-hidden': 'true' }, svg('rect', { x: 0, y: 0, width: 10, height: 10, class: 'bar' })),
    ` ${s.annualizedValue}  `,
    svg('svg', { width: 10, height: 10, 'aria-hidden': 'true' }, svg('rect', { x: 0, y: 3, width: 10, height: 4, class: 'bar-expected' })),
    ` ${s.expectedValue}`,
  );
  return h(
    'figure',
    { class: 'pipeline-chart', 'data-testid': 'pipeline-chart' },
    h('figcaption', {}, s.pipelineChartTitle),
    legend,
    ...runs.flatMap((run) => [
      headed && run.pipeline ? h('h4', { class: 'pipeline-name' }, run.pipeline) : undefined,
      pipelineBars(run.rows, max, run.pipeline ?? s.pipelineChartTitle, s),
    ]),
  );
}

function pipelineBars(rows: readonly GroupRow[], max: number, title: string, s: WebviewStrings): SVGElement {
  const layout = layoutBars(
    rows.map((row) => ({
      label: `${row.status_label ?? row.label} · ${row.count_text}`,
      value: row.annualized.cents,
      second: row.expected_annualized.cents,
      text: `${row.compact?.annualized ?? row.annualized.text} · ${s.expectedMark} ${row.compact?.expected ?? row.expected_annualized.text}`,
    })),
    { width: 300, max },
  );
  return svg(
    'svg',
    {
      class: 'chart',
      role: 'img',
      'aria-label': title,
      viewBox: `0 0 ${layout.width} ${Math.max(layout.height, 1)}`,
      width: '100%',
      preserveAspectRatio: 'xMinYMin meet',
      'data-testid': 'chart',
    },
    ...layout.bars.map((bar, i) =>
      svg(
        'g',
        { class: 'bar-row', 'data-key': rows[i].key },
        svg(
          'title',
          {},
          `${rows[i].label}: ${rows[i].count_text} · ${s.annualizedValue} ${rows[i].annualized.text} · ${s.expectedValue} ${rows[i].expected_annualized.text}`,
        ),
        svg('text', { x: 0, y: bar.textY, class: 'bar-label' }, shorten(bar.label, 24)),
        svg('text', { x: layout.width, y: bar.textY, class: 'bar-value', 'text-anchor': 'end' }, bar.text),
        svg('rect', { x: 0, y: bar.y, width: layout.width, height: bar.height, class: 'bar-track' }),
        svg('rect', { x: bar.x, y: bar.y, width: bar.width.toFixed(2), height: bar.height, class: `bar${rows[i].status_type ? ` bar-${rows[i].status_type}` : ''}` }),
        svg('rect', { x: bar.x, y: bar.y + bar.height / 3, width: bar.secondWidth.toFixed(2), height: bar.height / 3, class: 'bar-expected' }),
      ),
    ),
  );
}

/**
 * The group's label, opening (a native disclosure: keyboard and screen readers know it) onto every other
 * aggregate of the group: per value period, its count, total and expected value. One column wide, so it
 * stays readable in a narrow side bar.
 */
function groupDetails(row: GroupRow, s: WebviewStrings): HTMLElement {
  const words = { one_time: s.oneTime, monthly: s.monthly, annual: s.annual };
  return h(
    'details',
    { class: 'group-details', 'data-testid': 'group-details' },
    h('summary', {}, row.label),
    h(
      'dl',
      { class: 'group-periods' },
      ...row.periods.flatMap((p) => [
        h('dt', {}, words[p.period]),
        h('dd', { 'data-period': p.period }, `${s.count} ${p.count_text} · ${s.total} ${p.total.text} · ${s.expected} ${p.expected.text}`),
      ]),
    ),
  );
}

export function groupTable(rows: readonly GroupRow[], s: WebviewStrings): HTMLElement {
  return withTableRoles(
    h(
      'table',
      { class: 'groups responsive', 'data-testid': 'groups' },
      h('caption', { class: 'visually-hidden' }, s.groups),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, s.group),
          h('th', { scope: 'col' }, s.count),
          h('th', { scope: 'col' }, s.annualizedValue),
          h('th', { scope: 'col' }, s.expectedValue),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            { 'data-key': row.key },
            h('th', { scope: 'row' }, groupDetails(row, s)),
            h('td', { 'data-label': s.count, class: 'count' }, row.count_text),
            h('td', { 'data-label': s.annualizedValue }, row.annualized.text),
            h('td', { 'data-label': s.expectedValue }, row.expected_annualized.text),
          ),
        ),
      ),
    ),
  );
}

function loading(text: string): HTMLElement {
  return h('div', { class: 'loading', role: 'status', 'data-testid': 'loading' }, h('vscode-progress-ring', { 'aria-hidden': 'true' }), h('span', {}, text));
}

function groupsSection(groups: GroupsView, s: WebviewStrings, onRetry: () => void): HTMLElement {
  const body: Child[] = [h('h3', {}, s.groups)];
  if (groups.status === 'loading') body.push(loading(s.loading));
  else if (groups.status === 'error') body.push(errorBox(groups.message, s, onRetry));
  else if (groups.rows.length === 0) body.push(h('p', { class: 'muted' }, s.noGroups));
  else body.push(groups.pipeline ? pipelineChart(groups.rows, s) : groupChart(groups.rows, s), groupTable(groups.rows, s));
  return h('section', { class: 'groups-section', 'aria-label': s.groups }, ...body);
}

function errorBox(message: string, s: WebviewStrings, onRetry: () => void): HTMLElement {
  const retry = h('vscode-button', { appearance: 'secondary' }, s.retry);
  retry.addEventListener('click', onRetry);
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, h('p', {}, message), retry);
}

/** Kept numbers shown while Close cannot be reached: said first, never passing for current ones. */
function offlineNotice(message: string, s: WebviewStrings, onRetry: () => void): HTMLElement {
  const retry = h('vscode-button', { appearance: 'secondary' }, s.retry);
  retry.addEventListener('click', onRetry);
  return h('div', { class: 'offline', role: 'status', 'data-testid': 'offline' }, h('p', {}, message), retry);
}

/** The summary for one state: loading, error, or the numbers (never numbers of an older filter). */
export function summaryContent(summary: SummaryData, s: WebviewStrings, onRetry: () => void): Child[] {
  switch (summary.status) {
    case 'idle':
      return [];
    case 'loading':
      return [loading(s.loading)];
    case 'error':
      return [errorBox(summary.message, s, onRetry)];
    case 'ready':
      return [
        summary.offline ? offlineNotice(summary.offline, s, onRetry) : undefined,
        totalsTable(summary.aggregates, s),
        summary.currencyNote ? h('p', { class: 'muted currency-note', 'data-testid': 'currency-note' }, summary.currencyNote) : undefined,
        summary.groups ? groupsSection(summary.groups, s, onRetry) : undefined,
      ];
  }
}

/** The totals in one line, "1,234 opportunities · Annualized $1.2M", for the bar beside Apply; the error when there is one. */
export function resultLine(summary: SummaryData, s: WebviewStrings): string {
  switch (summary.status) {
    case 'idle':
      return '';
    case 'loading':
      return s.loading;
    case 'error':
      return summary.message;
    case 'ready': {
      const a = summary.aggregates;
      return `${a.total_results_text} ${a.total_results === 1 ? s.opportunity : s.opportunities} · ${s.annualized} ${a.money.total_value_annualized.text}`;
    }
  }
}
