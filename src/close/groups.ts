// Groups of a `_group_by` response: labels, merging across pages, and the filter that lists one group.
import type { OpportunityFilter } from './filter';
import type { GroupField, Opportunity, OpportunityGroup } from './types';
import type { GroupSummary } from './client';

/** The fields a group is labelled from (its `key` is opaque). */
export type GroupLabelFields = Pick<
  OpportunityGroup,
  'key' | 'year' | 'month' | 'quarter' | 'weekyear' | 'week' | 'user_id' | 'user_name'
>;

/** "Alice Anders", "March 2026", "Q1 2026", "2026", "Week 9, 2026"; "No date won" / "No owner" for the empty group. */
export function groupLabel(group: GroupLabelFields, groupBy: GroupField): string {
  void group;
  void groupBy;
  throw new Error('not implemented');
}

/**
 * Merges the groups of successive pages (in server order) by their opaque `key`: a key never appears twice,
 * objects are concatenated in order, counts and aggregates are the server's (`total_results` of the group).
 */
export function mergeGroupPages<T = Opportunity>(pages: ReadonlyArray<ReadonlyArray<OpportunityGroup<T>>>): OpportunityGroup<T>[] {
  void pages;
  throw new Error('not implemented');
}

/**
 * The ungrouped filter that lists exactly one group's opportunities: `user_id`, or a `date_won` range
 * intersected with the filter's own `date_won` range. `undefined` for the no-date group (the API cannot
 * filter on a missing `date_won`) or when the intersection is empty.
 */
export function filterForGroup(
  filter: OpportunityFilter,
  group: GroupSummary | OpportunityGroup,
  groupBy: GroupField,
): OpportunityFilter | undefined {
  void filter;
  void group;
  void groupBy;
  throw new Error('not implemented');
}
