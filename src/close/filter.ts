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
