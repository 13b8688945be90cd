// The filter model: every query parameter of `GET /opportunity/` (reference/list-opportunities.seed.txt).
// Turning it into query parameters and validating it are pure functions (./query.ts).
import type { GroupingField, OrderField, StatusType, ValuePeriod } from './types';

/** The filter's date fields. */
export const DATE_FIELDS = ['date_won', 'date_created', 'date_updated'] as const;

/** A date comparison on one field. Values are ISO dates (`2024-01-31`) or datetimes (`2024-01-31T10:00:00Z`). */
export interface DateRange {
  /** Exact match (`date_won=2024-03-14`). */
  eq?: string;
  gte?: string;
  gt?: string;
  lte?: string;
  lt?: string;
}

export interface OrderBy {
  field: OrderField;
  descending: boolean;
}

export interface GroupBy {
  /** Status and pipeline groupings are built from aggregate requests, never sent as `_group_by`. */
  field: GroupingField;
  /** `-` prefix: reverse group order (most recent weeks first). */
  descending: boolean;
}

/**
 * The filter the user has chosen. A single value and a list for one field are both sent as given:
 * one element → `field=value`, several → `field__in=a,b`.
 */
export interface OpportunityFilter {
  lead_id?: string;
  organization_id?: string;
  user_id?: string[];
  status_id?: string[];
  status_type?: StatusType[];
  status_label?: string[];
  /** Legacy `status` (label) parameter. */
  status?: string[];
  value_period?: ValuePeriod[];
  date_won?: DateRange;
  date_created?: DateRange;
  date_updated?: DateRange;
  query?: string;
  /** Deprecated by Close in favour of `lead_saved_search_id`. */
  lead_query?: string;
  lead_saved_search_id?: string;
  is_stalled?: boolean;
  order_by?: OrderBy;
  group_by?: GroupBy;
  /** `_fields`: restrict the returned opportunity fields. */
  fields?: string[];
}

export const DEFAULT_ORDER: OrderBy = { field: 'date_updated', descending: true };

/**
 * How a person says a date filter: on a day (that whole day), after a day (from the next day on), before a
 * day (up to the day before), or between two days (both included, either end open). The palette and the
 * summary's form both write and read a date filter through these; the query makes each day a whole day.
 */
export type DateForm = 'on' | 'after' | 'before' | 'between';
export const DATE_FORMS: readonly DateForm[] = ['on', 'after', 'before', 'between'];

/** The range a form writes (`eq`, `gt`, `lt`, or `gte`/`lte`), undefined when no day is given. */
export function dateFormRange(form: DateForm, day: string, end = ''): DateRange | undefined {
  const [first, last] = [day.trim(), end.trim()];
  if (form !== 'between') return first === '' ? undefined : form === 'on' ? { eq: first } : form === 'after' ? { gt: first } : { lt: first };
  const range: DateRange = {};
  if (first !== '') range.gte = first;
  if (last !== '') range.lte = last;
  return range.gte !== undefined || range.lte !== undefined ? range : undefined;
}

/** The form a range is exactly, with its day (and the end of a `between`); undefined when no form says it. */
export function dateFormOf(range: DateRange | undefined): { form: DateForm; day: string; end?: string } | undefined {
  if (!range) return undefined;
  const set = (Object.keys(range) as (keyof DateRange)[]).filter((op) => range[op] !== undefined && range[op] !== '');
  if (set.length === 0) return undefined;
  if (set.every((op) => op === 'gte' || op === 'lte')) return { form: 'between', day: range.gte ?? '', end: range.lte ?? '' };
  if (set.length !== 1) return undefined;
  const op = set[0];
  const form = op === 'eq' ? 'on' : op === 'gt' ? 'after' : op === 'lt' ? 'before' : undefined;
  return form && { form, day: range[op]! };
}
