// The hover's text: an opportunity rendered as Markdown (the id under the pointer is found by ./idLinks.ts).
// Pure and vscode-free (the provider is a thin shell), so it is unit-tested and benchmarked in plain Node.
// Server text (lead names, notes, user names) is data: every character of it is escaped, so it can never
// become a link, an image, HTML or formatting.
import { formatMoney } from '../../close/format';
import type { Opportunity, ValuePeriod } from '../../close/types';
import { cut, escapeMarkdown, escapeNote, untranslated, type Translate } from '../../shared/text';
import { commandId } from '../../shared/commands';
import { isCloseId } from '../../close/ids';
import { closeDateWord } from '../../close/filterFields';
import { statusTypeMeaning } from '../../shared/filterDescription';

/** The only commands a hover link may run (`isTrusted.enabledCommands`). */
export const HOVER_COMMANDS = [
  commandId('openInClose'),
  commandId('revealInSidebar'),
  commandId('copyId'),
  commandId('showLeadOpportunities'),
  commandId('setApiKey'),
  commandId('exploreSampleData'),
] as const;
type HoverCommand = (typeof HOVER_COMMANDS)[number];

/** Longest note shown, in characters (the rest is cut with "…"). */
export const NOTE_LIMIT = 300;

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

function actions(o: Opportunity, t: Translate): string {
  return [
    commandLink(t('Open in Close'), commandId('openInClose'), [o.id]),
    commandLink(t('Reveal in Sidebar'), commandId('revealInSidebar'), [o.id]),
    commandLink(t('Copy ID'), commandId('copyId'), [o.id]),
    // Only an id of Close's shape goes into a command link's arguments.
    isCloseId(o.lead_id, 'lead') ? commandLink(t("Show This Lead's Opportunities"), commandId('showLeadOpportunities'), [o.lead_id]) : '',
  ]
    .filter(Boolean)
    .join(' · ');
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
  const statusLabel = o.status_label ?? o.status_display_name;
  // The type says what a custom status means ("Churned (lost)"); after "Lost" it only repeats it.
  const typeNeeded = o.status_type && o.status_type.toLowerCase() !== statusLabel?.trim().toLowerCase();
  const status = [statusLabel, typeNeeded && o.status_type ? `(${statusTypeMeaning(o.status_type, t)})` : ''].filter(Boolean).join(' ');
  const period = periodLabel(o.value_period, t);

  const lines: string[] = [];
  lines.push(`**${e(title)}**${status ? ` · ${e(status)}` : ''}`);
  lines.push(`${e(t('Value'))}: ${e(money(o.value))}${period ? ` ${e(`(${period})`)}` : ''}`);
  lines.push(`${e(t('Expected value'))}: ${e(money(o.expected_value))} · ${e(t('Confidence'))}: ${e(`${o.confidence ?? 0}%`)}`);
  lines.push(`${e(t('Owner'))}: ${e(o.user_name || '—')} · ${e(t('Pipeline'))}: ${e(o.pipeline_name || '—')}`);
  const dates = [
    [closeDateWord(o.status_type, t), day(o.date_won)],
    [t('Created'), day(o.date_created)],
    [t('Updated'), day(o.date_updated)],
  ].filter(([, value]) => value !== '');
  if (dates.length > 0) lines.push(dates.map(([label, value]) => `${e(label)}: ${e(value)}`).join(' · '));

  const parts = [lines.join('  \n')];
  const note = typeof o.note === 'string' ? escapeNote(o.note, NOTE_LIMIT) : '';
  if (note !== '') parts.push(note);
  parts.push(actions(o, t));
  return parts.join('\n\n---\n\n');
}

/** 404: the id is not in the organization the key belongs to. */
export function renderNotFound(id: string, options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return `${escapeMarkdown(t('Not found in this Close organization'))}: ${escapeMarkdown(id)}\n\n${commandLink(t('Copy ID'), commandId('copyId'), [id])}`;
}

/** No key and no sample data: how to get one. */
export function renderNoConnection(options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return [
    escapeMarkdown(t('Close opportunity. Set an API key to see its details.')),
    `${commandLink(t('Set API Key'), commandId('setApiKey'))} · ${commandLink(t('Explore with Sample Data'), commandId('exploreSampleData'))}`,
  ].join('\n\n');
}

/** The key was refused. */
export function renderUnauthorized(options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return `${escapeMarkdown(t('Close refused the API key.'))}\n\n${commandLink(t('Set API Key'), commandId('setApiKey'))}`;
}

/** Any other failure, in one short line. */
export function renderError(message: string, options: HoverRenderOptions = {}): string {
  const t = options.t ?? untranslated;
  return escapeMarkdown(t('Could not load the opportunity: {0}', cut(message, 200)));
}
