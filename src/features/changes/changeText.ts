// How changes since the last look read: the tooltip line of a row, the summary's line, the quick pick and the
// tree's badge letters. Pure and vscode-free (unit-tested in Node).
import { countChanges, type ChangeKind, type OpportunityChange, type SeenOpportunity } from './changes';
import { formatCompactMoney, formatMoney } from '../../close/format';
import type { Opportunity } from '../../close/types';
import { untranslated as english, type Translate } from '../../shared/text';

/** Names for the ids a change refers to (statuses and owners are remembered by id only). */
export interface ChangeNames {
  statuses?: ReadonlyMap<string, string>;
  users?: ReadonlyMap<string, string>;
}

export interface ChangeTextOptions {
  locale?: string;
  /** Only for tests: the time zone the look's time is shown in (default: this machine's). */
  timeZone?: string;
  /** The organization's currency, for sums (the won total). */
  currency?: string;
  names?: ChangeNames;
  t?: Translate;
  /** More changed than one check reads: only the most recent are counted. */
  truncated?: boolean;
}

const DAY = 86_400_000;

/** "Tue 10:42" within the last six days, "Nov 23 10:42" before that, "Nov 23, 2025 10:42" in another year. */
export function sinceText(iso: string, now: number, options: Pick<ChangeTextOptions, 'locale' | 'timeZone'> = {}): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: options.timeZone };
  const sameYear = new Date(ms).getUTCFullYear() === new Date(now).getUTCFullYear();
  const date: Intl.DateTimeFormatOptions =
    now - ms < 6 * DAY ? { weekday: 'short' } : sameYear ? { month: 'short', day: 'numeric' } : { month: 'short', day: 'numeric', year: 'numeric' };
  try {
    return new Intl.DateTimeFormat(options.locale, { ...date, ...time }).format(ms).replace(/,(?= \d{2}:\d{2}$)/, '');
  } catch {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  }
}

/** The letter shown at the end of a changed row (FileDecoration badges hold at most two characters). */
export const CHANGE_BADGES: Record<ChangeKind, string> = {
  new: 'N',
  won: 'W',
  lost: 'L',
  moved: 'M',
  value: 'V',
  reassigned: 'R',
  left: 'X',
  updated: 'U',
};

/** Theme colours of the badges (won green, lost red, as the status icons). */
export const CHANGE_COLORS: Record<ChangeKind, string> = {
  new: 'charts.blue',
  won: 'charts.green',
  lost: 'charts.red',
  moved: 'charts.yellow',
  value: 'charts.orange',
  reassigned: 'charts.purple',
  left: 'disabledForeground',
  updated: 'descriptionForeground',
};

/** "Won", "Moved", … as a heading for one kind. */
export function kindTitle(kind: ChangeKind, t: Translate = english): string {
  switch (kind) {
    case 'new':
      return t('New');
    case 'won':
      return t('Won');
    case 'lost':
      return t('Lost');
    case 'moved':
      return t('Moved');
    case 'value':
      return t('Value changed');
    case 'reassigned':
      return t('Reassigned');
    case 'left':
      return t('Left the filter');
    case 'updated':
      return t('Updated');
  }
}

function statusName(id: string | null | undefined, label: string | null | undefined, names: ChangeNames | undefined): string {
  return label || (id ? (names?.statuses?.get(id) ?? id) : '?');
}

function userName(id: string | null | undefined, name: string | null | undefined, names: ChangeNames | undefined): string {
  return name || (id ? (names?.users?.get(id) ?? id) : '?');
}

function valueWithPeriod(
  value: number | null | undefined,
  period: string | null | undefined,
  currency: string | null | undefined,
  locale: string | undefined,
  t: Translate,
): string {
  if (value === null || value === undefined) return t('no value');
  const money = formatMoney(value, currency, locale);
  return period === 'monthly' ? t('{0} monthly', money) : period === 'annual' ? t('{0} annually', money) : money;
}

/** What one kind of change was, without the time: "Demo → Proposal", "$10,000 → $12,000". */
function kindDetail(
  kind: ChangeKind,
  before: SeenOpportunity | undefined,
  after: (Partial<Opportunity> & { id: string }) | undefined,
  options: ChangeTextOptions,
): string {
  const t = options.t ?? english;
  const names = options.names;
  const locale = options.locale;
  switch (kind) {
    case 'won':
    case 'lost':
    case 'moved':
      return `${statusName(before?.status_id, undefined, names)} → ${statusName(after?.status_id, after?.status_label, names)}`;
    case 'value': {
      const currency = after?.value_currency ?? options.currency;
      const parts: string[] = [];
      if (before?.value !== after?.value || before?.value_period !== after?.value_period) {
        parts.push(
          `${valueWithPeriod(before?.value, before?.value_period, currency, locale, t)} → ${valueWithPeriod(after?.value, after?.value_period, currency, locale, t)}`,
        );
      }
      if (before?.confidence !== after?.confidence && typeof after?.confidence === 'number') {
        parts.push(t('confidence {0}% → {1}%', before?.confidence ?? '?', after.confidence));
      }
      return parts.join(', ');
    }
    case 'reassigned':
      return `${userName(before?.user_id, undefined, names)} → ${userName(after?.user_id, after?.user_name, names)}`;
    case 'left':
      return after?.status_id ? t('now {0}', statusName(after.status_id, after.status_label, names)) : '';
    case 'new':
    case 'updated':
      return '';
  }
}

/** "Moved: Demo → Proposal since Tue 10:42"; several kinds are joined: "Won: Proposal → Won; Reassigned: … since …". */
export function changeLine(change: OpportunityChange, since: string, now: number, options: ChangeTextOptions = {}): string {
  const t = options.t ?? english;
  const what = change.kinds
    .map((kind) => {
      const detail = kindDetail(kind, change.before, change.after, options);
      return detail ? `${kindTitle(kind, t)}: ${detail}` : kindTitle(kind, t);
    })
    .join('; ');
  return t('{0} since {1}', what, sinceText(since, now, options));
}

/** "Since Tue 10:42: 3 new, 2 won ($45K), 1 lost"; "No changes since Tue 10:42". */
export function summaryLine(changes: readonly OpportunityChange[], since: string, now: number, options: ChangeTextOptions = {}): string {
  const t = options.t ?? english;
  const when = sinceText(since, now, options);
  if (changes.length === 0) return t('No changes since {0}', when);
  const { counts, wonValue } = countChanges(changes);
  const parts: string[] = [];
  if (counts.new) parts.push(t('{0} new', counts.new));
  if (counts.won) parts.push(wonValue > 0 ? t('{0} won ({1})', counts.won, formatCompactMoney(wonValue, options.currency, options.locale)) : t('{0} won', counts.won));
  if (counts.lost) parts.push(t('{0} lost', counts.lost));
  if (counts.moved) parts.push(t('{0} moved', counts.moved));
  if (counts.value) parts.push(t('{0} value changed', counts.value));
  if (counts.reassigned) parts.push(t('{0} reassigned', counts.reassigned));
  if (counts.left) parts.push(t('{0} left the filter', counts.left));
  if (counts.updated) parts.push(t('{0} updated', counts.updated));
  if (options.truncated) return t('Since {0} (the {1} most recent changes): {2}', when, changes.length.toLocaleString(options.locale), parts.join(', '));
  return t('Since {0}: {1}', when, parts.join(', '));
}

/** The name a change is listed under: lead, contact, else the id (as the tree's rows). */
export function changeLabel(change: OpportunityChange): string {
  return change.after?.lead_name?.trim() || change.after?.contact_name?.trim() || change.id;
}
