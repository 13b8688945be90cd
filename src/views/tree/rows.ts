// What the tree keeps of an opportunity, and how a row reads. Pure: no 'vscode' here, so it is tested in Node.
import type { GroupSummary } from '../../close/client';
import { aggregateMoneyText, formatCompactMoney, formatMoney, numberFormat, opportunityValueText } from '../../close/format';
import { closeDateWord } from '../../close/filterFields';
import { isCloseId, isOpportunityId, OPPORTUNITY_ID_PATTERN } from '../../close/ids';
import type { Aggregates, GroupingField, Opportunity, StatusType } from '../../close/types';
import { escapeMarkdown, escapeNote, untranslated as english, type Translate } from '../../shared/text';

/** The fields the tree asks for (`_fields`) and keeps: 100,000 rows must fit in the memory budget (`npm run bench`, heap). */
export const ROW_FIELDS = [
  'id',
  'lead_id',
  'lead_name',
  'contact_name',
  'user_id',
  'user_name',
  'status_id',
  'status_label',
  'status_type',
  'pipeline_name',
  'value',
  'value_period',
  'value_currency',
  'value_formatted',
  'expected_value',
  'annualized_value',
  'confidence',
  'date_won',
  'date_created',
  'date_updated',
  'note',
] as const;

/** Longest note kept per row (the tooltip cuts it further); the full text is one Show Details away. */
const NOTE_KEPT = 200;
const NOTE_SHOWN = 200;

export type OpportunityRow = Pick<Opportunity, 'id'> & Partial<Pick<Opportunity, (typeof ROW_FIELDS)[number]>>;

/** Fields with few distinct values: one shared string each instead of one copy per row. */
const SHARED_FIELDS: ReadonlySet<string> = new Set([
  'user_id',
  'user_name',
  'status_id',
  'status_label',
  'status_type',
  'pipeline_name',
  'value_period',
  'value_currency',
]);
const sharedStrings = new Map<string, string>();

function shared(value: string): string {
  let known = sharedStrings.get(value);
  if (known === undefined) {
    // Bounded: a pathological server cannot grow it without limit.
    if (sharedStrings.size > 10_000) sharedStrings.clear();
    sharedStrings.set(value, value);
    known = value;
  }
  return known;
}

/** A copy of only the fields the tree shows, so the full server objects can be collected. */
export function toRow(o: Partial<Opportunity> & { id: string }): OpportunityRow {
  const row: Record<string, unknown> = {};
  for (const field of ROW_FIELDS) {
    const value = o[field];
    if (value === undefined || value === null || value === '') continue;
    row[field] = typeof value === 'string' && SHARED_FIELDS.has(field) ? shared(value) : value;
  }
  if (typeof row.note === 'string' && row.note.length > NOTE_KEPT) row.note = `${row.note.slice(0, NOTE_KEPT)}…`;
  return row as OpportunityRow;
}

/** Lead name, else contact name, else the id. */
export function opportunityLabel(row: OpportunityRow): string {
  return row.lead_name?.trim() || row.contact_name?.trim() || row.id;
}

export function valueText(row: OpportunityRow, locale?: string, t: Translate = english): string {
  if (row.value_formatted) return row.value_formatted;
  if (row.value === undefined || row.value === null) return '';
  return opportunityValueText({ value_period: 'one_time', ...row } as Opportunity, locale, t);
}

/** "$12,000 annual · Won · 75%". */
export function opportunityDescription(row: OpportunityRow, statusLabel?: string, locale?: string, t: Translate = english): string {
  const parts = [valueText(row, locale, t), row.status_label ?? statusLabel ?? '', typeof row.confidence === 'number' ? `${row.confidence}%` : ''];
  return parts.filter(Boolean).join(' · ');
}

/**
 * A row's label and description. The lead name alone reads the same on each of a lead's several opportunities
 * until the row is cut off, so such a row starts with what tells it apart: "$3,000 monthly · Acme Corp", then
 * "Demo · 50%". A row without a value keeps its name first (its status follows, as on any row).
 */
export function opportunityRowText(
  row: OpportunityRow,
  sameLead: boolean,
  statusLabel?: string,
  locale?: string,
  t: Translate = english,
): { label: string; description: string } {
  const name = opportunityLabel(row);
  const value = valueText(row, locale, t);
  if (!sameLead || !value) return { label: name, description: opportunityDescription(row, statusLabel, locale, t) };
  const parts = [row.status_label ?? statusLabel ?? '', typeof row.confidence === 'number' ? `${row.confidence}%` : ''];
  return { label: `${value} · ${name}`, description: parts.filter(Boolean).join(' · ') };
}

/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, and their presentation forms). */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * The description to show after `label` in a tree row. VS Code renders label and description in one
 * line of text, so after a label ending in Arabic or Hebrew the Unicode bidi rules pull the amount into
 * the right-to-left run: "Walter العلي" + "$2,450 monthly" read "Walter 2,450$العلي monthly". A
 * left-to-right mark (invisible) in front of the description keeps it in its own order.
 */
export function descriptionAfter(label: string, description: string): string {
  return description && RIGHT_TO_LEFT.test(label) ? `\u200E${description}` : description;
}

export interface StatusIcon {
  icon: string;
  color: string | undefined;
}

/** Codicon and theme colour by status type. */
export function statusIcon(type: StatusType | undefined): StatusIcon {
  switch (type) {
    case 'won':
      return { icon: 'pass-filled', color: 'charts.green' };
    case 'lost':
      return { icon: 'circle-slash', color: 'charts.red' };
    case 'active':
      return { icon: 'circle-filled', color: 'charts.blue' };
    default:
      return { icon: 'circle-outline', color: undefined };
  }
}

