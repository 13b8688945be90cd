// The filter model as query parameters of `GET /opportunity/`, its validation and its description in words.
import type { OpportunityFilter } from './filter';

/**
 * The exact query parameters for a filter (and optionally a page). Pure.
 * One list element → `field=v`, several → `field__in=a,b`; date ranges → `field`, `field__gte`, …;
 * order → `_order_by=-date_updated`; group → `_group_by=-date_won__month`; fields → `_fields=a,b`;
 * `is_stalled` → `true`/`false`.
 */
export function toQueryParams(filter: OpportunityFilter, page?: { skip: number; limit: number }): URLSearchParams {
  void filter;
  void page;
  throw new Error('not implemented');
}

/**
 * Throws `FilterValidationError` (naming the field and, for enums, the accepted values) when the filter
 * cannot be sent: unknown enum members, dates that are not real ISO dates/datetimes, a start after an end,
 * empty ids.
 */
export function validateFilter(filter: OpportunityFilter): void {
  void filter;
  throw new Error('not implemented');
}

/**
 * The filter in words for `TreeView.description`, e.g. "Won · Alice Anders · won 2024-01-01 – 2024-03-31 · “acme”".
 * '' when nothing is filtered. Ids are shown by name when `names` knows them.
 */
export function describeFilter(
  filter: OpportunityFilter,
  names?: { users?: Map<string, string>; statuses?: Map<string, string> },
): string {
  void filter;
  void names;
  throw new Error('not implemented');
}
