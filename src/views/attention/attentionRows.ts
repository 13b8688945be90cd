// How the "Needs Attention" view reads: the kinds' labels, each row's reason (Close's stall status or suggested
// action, else what put it in its kind), its tooltip and its accessible name. Pure: no 'vscode' here.
import type { AttentionKind, AttentionReview } from '../../close/attention';
import { attentionReason, oneLine, reasonLine, suggestionDetails } from '../../close/attentionReasons';
import { untranslated as english, escapeMarkdown, type Translate } from '../../shared/text';
import { formatCount, opportunityTooltipMarkdown, valueText } from '../tree/rows';
import { opportunityAccessibilityLabel } from '../tree/accessibleNames';
import type { AttentionRow } from './attentionModel';

export function kindLabel(kind: AttentionKind, quietDays: number, t: Translate = english): string {
  switch (kind) {
    case 'stalled':
      return t('Stalled');
    case 'overdue':
      return t('Overdue');
    case 'noCloseDate':
      return t('No close date');
    case 'quiet':
      return t('Quiet for {0}+ days', quietDays);
  }
}

export function kindIcon(kind: AttentionKind): string {
  switch (kind) {
    case 'stalled':
      return 'debug-pause';
    case 'overdue':
      return 'calendar';
    case 'noCloseDate':
      return 'question';
    case 'quiet':
      return 'bell-slash';
  }
}

/** Why a row is in its kind when Close says nothing more: its close date, or its last update. */
function kindFact(row: AttentionRow, kind: AttentionKind, t: Translate): string {
  switch (kind) {
    case 'stalled':
      return t('Stalled');
    case 'overdue':
      return row.date_won ? t('expected to close {0}', row.date_won) : t('Overdue');
    case 'noCloseDate':
      return t('no close date');
    case 'quiet':
      return row.date_updated ? t('last updated {0}', row.date_updated.slice(0, 10)) : t('quiet');
  }
}

/** The row's description: "$12,000 · Stalled: can't get in touch; next: follow up — No reply for 14 days." */
export function attentionDescription(row: AttentionRow, kind: AttentionKind, locale?: string, t: Translate = english): string {
  const reason = reasonLine(attentionReason(row, t)) || kindFact(row, kind, t);
  return [valueText(row, locale, t), reason].filter(Boolean).join(' · ');
}

/** What a screen reader hears: the whole row, then why. */
export function attentionAccessibleName(row: AttentionRow, kind: AttentionKind, locale?: string, t: Translate = english): string {
  const reason = attentionReason(row, t);
  const why = reason ? reasonLine(reason) : kindFact(row, kind, t);
  return `${opportunityAccessibilityLabel(row, undefined, locale, t)}, ${why}`;
}

/** The tooltip: the reason, what Close suggests (a close date, a draft, a call plan), then the tree's tooltip. */
export function attentionTooltipMarkdown(row: AttentionRow, kind: AttentionKind, locale?: string, t: Translate = english): string {
  const e = escapeMarkdown;
  const lines: string[] = [];
  const reason = attentionReason(row, t);
  lines.push(`**${e(reason?.summary ?? kindFact(row, kind, t))}**`);
  if (reason?.justification) lines.push('', e(oneLine(reason.justification)));
  const details = suggestionDetails(row);
  if (details.closeDate) lines.push('', `${t('Suggested close date')}: ${e(details.closeDate)}`);
  if (details.subject) lines.push('', `${t('Subject')}: ${e(oneLine(details.subject))}`);
  if (details.draft) lines.push('', `${t('Drafted message')}:`, '', ...details.draft.split(/\r?\n/).map((line) => `> ${e(line)}`));
  if (details.callPlan) lines.push('', `${t('Call plan')}: ${e(oneLine(details.callPlan))}`);
  lines.push('', '---', '', opportunityTooltipMarkdown(row, undefined, locale, t));
  return lines.join('\n');
}

/** The badge's tooltip: "17 opportunities need attention (counted once)". */
export function badgeTooltip(review: AttentionReview, locale?: string, t: Translate = english): string {
  const n = review.needingAttention;
  return n === 1 ? t('1 opportunity needs attention') : t('{0} opportunities need attention', formatCount(n, locale));
}

/** The text "Copy Draft" puts on the clipboard: the subject (for an email) and the drafted message. */
export function draftText(row: AttentionRow): string | undefined {
  const details = suggestionDetails(row);
  if (!details.draft) return undefined;
  return details.subject ? `${details.subject}\n\n${details.draft}` : details.draft;
}