export function formatCount(n: number, locale?: string): string {
  return numberFormat(locale ?? 'en-US').format(n);
}

/** "Load more (100 of 2,345)". */
export function loadMoreLabel(loaded: number, total: number | undefined, locale?: string, t: Translate = english): string {
  return total === undefined ? t('Load more') : t('Load more ({0} of {1})', formatCount(loaded, locale), formatCount(total, locale));
}

/**
 * "12 · €1.2M": the group's own count and annualized value, in the organization's currency; without one,
 * the server's own formatted amount (else a plain number).
 */
export function groupDescription(group: Aggregates, currency?: string, locale?: string): string {
  const money = currency ? formatCompactMoney(group.total_value_annualized, currency, locale) : aggregateMoneyText(group, 'total_value_annualized', undefined, locale);
  return money ? `${formatCount(group.total_results, locale)} · ${money}` : formatCount(group.total_results, locale);
}

/**
 * A group row's tooltip: its whole name, then its count and annualized value in full, in the organization's
 * currency ("Demo Scheduled" / "12 opportunities · $1,200,000 annualized"), as a narrow side bar cuts the row.
 */
export function groupTooltip(label: string, group: Aggregates, currency?: string, locale?: string, t: Translate = english): string {
  const money = aggregateMoneyText(group, 'total_value_annualized', currency, locale);
  return `${label}\n${t('{0} · {1} annualized', opportunityCount(group.total_results, locale, t), money)}`;
}

/** "1 opportunity", "2,345 opportunities". */
export function opportunityCount(n: number, locale?: string, t: Translate = english): string {
  return n === 1 ? t('1 opportunity') : t('{0} opportunities', formatCount(n, locale));
}

export function groupIcon(field: GroupingField): string {
  return field === 'user_id' ? 'person' : field === 'pipeline_id' ? 'layers' : field === 'status_id' ? 'circle-large-outline' : 'calendar';
}

/** A status group shows its status type like its rows do (won green, lost red, active blue). */
export function groupStatusIcon(field: GroupingField, group: Pick<GroupSummary, 'status_type'>): StatusIcon {
  return field === 'status_id' && group.status_type ? statusIcon(group.status_type) : { icon: groupIcon(field), color: undefined };
}

/** The tree item id of a group: stable across refreshes so its expansion survives. */
export function groupNodeId(field: GroupingField, group: Pick<GroupSummary, 'key'>): string {
  return `group:${field}:${group.key ?? '∅'}`;
}

/** The tooltip of an opportunity row, as Markdown with every server string escaped. */
export function opportunityTooltipMarkdown(row: OpportunityRow, statusLabel?: string, locale?: string, t: Translate = english): string {
  const e = escapeMarkdown;
  const lines: string[] = [`**${e(opportunityLabel(row))}**`, ''];
  const status = row.status_label ?? statusLabel;
  const facts: [string, string | undefined][] = [
    [t('Status'), status ? `${status}${row.pipeline_name ? ` (${row.pipeline_name})` : ''}` : undefined],
    [t('Value'), valueText(row, locale, t) || undefined],
    [t('Expected'), row.expected_value !== undefined && row.expected_value !== null ? formatMoney(row.expected_value, row.value_currency, locale) : undefined],
    [t('Confidence'), typeof row.confidence === 'number' ? `${row.confidence}%` : undefined],
    [t('Owner'), row.user_name ?? undefined],
    [closeDateWord(row.status_type, t), row.date_won ?? undefined],
    [t('Updated'), row.date_updated ? row.date_updated.slice(0, 10) : undefined],
    [t('Created'), row.date_created ? row.date_created.slice(0, 10) : undefined],
  ];
  for (const [name, value] of facts) if (value) lines.push(`${name}: ${e(value)}  `);
  if (row.note) {
    lines.push('', escapeNote(row.note, NOTE_SHOWN));
  }
  lines.push('', `\`${row.id}\``);
  return lines.join('\n');
}

/**
 * The parts of `https://app.close.com/lead/{lead_id}/` (Close shows an opportunity on its lead's page), for
 * `vscode.Uri.from`: a fixed scheme and host, and only a lead id of Close's shape in the path. Undefined for
 * anything else, so no id from a server can steer the link elsewhere (`../../x`, `?`, `#`, `//host`).
 */
export function leadPage(leadId: unknown): { scheme: 'https'; authority: 'app.close.com'; path: string } | undefined {
  return isCloseId(leadId, 'lead') ? { scheme: 'https', authority: 'app.close.com', path: `/lead/${leadId}/` } : undefined;
}

/**
 * The opportunity id in pasted text: the text itself, or the one id inside a pasted log line, ticket
 * sentence or URL (what the hover would recognise there). Undefined when there is none or several.
 */
export function opportunityIdIn(text: string): string | undefined {
  const trimmed = text.trim();
  if (isOpportunityId(trimmed)) return trimmed;
  const found = new Set(Array.from(trimmed.matchAll(OPPORTUNITY_ID_PATTERN), (match) => match[0]));
  return found.size === 1 ? [...found][0] : undefined;
}

/** The validation message for a pasted id, or undefined when it is fine. */
export function validateOpportunityId(text: string, t: Translate = english): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return t('Paste an opportunity id (oppo_…).');
  if (opportunityIdIn(trimmed)) return undefined;
  if (new Set(Array.from(trimmed.matchAll(OPPORTUNITY_ID_PATTERN), (match) => match[0])).size > 1) return t('This text holds several opportunity ids: paste just one.');
  return t('An opportunity id starts with "oppo_" followed by 10 to 60 letters and digits.');
}
