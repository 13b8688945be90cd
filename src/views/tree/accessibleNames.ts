// What a screen reader hears for each row of the tree: all a row shows, also what it shows only by icon, colour
// or marker (the status type, a change since the last look, kept offline results, an error to retry). Pure.
import { aggregateMoneyText } from '../../close/format';
import { errorText } from '../../close/inert';
import { briefError } from '../../features/offline/offlineText';
import type { Aggregates, StatusType } from '../../close/types';
import { statusTypeMeaning } from '../../shared/filterDescription';
import { untranslated as english, type Translate } from '../../shared/text';
import type { TreeNode } from './treeNodes';
import { loadMoreLabel, opportunityCount, opportunityLabel, opportunityRowText, valueText, type OpportunityRow } from './rows';

/** A tree item's `accessibilityInformation`. */
export interface AccessibleName {
  label: string;
  role: 'treeitem' | 'button';
}

/** What the rows' names are written with, beyond the nodes themselves. */
export interface NameContext {
  locale?: string;
  t?: Translate;
  /** The organization's currency (aggregates carry none of their own). */
  currency?: string;
  /** The label learnt so far of a status id (for rows that came without one). */
  statusLabel?: (id: string) => string | undefined;
  /** The line the tooltip and the marker show for an opportunity that changed since the last look. */
  changeLine?: (id: string) => string | undefined;
  /** "Offline — as of 10:42" (or "as of 10:42 · refreshing" at start) while the tree shows the results kept for the filter. */
  offline?: string;
}

/** The status with its type when the label does not say it ("Churned (lost)"; "Won (Sales)" says it), as the icon's colour does. */
function statusWithType(label: string, type: StatusType | undefined, t: Translate): string {
  const said = label.trim().toLowerCase();
  return type && said !== type && !said.startsWith(`${type} (`) ? `${label} (${statusTypeMeaning(type, t)})` : label;
}

/**
 * The whole row for a screen reader: "Acme Corp, New since Tue 10:42, $12,000 annual, status Won, 75% confidence,
 * owner Alice Anders"; the change comes right after the name, as it is what a look at the tree is for.
 */
export function opportunityAccessibilityLabel(
  row: OpportunityRow,
  statusLabel?: string,
  locale?: string,
  t: Translate = english,
  marks: { change?: string; offline?: string; sameLead?: boolean } = {},
): string {
  // Starts as the row's label does: for one of a lead's several opportunities, that already says its value.
  const { label } = opportunityRowText(row, marks.sameLead ?? false, statusLabel, locale, t);
  const parts = [label];
  if (marks.change) parts.push(marks.change);
  const value = valueText(row, locale, t);
  if (value && label === opportunityLabel(row)) parts.push(value);
  const status = row.status_label ?? statusLabel;
  if (status) parts.push(t('status {0}', statusWithType(status, row.status_type, t)));
  if (typeof row.confidence === 'number') parts.push(t('{0}% confidence', row.confidence));
  if (row.user_name) parts.push(t('owner {0}', row.user_name));
  if (marks.offline) parts.push(marks.offline);
  return parts.join(', ');
}

/** "Demo (active), 12 opportunities, $1,200,000 annualized": a status group says its type, as its icon shows it. */
export function groupAccessibilityLabel(
  label: string,
  group: Aggregates,
  currency?: string,
  locale?: string,
  t: Translate = english,
  marks: { statusType?: StatusType; offline?: string } = {},
): string {
  const name = marks.statusType ? statusWithType(label, marks.statusType, t) : label;
  const text = t(
    '{0}, {1}, {2} annualized',
    name,
    opportunityCount(group.total_results, locale, t),
    aggregateMoneyText(group, 'total_value_annualized', currency, locale),
  );
  return marks.offline ? `${text}, ${marks.offline}` : text;
}

/** The accessible name of any node of the tree, as its TreeItem carries it. */
export function accessibleName(node: TreeNode, context: NameContext = {}): AccessibleName {
  const t = context.t ?? english;
  const locale = context.locale;
  switch (node.kind) {
    case 'opportunity': {
      const row = node.row;
      // Rows under a group were loaded from Close even when the groups are kept ones.
      const offline = node.parent ? undefined : context.offline;
      const label = opportunityAccessibilityLabel(row, row.status_label ?? context.statusLabel?.(row.status_id ?? ''), locale, t, {
        change: context.changeLine?.(row.id),
        offline,
        sameLead: node.list?.sharesLead(row),
      });
      return { label, role: 'treeitem' };
    }
    case 'group':
      return {
        label: groupAccessibilityLabel(node.label, node.summary, context.currency, locale, t, {
          statusType: node.field === 'status_id' ? (node.summary.status_type ?? undefined) : undefined,
          offline: context.offline,
        }),
        role: 'treeitem',
      };
    case 'loadMore': {
      const pager = node.list.pager;
      return pager.loading ? { label: t('Loading more…'), role: 'treeitem' } : { label: loadMoreLabel(pager.rows.length, pager.total, locale, t), role: 'button' };
    }
    case 'error': {
      const failed = t('Could not load: {0}', briefError(node.error, errorText(node.error)));
      return { label: `${failed}${/[.!?…]$/.test(failed) ? '' : '.'} ${t('Click to try again.')}`, role: 'button' };
    }
  }
}
