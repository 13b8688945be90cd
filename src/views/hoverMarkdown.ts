// The hover's text: finding `oppo_…` ids in a line and rendering an opportunity as Markdown. Pure and
// vscode-free (the provider is a thin shell), so it is unit-tested and benchmarked in plain Node.
// Server text (lead names, notes, user names) is data: every character of it is escaped, so it can never
// become a link, an image, HTML or formatting.
import { formatMoney } from '../close/format';
import type { Opportunity, ValuePeriod } from '../close/types';

/** Longest line we look at; longer lines (minified files, logs) are skipped so a hover never scans megabytes. */
export const MAX_LINE_LENGTH = 10_000;

/**
 * `oppo_` + base62. Real ids have 43 characters after the prefix; we accept 10–60 so ids of other
 * environments (and any future length change) still match, while `oppo_` in prose does not.
 */
export const OPPORTUNITY_ID_PATTERN = /(?<![A-Za-z0-9_])oppo_[A-Za-z0-9]{10,60}(?![A-Za-z0-9])/g;

/** The only commands a hover link may run (`isTrusted.enabledCommands`). */
export const HOVER_COMMANDS = [
  'closeOpportunities.openInClose',
  'closeOpportunities.revealInSidebar',
  'closeOpportunities.copyId',
  'closeOpportunities.setApiKey',
  'closeOpportunities.exploreSampleData',
] as const;
type HoverCommand = (typeof HOVER_COMMANDS)[number];

/** Longest note shown, in characters (the rest is cut with "…"). */
export const NOTE_LIMIT = 300;

/** Same contract as `vscode.l10n.t`: `{0}`, `{1}` … replaced by the arguments. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));

export interface IdMatch {
  id: string;
  /** Character offsets in the line, end exclusive. */
  start: number;
  end: number;
}

/** The opportunity id under `character`, if any. Lines over MAX_LINE_LENGTH are not looked at. */
export function findOpportunityIdAt(line: string, character: number): IdMatch | undefined {
  if (line.length > MAX_LINE_LENGTH) return undefined;
  for (const match of line.matchAll(OPPORTUNITY_ID_PATTERN)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (character >= start && character <= end) return { id: match[0], start, end };
    if (start > character) break;
  }
  return undefined;
}

/** True for a string that is exactly an opportunity id. */
export function isOpportunityId(text: string): boolean {
  return /^oppo_[A-Za-z0-9]{10,60}$/.test(text);
}

/**
 * Text that Markdown shows exactly as written: every ASCII punctuation character is backslash-escaped
 * (CommonMark allows that for all of them), which also defeats autolinks (`https\:`, `www\.`, `a\@b`),
 * HTML (`\<script\>`), entities (`\&`), emphasis, code spans and tables. Control characters are dropped
 * and whitespace runs become one space (a hover shows one line per field).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Cuts to `limit` characters (whole code points) with "…". */
export function cut(text: string, limit: number): string {
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit).join('').trimEnd()}…`;
}

/** A multi-line note: each line escaped, empty lines dropped, joined with hard line breaks. */
export function escapeNote(note: string, limit = NOTE_LIMIT): string {
  return cut(note.trim(), limit)
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line))
    .filter((line) => line !== '')
    .join('  \n');
}

/** A `command:` link. The arguments are JSON, URI-encoded, as VS Code expects. */
export function commandLink(label: string, command: HoverCommand, args?: unknown[]): string {
  const query = args ? `?${encodeURIComponent(JSON.stringify(args))}` : '';
  return `[${escapeMarkdown(label)}](command:${command}${query})`;
}

function periodLabel(period: ValuePeriod | undefined, t: Translate): string {
  switch (period) {
    case 'monthly':
      return t('monthly');
    case 'annual':
      return t('annual');
    case 'one_time':
      return t('one-time');
    default:
      return '';
  }
}

/** `2024-03-14` from a date or datetime; '' when missing. */
function day(value: string | null | undefined): string {
  return typeof value === 'string' ? value.slice(0, 10) : '';
}

function actions(id: string, t: Translate): string {
  return [
    commandLink(t('Open in Close'), 'closeOpportunities.openInClose', [id]),
    commandLink(t('Reveal in Sidebar'), 'closeOpportunities.revealInSidebar', [id]),
    commandLink(t('Copy ID'), 'closeOpportunities.copyId', [id]),
  ].join(' · ');
}

export interface HoverRenderOptions {
  t?: Translate;
  locale?: string;
}

/** The hover of a found opportunity. */
export function renderOpportunityHover(o: Opportunity, options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  const e = escapeMarkdown;
  const money = (cents: number | null | undefined): string => (typeof cents === 'number' ? formatMoney(cents, o.value_currency, options.locale) : '—');
  const title = o.lead_name || o.contact_name || o.id;
  const status = [o.status_label ?? o.status_display_name, o.status_type ? `(${o.status_type})` : ''].filter(Boolean).join(' ');
  const period = periodLabel(o.value_period, t);

  const lines: string[] = [];
  lines.push(`**${e(title)}**${status ? ` · ${e(status)}` : ''}`);
  lines.push(`${e(t('Value'))}: ${e(money(o.value))}${period ? ` ${e(`(${period})`)}` : ''}`);
  lines.push(`${e(t('Expected value'))}: ${e(money(o.expected_value))} · ${e(t('Confidence'))}: ${e(`${o.confidence ?? 0}%`)}`);
  lines.push(`${e(t('Owner'))}: ${e(o.user_name || '—')} · ${e(t('Pipeline'))}: ${e(o.pipeline_name || '—')}`);
  const dates = [
    [t('Won'), day(o.date_won)],
    [t('Created'), day(o.date_created)],
    [t('Updated'), day(o.date_updated)],
  ].filter(([, value]) => value !== '');
  if (dates.length > 0) lines.push(dates.map(([label, value]) => `${e(label)}: ${e(value)}`).join(' · '));

  const parts = [lines.join('  \n')];
  const note = typeof o.note === 'string' ? escapeNote(o.note) : '';
  if (note !== '') parts.push(note);
  parts.push(actions(o.id, t));
  return parts.join('\n\n---\n\n');
}

/** 404: the id is not in the organization the key belongs to. */
export function renderNotFound(id: string, options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return `${escapeMarkdown(t('Not found in this Close organization'))}: ${escapeMarkdown(id)}\n\n${commandLink(t('Copy ID'), 'closeOpportunities.copyId', [id])}`;
}

/** No key and no sample data: how to get one. */
export function renderNoConnection(options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return [
    escapeMarkdown(t('Close opportunity. Set an API key to see its details.')),
    `${commandLink(t('Set API Key'), 'closeOpportunities.setApiKey')} · ${commandLink(t('Explore with sample data'), 'closeOpportunities.exploreSampleData')}`,
  ].join('\n\n');
}

/** The key was refused. */
export function renderUnauthorized(options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return `${escapeMarkdown(t('Close refused the API key.'))}\n\n${commandLink(t('Set API Key'), 'closeOpportunities.setApiKey')}`;
}

/** Any other failure, in one short line. */
export function renderError(message: string, options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return escapeMarkdown(t('Could not load the opportunity: {0}', cut(message, 200)));
}
