// The filter model as query parameters of `GET /opportunity/` and its validation (its description in words is
// ../views/filterDescription.ts).
import { FilterValidationError } from './errors';
import { parseIsoInstant } from './isoDates';
import type { DateRange, OpportunityFilter } from './filter';
import { FILTER_FIELDS, FIXED_CHOICES, type FilterField } from './filterFields';
import { GROUPING_FIELDS, ORDER_FIELDS, isPipelineGrouping } from './types';

const DATE_OPERATORS = ['eq', 'gte', 'gt', 'lte', 'lt'] as const;

/** The list's parameters that are no filter field (./filterFields.ts has those), and where each is set. */
export const NON_FILTER_PARAMS: Readonly<Record<string, string>> = {
  _limit: 'the page size: paging (./paging.ts) from closeOpportunities.pageSize, 0 for totals only',
  _skip: 'paging (./paging.ts): where the next page starts',
  _fields: "the opportunity fields a row needs (OpportunityFilter.fields, set by the tree's model)",
  _order_by: 'the sort order (OpportunityFilter.order_by): Sort By… and the form',
  _group_by: 'the grouping (OpportunityFilter.group_by): Group By… and the form',
};

/**
 * The exact query parameters for a filter (and optionally a page). Pure.
 * One list element → `field=v`, several → `field__in=a,b`; date ranges → `field`, `field__gte`, …;
 * order → `_order_by=-date_updated`; group → `_group_by=-date_won__month`; fields → `_fields=a,b`;
 * `is_stalled` → `true`/`false`. Empty lists and empty strings are left out. Status and pipeline groupings
 * have no `_group_by` (they are built from one request per status) and are not sent.
 */
export function toQueryParams(filter: OpportunityFilter, page?: { skip: number; limit: number }): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) writeField(field, filter, params);
  if (filter.order_by) params.set('_order_by', `${filter.order_by.descending ? '-' : ''}${filter.order_by.field}`);
  if (filter.group_by && !isPipelineGrouping(filter.group_by.field)) params.set('_group_by', `${filter.group_by.descending ? '-' : ''}${filter.group_by.field}`);
  if (filter.fields && filter.fields.length > 0) params.set('_fields', filter.fields.join(','));
  if (page) {
    params.set('_limit', String(page.limit));
    params.set('_skip', String(page.skip));
  }
  return params;
}

const DAY_ONLY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One field's parameters, as its kind writes them. */
function writeField(field: FilterField, filter: OpportunityFilter, params: URLSearchParams): void {
  const key = field.key;
  switch (field.kind) {
    case 'several': {
      const values = filter[field.key];
      if (!values || values.length === 0) return;
      if (values.length === 1) params.set(key, values[0]);
      else params.set(`${key}__in`, values.join(','));
      return;
    }
    case 'one':
    case 'text':
    case 'id': {
      const value = filter[field.key];
      if (value !== undefined && value !== '') params.set(key, value);
      return;
    }
    case 'yesNo': {
      const value = filter[field.key];
      if (value !== undefined) params.set(key, value ? 'true' : 'false');
      return;
    }
    case 'date': {
      const range = filter[field.key];
      if (!range) return;
      const bounds =
        field.compares === 'instant'
          ? datetimeBounds(range)
          : DATE_OPERATORS.filter((op) => range[op] !== undefined && range[op] !== '').map((op) => [op, range[op]!] as const);
      for (const [op, value] of bounds) params.set(op === 'eq' ? key : `${key}__${op}`, value);
      return;
    }
  }
}

/**
 * 00:00 of a calendar day (`2024-03-15`, plus `days`) in the extension host's local time zone, as an ISO
 * instant with that zone's offset on that day: `2024-03-15T00:00:00+01:00`. Daylight saving is the zone's.
 */
