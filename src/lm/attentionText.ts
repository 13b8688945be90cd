// What close_needsAttention answers, as text for a language model: the Needs Attention view's review of a filter
// (each kind's count and annualized value, the number needing attention counted once) and the first rows of each
// kind with why, Close's words (justifications, drafted messages) inside the fence. Pure: no 'vscode' here.
import type { AttentionKind, AttentionReview } from '../close/attention';
import { ATTENTION_KINDS } from '../close/attention';
import { attentionReason, reasonLine, suggestionDetails } from '../close/attentionReasons';
import type { AttentionRow } from '../views/attention/attentionModel';
import { aggregatesView } from '../features/summary/summaryModel';
import { DATA_NOTICE, dataText, fenced, fitLines } from './dataFence';
import { askedLines, filterLine, RESULT_BUDGET, rowLines, type Asked } from './resultText';

/** Rows listed per kind: enough to act on today, few enough for four kinds in one result. */
export const ROWS_PER_KIND = 10;
/** Characters of a justification or draft kept per row. */
const REASON_LIMIT = 300;

const KIND_WORDS: Record<AttentionKind, string> = {
  stalled: 'Stalled',
  overdue: 'Overdue',
  noCloseDate: 'No close date',
  quiet: 'Quiet',
};

const count = (n: number) => n.toLocaleString('en-US');

export interface AttentionText extends Asked {
  review: AttentionReview;
  /** The first rows of each kind, most pressing first. */
  rows: Record<AttentionKind, readonly AttentionRow[]>;
}

/** What put a row in its kind when Close says nothing more. */
function kindFact(row: AttentionRow, kind: AttentionKind): string {
  switch (kind) {
    case 'stalled':
      return 'stalled';
    case 'overdue':
      return `expected to close ${row.date_won ?? 'before today'}`;
    case 'noCloseDate':
      return 'no close date';
    case 'quiet':
      return `last updated ${row.date_updated?.slice(0, 10) ?? 'long ago'}`;
  }
}

/** One row: the find tool's line, then why, and what Close suggests (a close date, a drafted message). */
function attentionRowLines(row: AttentionRow, index: number, kind: AttentionKind, currency?: string): string {
  const lines = rowLines(row, index, currency);
  const reason = reasonLine(attentionReason(row));
  // A quiet row's reason from Close says nothing of its last update: both are said.
  const why = [reason, !reason || kind === 'quiet' ? kindFact(row, kind) : ''].filter(Boolean).join('; ');
  lines.push(`   why: ${dataText(why, REASON_LIMIT)}`);
  const details = suggestionDetails(row);
  if (details.closeDate) lines.push(`   suggested close date: ${dataText(details.closeDate)}`);
  if (details.subject) lines.push(`   drafted subject: ${dataText(details.subject, REASON_LIMIT)}`);
  if (details.draft) lines.push(`   drafted message: ${dataText(details.draft, REASON_LIMIT)}`);
  if (details.callPlan) lines.push(`   call plan: ${dataText(details.callPlan, REASON_LIMIT)}`);
  return lines.join('\n');
}

export function attentionText(r: AttentionText): string {
  const { review } = r;
  const { days } = review;
  const active = review.active.total_results;
  const header = [
    ...askedLines(r),
    `Of the filter's ${count(active)} active opportunities (won and lost ones need no attention), ${count(review.needingAttention)} need attention, each counted once; one can be in several kinds, so the kinds' counts may add up to more.`,
    `Kinds: stalled (Close marks it stalled); overdue (expected close date, date_won, before today ${days.today}); no close date (no date_won); quiet (not updated for ${days.quietDays} days: last updated before ${days.quietBefore}).`,
    `Each kind lists its first ${ROWS_PER_KIND} at most, the most pressing first (overdue and no close date: earliest close date; quiet: oldest update), with why.`,
    'These are the same numbers as the Close "Needs Attention" view shows for this filter.',
    DATA_NOTICE,
  ];
  const body = [filterLine(r)];
  for (const kind of ATTENTION_KINDS) {
    const aggregates = review.kinds[kind];
    const n = aggregates.total_results;
    const value = aggregatesView(aggregates, r.currency).money.total_value_annualized.text;
    const label = kind === 'quiet' ? `${KIND_WORDS[kind]} for ${days.quietDays}+ days` : KIND_WORDS[kind];
    const rows = r.rows[kind].slice(0, ROWS_PER_KIND).map((row, i) => attentionRowLines(row, i + 1, kind, r.currency));
    const fit = fitLines(rows, RESULT_BUDGET / ATTENTION_KINDS.length);
    const listed = fit.shown < n ? `; the first ${count(fit.shown)}${fit.shown < rows.length ? ' (cut to fit the result)' : ''}` : '';
    body.push(
      `${label}: ${count(n)} ${n === 1 ? 'opportunity' : 'opportunities'}, annualized value ${dataText(value)}${n > 0 ? listed : ''}${n > 0 ? ':' : '.'}`,
      ...fit.lines,
    );
  }
  return [...header, fenced(body)].join('\n');
}
