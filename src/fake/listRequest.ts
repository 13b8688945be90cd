// Reads the parameters of `GET /opportunity/` into what the evaluation needs: the filters as predicates, the
// order, the grouping, the page and the cache key. Unknown parameters are ignored; empty values (`user_id=`)
// mean "no filter". Without `_order_by` the order is `-date_updated`.
import { GROUP_FIELDS, ORDER_FIELDS, STATUS_TYPES, VALUE_PERIODS, type GroupField, type OrderField } from '../close/types';
import { DEFAULT_ORDER } from '../close/filter';
import type { Dataset } from './dataset';
import { indexOf } from './datasetIndex';
import { parseDateValue, utcDate } from './dates';
import { ApiError } from './engineResponse';
import type { Grouping } from './groups';
import type { Order } from './order';
import { DATE_FIELDS, DATE_OPERATORS, datePredicate, leadPredicate, searchPredicates, type Predicate } from './predicates';
import { listParam, param, parsePaging, type QueryLimits } from './queryParams';
import { LEAD_FIELDS, parseSearch, SearchSyntaxError, type SearchField, type SearchTerm } from './search';

export interface ParsedList {
  predicates: Predicate[];
  order: Order;
  group: Grouping | undefined;
  limit: number;
  skip: number;
  fields: string[] | undefined;
  /** Everything that decides the matching set and its order (not paging or `_fields`). */
  cacheKey: string;
  noDate: NonNullable<QueryLimits['noDateGroup']>;
}

const PAGING_PARAMS = new Set(['_limit', '_skip', '_fields']);

/** `user_id=a` and `user_id__in=a,b`: each given form is one condition (both given: both must hold). */
function inConditions(params: URLSearchParams, name: string, allowed?: readonly string[]): Set<string>[] {
  const conditions: Set<string>[] = [];
  const single = param(params, name);
  const many = listParam(params, `${name}__in`);
  const check = (parameter: string, value: string): void => {
    if (allowed && !allowed.includes(value)) {
      throw new ApiError(400, `Invalid value for ${parameter}: '${value}'. Allowed values: ${allowed.join(', ')}.`);
    }
  };
  if (single !== undefined) {
    check(name, single);
    conditions.push(new Set([single]));
  }
  if (many !== undefined) {
    for (const value of many) check(`${name}__in`, value);
    conditions.push(new Set(many));
  }
  return conditions;
}

export function parseList(dataset: Dataset, params: URLSearchParams, limits: QueryLimits): ParsedList {
  const index = indexOf(dataset);
  const { limit, skip, fields } = parsePaging(params, limits);

  const predicates: Predicate[] = [];
  const equals = (name: 'lead_id' | 'organization_id'): void => {
    const value = param(params, name);
    if (value !== undefined) predicates.push((o) => o[name] === value);
  };
  equals('lead_id');
  equals('organization_id');
  for (const set of inConditions(params, 'user_id')) predicates.push((o) => set.has(o.user_id));
  for (const set of inConditions(params, 'status_id')) predicates.push((o) => set.has(o.status_id));
  for (const set of inConditions(params, 'status_type', STATUS_TYPES)) predicates.push((o) => set.has(o.status_type ?? ''));
  for (const set of inConditions(params, 'status_label')) predicates.push((o) => set.has(o.status_label ?? ''));
  for (const set of inConditions(params, 'status')) predicates.push((o) => set.has(o.status_label ?? ''));
  for (const set of inConditions(params, 'value_period', VALUE_PERIODS)) predicates.push((o) => set.has(o.value_period));

  for (const field of DATE_FIELDS) {
    for (const operator of DATE_OPERATORS) {
      const name = `${field}${operator}`;
      const raw = param(params, name);
      if (raw === undefined) continue;
      const value = parseDateValue(raw);
      if (value === undefined) {
        throw new ApiError(400, `Invalid date for ${name}: '${raw}'. Use YYYY-MM-DD or an ISO 8601 datetime such as 2024-01-31T10:00:00Z.`);
      }
      predicates.push(datePredicate(field, operator, value, index));
    }
  }

  const stalled = param(params, 'is_stalled');
  if (stalled !== undefined) {
    const lower = stalled.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      throw new ApiError(400, `Invalid value for is_stalled: '${stalled}'. Use true or false.`);
    }
    const wanted = lower === 'true';
    predicates.push((o) => (o.is_stalled === true) === wanted);
  }

  const query = param(params, 'query');
  if (query !== undefined) {
    predicates.push(...searchPredicates(parseOrReject('query', query), index, dataset, limits.now?.() ?? Date.now()));
  }
  const leadQuery = param(params, 'lead_query');
  if (leadQuery !== undefined) {
    const terms = parseOrReject('lead_query', leadQuery, LEAD_FIELDS);
    predicates.push(...terms.map((term) => leadPredicate(term, index)));
  }
  const savedSearchId = param(params, 'lead_saved_search_id');
  if (savedSearchId !== undefined) {
    const search = index.savedSearchLeads.get(savedSearchId);
    // A deleted (or never existing) Smart View: Django's "does not exist", as Close answers for a missing object.
    if (search === undefined) throw new ApiError(404, 'Empty query: SavedSearch matching query does not exist.');
    if (search.type !== 'lead') {
      throw new ApiError(400, `Invalid lead_saved_search_id: '${savedSearchId}' is a ${search.type} Smart View, not a lead Smart View.`);
    }
    predicates.push((o) => search.leads.has(o.lead_id));
  }

  const order = parseOrder(param(params, '_order_by'));
  const group = parseGroup(param(params, '_group_by'));

  const keyParts = [...params.entries()]
    .filter(([name, value]) => !PAGING_PARAMS.has(name) && value !== '')
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const noDate = limits.noDateGroup ?? { key: 'none' };
  // A relative day (`date:yesterday`) answers differently tomorrow.
  const today = query !== undefined && /status_change\(/i.test(query) ? utcDate(limits.now?.() ?? Date.now()) : '';
  const cacheKey = JSON.stringify([...keyParts, group ? noDate : '', today]);
  return { predicates, order, group, limit, skip, fields, cacheKey, noDate };
}

function parseOrReject(name: string, text: string, allowed?: ReadonlySet<SearchField>): SearchTerm[] {
  try {
    return parseSearch(text, allowed);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new ApiError(400, `Invalid ${name}: ${error.message}.`);
    throw error;
  }
}

function parseOrder(value: string | undefined): Order {
  if (value === undefined) return DEFAULT_ORDER;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  if (!(ORDER_FIELDS as readonly string[]).includes(field)) {
    throw new ApiError(400, `Invalid _order_by: '${value}'. Allowed fields (prefix - for descending): ${ORDER_FIELDS.join(', ')}.`);
  }
  return { field: field as OrderField, descending };
}

function parseGroup(value: string | undefined): Grouping | undefined {
  if (value === undefined) return undefined;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  if (!(GROUP_FIELDS as readonly string[]).includes(field)) {
    throw new ApiError(400, `Invalid _group_by: '${value}'. Allowed (prefix - to reverse the group order): ${GROUP_FIELDS.join(', ')}.`);
  }
  return { field: field as GroupField, descending };
}