export function localDayStart(day: string, days = 0): string {
  const [, y, m, d] = DAY_ONLY_RE.exec(day)!.map(Number);
  const start = new Date(y, m - 1, d + days);
  // Years below 100 would be read as 19xx by the Date constructor.
  if (y < 100) start.setFullYear(y, m - 1, d + days);
  const offset = -start.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
  return (
    `${pad(start.getFullYear(), 4)}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T00:00:00` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

/**
 * The comparisons sent for a `date_created` / `date_updated` range. A date-only bound means a whole day of
 * the user's (local) calendar, so ranges include their last day: `lte` a day → `__lt` 00:00 of the next
 * day, `gte` → `__gte` 00:00 of that day, `gt` → `__gte` the next day, `lt` → `__lt` that day, `eq` → both.
 * Datetimes are sent as given. When two bounds land on one comparison the tighter one wins.
 */
export function datetimeBounds(range: DateRange): [op: 'eq' | 'gte' | 'gt' | 'lte' | 'lt', value: string][] {
  const out = new Map<'eq' | 'gte' | 'gt' | 'lte' | 'lt', string>();
  const put = (op: 'eq' | 'gte' | 'gt' | 'lte' | 'lt', value: string) => {
    const known = out.get(op);
    if (known !== undefined) {
      const [a, b] = [parseIsoInstant(known) ?? NaN, parseIsoInstant(value) ?? NaN];
      // A lower bound keeps the later instant, an upper bound the earlier one.
      const later = b > a;
      if ((op === 'gte' || op === 'gt') !== later) return;
    }
    out.set(op, value);
  };
  for (const op of DATE_OPERATORS) {
    const value = range[op];
    if (value === undefined || value === '') continue;
    if (!DAY_ONLY_RE.test(value)) {
      put(op, value);
      continue;
    }
    switch (op) {
      case 'eq':
        put('gte', localDayStart(value));
        put('lt', localDayStart(value, 1));
        break;
      case 'gte':
        put('gte', localDayStart(value));
        break;
      case 'gt':
        put('gte', localDayStart(value, 1));
        break;
      case 'lte':
        put('lt', localDayStart(value, 1));
        break;
      case 'lt':
        put('lt', localDayStart(value));
        break;
    }
  }
  return [...out.entries()];
}

/**
 * Throws `FilterValidationError` (naming the field and, for enums, the accepted values) when the filter
 * cannot be sent: unknown enum members, dates that are not real ISO dates/datetimes, a start after an end,
 * empty ids. Also checks the shape, since filters arrive from the webview as untrusted JSON.
 */
export function validateFilter(filter: OpportunityFilter): void {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new FilterValidationError('filter', 'The filter must be an object.');
  }
  for (const field of FILTER_FIELDS) checkField(field, (filter as Record<string, unknown>)[field.key]);
  if (filter.order_by !== undefined) {
    const { field, descending } = filter.order_by ?? ({} as Record<string, unknown>);
    if (!ORDER_FIELDS.includes(field)) {
      throw new FilterValidationError('order_by', `order_by: “${String(field)}” is not one of ${ORDER_FIELDS.join(', ')}.`, ORDER_FIELDS);
    }
    if (typeof descending !== 'boolean') throw new FilterValidationError('order_by', 'order_by.descending must be true or false.');
  }
  if (filter.group_by !== undefined) {
    const { field, descending } = filter.group_by ?? ({} as Record<string, unknown>);
    if (!GROUPING_FIELDS.includes(field)) {
      throw new FilterValidationError('group_by', `group_by: “${String(field)}” is not one of ${GROUPING_FIELDS.join(', ')}.`, GROUPING_FIELDS);
    }
    if (typeof descending !== 'boolean') throw new FilterValidationError('group_by', 'group_by.descending must be true or false.');
  }
  if (filter.fields !== undefined) {
    if (!Array.isArray(filter.fields)) throw new FilterValidationError('fields', 'fields must be a list of field names.');
    for (const name of filter.fields as unknown[]) {
      if (typeof name !== 'string' || !/^[A-Za-z0-9_.]+$/.test(name)) {
        throw new FilterValidationError('fields', `fields: “${String(name)}” is not a field name.`);
      }
    }
  }
}

/** Throws when one field's value cannot be sent; undefined is no filter. */
function checkField(field: FilterField, value: unknown): void {
  if (value === undefined) return;
  const key = field.key;
  switch (field.kind) {
    case 'several': {
      if (!Array.isArray(value)) throw new FilterValidationError(key, `${key} must be a list.`);
      const accepted = FIXED_CHOICES[field.source];
      for (const item of value as unknown[]) {
        if (typeof item !== 'string') throw new FilterValidationError(key, `${key} must be a list of text values.`, accepted);
        if (accepted && !accepted.includes(item)) {
          throw new FilterValidationError(key, `${key}: “${item}” is not one of ${accepted.join(', ')}.`, accepted);
        }
        if (field.ids) checkId(key, item);
        else if (item.trim() === '') throw new FilterValidationError(key, `${key}: a value is empty.`);
        else if (value.length > 1 && item.includes(',')) {
          throw new FilterValidationError(key, `${key}: “${item}” contains a comma, so it can only be filtered on alone.`);
        }
      }
      return;
    }
    case 'one':
    case 'id':
      if (typeof value !== 'string') throw new FilterValidationError(key, `${key} must be text.`);
      return checkId(key, value);
    case 'text':
      if (typeof value !== 'string') throw new FilterValidationError(key, `${key} must be text.`);
      return;
    case 'yesNo':
      if (typeof value !== 'boolean') throw new FilterValidationError(key, `${key} must be true or false.`, ['true', 'false']);
      return;
    case 'date':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FilterValidationError(key, `${key} must be a date range.`);
      return validateDateRange(key, value);
  }
}

function checkId(field: string, value: string): void {
  if (value.trim() === '') throw new FilterValidationError(field, `${field}: the id is empty.`);
  if (/[\s,]/.test(value)) throw new FilterValidationError(field, `${field}: “${value}” is not an id (it contains a space or a comma).`);
}

function validateDateRange(field: string, range: DateRange): void {
  const instants: Partial<Record<(typeof DATE_OPERATORS)[number], number>> = {};
  for (const [op, value] of Object.entries(range) as [string, unknown][]) {
    if (!(DATE_OPERATORS as readonly string[]).includes(op)) {
      throw new FilterValidationError(field, `${field}: “${op}” is not a comparison (use ${DATE_OPERATORS.join(', ')}).`, DATE_OPERATORS);
    }
    if (value === undefined) continue;
    const instant = typeof value === 'string' ? parseIsoInstant(value) : undefined;
    if (instant === undefined) {
      throw new FilterValidationError(
        field,
        `${field}: “${typeof value === 'string' ? value : JSON.stringify(value)}” is not a date (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with an optional offset).`,
      );
    }
    instants[op as (typeof DATE_OPERATORS)[number]] = instant;
  }
  const { gte, gt, lte, lt } = instants;
  const order = (ok: boolean, from: string, to: string) => {
    if (!ok) throw new FilterValidationError(field, `${field}: the end (${to}) is before the start (${from}).`);
  };
  if (gte !== undefined && lte !== undefined) order(gte <= lte, range.gte!, range.lte!);
  if (gte !== undefined && lt !== undefined) order(gte < lt, range.gte!, range.lt!);
  if (gt !== undefined && lte !== undefined) order(gt < lte, range.gt!, range.lte!);
  if (gt !== undefined && lt !== undefined) order(gt < lt, range.gt!, range.lt!);
}
