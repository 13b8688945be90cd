// The summary's "Needs attention" part: each kind of the Needs Attention view's review with its count and
// annualized value, and what a click on it does. Pure and vscode-free (unit-tested in Node).
import { ATTENTION_KINDS, type AttentionKind, type AttentionReview } from '../../close/attention';
import { untranslated as english, type Translate } from '../../shared/text';
import type { AttentionSummary } from './protocol';
import { badgeTooltip, kindLabel } from '../../views/attention/attentionRows';
import { aggregatesView } from './summaryModel';
import { groupAccessibilityLabel } from '../../views/tree/accessibleNames';

/** "No close date" has no filter: Close's list cannot test for a missing `date_won`. */
export function kindAction(kind: AttentionKind): 'filter' | 'reveal' {
  return kind === 'noCloseDate' ? 'reveal' : 'filter';
}

/** The review as the summary shows it: one button per kind, named in words (kind, count, value, what it does). */
export function attentionSummary(review: AttentionReview, currency?: string, locale?: string, t: Translate = english): AttentionSummary {
  return {
    status: 'ready',
    needing: review.needingAttention === 0 ? t('Nothing needs attention among the active opportunities of this filter.') : badgeTooltip(review, locale, t),
    kinds: ATTENTION_KINDS.map((kind) => {
      const aggregates = review.kinds[kind];
      const label = kindLabel(kind, review.days.quietDays, t);
      const view = aggregatesView(aggregates, currency, locale);
      const words = groupAccessibilityLabel(label, aggregates, currency, locale, t);
      const action = kindAction(kind);
      return {
        kind,
        label,
        count: view.total_results,
        count_text: view.total_results_text,
        annualized: view.money.total_value_annualized,
        action,
        name:
          action === 'filter'
            ? t('{0}. Click to show them in the list (sets the filter).', words)
            : t('{0}. Close cannot filter by a missing close date: click to show them in the Needs Attention view.', words),
      };
    }),
  };
}
