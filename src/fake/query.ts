// The query engine of `GET /opportunity/`: filters, search, order, groups, aggregates, `_fields` and paging,
// as pure functions of a dataset and the raw query parameters.
//
// Choices where Close is silent (documented in src/fake/README.md):
// - date_won is a calendar date. A datetime bound on it is reduced to its UTC calendar date.
// - date_created/date_updated are instants. A date-only bound means that date's start (00:00 UTC);
//   an exact date-only match (`date_created=2024-01-31`) means the whole UTC day. Datetimes without an
//   offset are UTC.
// - Without `_order_by` the order is `-date_updated`. Nulls sort last in both directions; ties by id ascending.
// - Grouping by date_won puts opportunities without date_won into one group with key "none" and null period
//   fields, last (first with `-`). Keys: "2024" | "2024-03" | "2024-Q1" | "2024-W09" | the user id.
// - Unknown query parameters are ignored; empty values (`user_id=`) mean "no filter".
import { GROUP_FIELDS, ORDER_FIELDS, STATUS_TYPES, VALUE_PERIODS, type GroupField, type Opportunity, type OrderField, type User, type ValuePeriod } from '../close/types';
import { DEFAULT_ORDER } from '../close/filter';
import type { Dataset, Lead } from './dataset';
import { isoWeek, parseDateValue, quarterOf, utcDate } from './dates';
import { formatAggregate } from './money';
import { LEAD_FIELDS, parseSearch, SearchSyntaxError, type SearchField, type SearchTerm } from './search';

export interface QueryLimits {
  /** Largest `_limit` accepted (default 200). */
  maxLimit?: number;
  /** Largest `_skip` accepted (default 250000). */
  maxSkip?: number;
  /**
   * How date groupings answer for opportunities without `date_won`: one group with this key (default
   * `"none"`, also `null` or `"None"`), or `'omit'`: left out of the groups (the aggregates still count them).
   */
  noDateGroup?: { key: string | null } | 'omit';
  /** The server's clock, for relative dates in searches (`date:yesterday`); default Date.now. */
  now?: () => number;
}

export const DEFAULT_MAX_LIMIT = 200;
export const DEFAULT_MAX_SKIP = 250_000;
export const DEFAULT_LIMIT = 100;

export interface EngineResponse {
  status: number;
  body: unknown;
}

/** A 4xx answer with Close's `{"error": "..."}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Per-dataset index: values parsed once, so each request only compares numbers and lower-case strings.

interface Index {
  createdMs: Float64Array;
  updatedMs: Float64Array;
  /** lead name, note and contact name, lower-cased, separated by NUL so phrases do not span fields. */
  text: string[];
  leads: Map<string, Lead>;
  byId: Map<string, number>;
  /** Full names of every user, active or not, by id. */
  userNames: Map<string, string>;
  savedSearchLeads: Map<string, { type: string; leads: Set<string> }>;
  /** Built on first use: sort keys per `_order_by` field, id order, date_won groups per grouping. */
  sortKeys: Map<OrderField, Float64Array>;
  idRank: Int32Array | undefined;
  dateGroups: Map<string, GroupInfo>;
  cache: Map<string, Evaluation>;
  cachedPositions: number;
}

const indexes = new WeakMap<Dataset, Index>();
/** Cached evaluations are bounded by count and by the positions they hold (4 bytes each). */
const CACHE_ENTRIES = 200;
const CACHE_POSITIONS = 4_000_000;

function fullName(user: User): string {
  return `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim();
}

function indexOf(dataset: Dataset): Index {
  let index = indexes.get(dataset);
  if (index) return index;
  const n = dataset.opportunities.length;
  const createdMs = new Float64Array(n);
  const updatedMs = new Float64Array(n);
  const text = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const o = dataset.opportunities[i];
    createdMs[i] = Date.parse(o.date_created);
    updatedMs[i] = Date.parse(o.date_updated);
    text[i] = `${o.lead_name ?? ''}\u0000${o.note ?? ''}\u0000${o.contact_name ?? ''}`.toLowerCase();
  }
  const userNames = new Map<string, string>();
  for (const user of [...(dataset.deactivatedUsers ?? []), ...dataset.users]) userNames.set(user.id, fullName(user));
  const savedSearchLeads = new Map<string, { type: string; leads: Set<string> }>();
  for (const search of dataset.savedSearches) {
    savedSearchLeads.set(search.id, { type: search.type, leads: new Set(search.matchingLeadIds ?? []) });
  }
  index = {
    createdMs,
    updatedMs,
    text,
    leads: new Map((dataset.leads ?? []).map((lead) => [lead.id, lead])),
    byId: new Map(dataset.opportunities.map((o, i) => [o.id, i])),
    userNames,
    savedSearchLeads,
    sortKeys: new Map(),
    idRank: undefined,
    dateGroups: new Map(),
    cache: new Map(),
    cachedPositions: 0,
  };
  indexes.set(dataset, index);
  return index;
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

type Predicate = (o: Opportunity, i: number) => boolean;

interface Order {
  field: OrderField;
  descending: boolean;
}

interface Grouping {
  field: GroupField;
  descending: boolean;
}

interface ParsedList {
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

const DATE_FIELDS = ['date_won', 'date_created', 'date_updated'] as const;
const DATE_OPERATORS = ['', '__gte', '__gt', '__lte', '__lt'] as const;
const PAGING_PARAMS = new Set(['_limit', '_skip', '_fields']);

/** The last non-empty value of a parameter (as Django's QueryDict does), or undefined. */
function param(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  const value = values.length > 0 ? values[values.length - 1] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const value = param(params, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

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

function nonNegativeInt(params: URLSearchParams, name: string, fallback: number): number {
  const value = param(params, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ApiError(400, `Invalid ${name}: '${value}' is not a non-negative integer.`);
  return Number(value);
}

/** `_limit`, `_skip` (with Close's caps) and `_fields`. */
function parsePaging(params: URLSearchParams, limits: QueryLimits): { limit: number; skip: number; fields: string[] | undefined } {
  const maxLimit = limits.maxLimit ?? DEFAULT_MAX_LIMIT;
  const maxSkip = limits.maxSkip ?? DEFAULT_MAX_SKIP;
  const limit = nonNegativeInt(params, '_limit', Math.min(DEFAULT_LIMIT, maxLimit));
  if (limit > maxLimit) {
    throw new ApiError(400, `The limit you set is larger than the maximum limit for this resource (max_limit = ${maxLimit}). Please use a smaller _limit.`);
  }
  const skip = nonNegativeInt(params, '_skip', 0);
  if (skip > maxSkip) {
    throw new ApiError(400, `The skip you set is larger than the maximum skip for this resource (max_skip = ${maxSkip}). Please refine your search query.`);
  }
  return { limit, skip, fields: listParam(params, '_fields') };
}

function parseList(dataset: Dataset, params: URLSearchParams, limits: QueryLimits): ParsedList {
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

function datePredicate(
  field: (typeof DATE_FIELDS)[number],
  operator: (typeof DATE_OPERATORS)[number],
  value: NonNullable<ReturnType<typeof parseDateValue>>,
  index: Index,
): Predicate {
  if (field === 'date_won') {
    // A calendar date compares as text (YYYY-MM-DD sorts chronologically).
    const bound = value.kind === 'date' ? value.date : utcDate(value.ms);
    const compare = (won: string | null, test: (c: number) => boolean): boolean => won !== null && test(won < bound ? -1 : won > bound ? 1 : 0);
    switch (operator) {
      case '':
        return (o) => compare(o.date_won, (c) => c === 0);
      case '__gte':
        return (o) => compare(o.date_won, (c) => c >= 0);
      case '__gt':
        return (o) => compare(o.date_won, (c) => c > 0);
      case '__lte':
        return (o) => compare(o.date_won, (c) => c <= 0);
      case '__lt':
        return (o) => compare(o.date_won, (c) => c < 0);
    }
  }
  const times = field === 'date_created' ? index.createdMs : index.updatedMs;
  if (operator === '') {
    if (value.kind === 'date') {
      const start = value.startMs;
      const end = start + 86_400_000;
      return (_o, i) => times[i] >= start && times[i] < end;
    }
    const exact = value.ms;
    return (_o, i) => times[i] === exact;
  }
  const bound = value.kind === 'date' ? value.startMs : value.ms;
  switch (operator) {
    case '__gte':
      return (_o, i) => times[i] >= bound;
    case '__gt':
      return (_o, i) => times[i] > bound;
    case '__lte':
      return (_o, i) => times[i] <= bound;
    case '__lt':
      return (_o, i) => times[i] < bound;
  }
}

function contains(haystack: string | null | undefined, needle: string): boolean {
  return haystack?.toLowerCase().includes(needle) ?? false;
}

/**
 * `status_change(old_status:… new_status:… date:…)`: the fake keeps no history, so a won or lost opportunity
 * changed once, from an active status to its own, on its `date_won` / `date_lost` (UTC day).
 */
function statusChangePredicate(term: Extract<SearchTerm, { kind: 'status_change' }>, dataset: Dataset, now: number): Predicate {
  const matchesStatus = (wanted: string, type: string, label: string | undefined): boolean => {
    const lower = wanted.toLowerCase();
    return lower === type || lower === (label ?? '').toLowerCase();
  };
  const activeLabels = new Set(dataset.statuses.filter((s) => s.type === 'active').map((s) => s.label.toLowerCase()));
  const day = term.date?.toLowerCase();
  const wantedDay = day === 'today' ? utcDate(now) : day === 'yesterday' ? utcDate(now - 86_400_000) : day;
  return (o) => {
    if (o.status_type !== 'won' && o.status_type !== 'lost') return false;
    const changed = o.status_type === 'won' ? o.date_won : o.date_lost ? utcDate(Date.parse(o.date_lost)) : null;
    if (!changed) return false;
    if (term.old_status !== undefined && term.old_status.toLowerCase() !== 'active' && !activeLabels.has(term.old_status.toLowerCase())) return false;
    if (term.new_status !== undefined && !matchesStatus(term.new_status, o.status_type, o.status_label)) return false;
    return wantedDay === undefined || changed === wantedDay;
  };
}

function searchPredicates(terms: SearchTerm[], index: Index, dataset: Dataset, now: number): Predicate[] {
  return terms.map((term): Predicate => {
    if (term.kind === 'status_change') return statusChangePredicate(term, dataset, now);
    const needle = term.value.toLowerCase();
    if (term.kind === 'text') return (_o, i) => index.text[i].includes(needle);
    switch (term.field) {
      case 'note':
        return (o) => contains(o.note, needle);
      case 'lead_name':
        return (o) => contains(o.lead_name, needle);
      case 'contact_name':
        return (o) => contains(o.contact_name, needle);
      case 'user_name':
        return (o) => contains(o.user_name, needle);
      case 'status_label':
        return (o) => (o.status_label ?? '').toLowerCase() === needle;
      case 'status_type':
        return (o) => o.status_type === needle;
      case 'pipeline_name':
        return (o) => (o.pipeline_name ?? '').toLowerCase() === needle;
      case 'value_period':
        return (o) => o.value_period === needle;
      case 'is_stalled':
        return (o) => (o.is_stalled === true) === (needle === 'true');
    }
  });
}

/** `lead_query` matches leads (their name and any of their contacts); an opportunity passes when its lead does. */
function leadPredicate(term: SearchTerm, index: Index): Predicate {
  if (term.kind === 'status_change') throw new ApiError(400, 'Invalid lead_query: status_change(…) is not a lead search term.');
  const needle = term.value.toLowerCase();
  const leadName = (o: Opportunity): string | null | undefined => index.leads.get(o.lead_id)?.name ?? o.lead_name;
  const contactNames = (o: Opportunity): string[] => {
    const lead = index.leads.get(o.lead_id);
    return lead ? lead.contacts.map((contact) => contact.name) : o.contact_name ? [o.contact_name] : [];
  };
  if (term.kind === 'field' && term.field === 'lead_name') return (o) => contains(leadName(o), needle);
  if (term.kind === 'field') return (o) => contactNames(o).some((name) => contains(name, needle));
  return (o) => contains(leadName(o), needle) || contactNames(o).some((name) => contains(name, needle));
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation: matching set, order, groups and aggregates (cached per dataset and cache key)

export type AggregateBody = Record<string, unknown> & { total_results: number; count_by_value_period: Partial<Record<ValuePeriod, number>> };

interface GroupSpan {
  header: Record<string, unknown>;
  start: number;
  end: number;
  aggregates: AggregateBody;
}

interface Evaluation {
  /** Positions in dataset.opportunities, in response order (groups concatenated). */
  order: Int32Array;
  aggregates: AggregateBody;
  groups: GroupSpan[] | undefined;
}

/** Aggregates over some opportunities, in cents, with `*_formatted` in the org currency (reference §1.3). */
export function aggregate(opportunities: readonly Opportunity[], positions: readonly number[], currency: string): AggregateBody {
  const counts: Partial<Record<ValuePeriod, number>> = {};
  const total = { one_time: 0, monthly: 0, annual: 0 };
  const expected = { one_time: 0, monthly: 0, annual: 0 };
  for (const position of positions) {
    const o = opportunities[position];
    const period = o.value_period;
    counts[period] = (counts[period] ?? 0) + 1;
    if (o.value === null || o.value === undefined) continue;
    total[period] += o.value;
    expected[period] += Math.round((o.value * (o.confidence ?? 0)) / 100);
  }
  const sums = {
    total_value_one_time: total.one_time,
    total_value_monthly: total.monthly,
    total_value_annual: total.annual,
    total_value_annualized: total.one_time + total.annual + 12 * total.monthly,
    expected_value_one_time: expected.one_time,
    expected_value_monthly: expected.monthly,
    expected_value_annual: expected.annual,
    expected_value_annualized: expected.one_time + expected.annual + 12 * expected.monthly,
  };
  const formatted: Record<string, string | null> = {};
  for (const [name, cents] of Object.entries(sums)) formatted[`${name}_formatted`] = formatAggregate(cents, currency);
  // Periods that occur, in Close's order (one_time, monthly, annual).
  const countByPeriod: Partial<Record<ValuePeriod, number>> = {};
  for (const period of VALUE_PERIODS) if (counts[period] !== undefined) countByPeriod[period] = counts[period];
  return { total_results: positions.length, count_by_value_period: countByPeriod, ...sums, ...formatted };
}

/** A sortable number per opportunity for one `_order_by` field; NaN stands for null. */
function sortKeys(dataset: Dataset, field: OrderField, index: Index): Float64Array {
  const known = index.sortKeys.get(field);
  if (known) return known;
  const opportunities = dataset.opportunities;
  const keys = new Float64Array(opportunities.length);
  const numeric = (value: number | null | undefined): number => value ?? NaN;
  if (field === 'user_name') {
    // Names rank by their lower-cased text.
    const names = [...new Set(opportunities.map((o) => (o.user_name ? o.user_name.toLowerCase() : '')))].sort();
    const rank = new Map(names.map((name, i) => [name, i]));
    for (let i = 0; i < opportunities.length; i++) {
      const name = opportunities[i].user_name;
      keys[i] = name ? rank.get(name.toLowerCase())! : NaN;
    }
  } else {
    for (let i = 0; i < opportunities.length; i++) {
      const o = opportunities[i];
      switch (field) {
        case 'date_won':
          keys[i] = o.date_won ? Date.parse(`${o.date_won}T00:00:00Z`) : NaN;
          break;
        case 'date_created':
          keys[i] = index.createdMs[i];
          break;
        case 'date_updated':
          keys[i] = index.updatedMs[i];
          break;
        case 'confidence':
          keys[i] = numeric(o.confidence);
          break;
        case 'value':
          keys[i] = numeric(o.value);
          break;
        case 'annualized_value':
          keys[i] = numeric(o.annualized_value);
          break;
        case 'annualized_expected_value':
          keys[i] = numeric(o.annualized_expected_value);
          break;
      }
    }
  }
  index.sortKeys.set(field, keys);
  return keys;
}

/** Each opportunity's position in id order, for a stable tie-break without comparing strings on every sort. */
function idRanks(dataset: Dataset, index: Index): Int32Array {
  if (index.idRank) return index.idRank;
  const ids = dataset.opportunities.map((o, i) => [o.id, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Int32Array(ids.length);
  ids.forEach(([, position], r) => (rank[position] = r));
  index.idRank = rank;
  return rank;
}

function sortPositions(dataset: Dataset, positions: number[], order: Order, index: Index): void {
  const keys = sortKeys(dataset, order.field, index);
  const ids = idRanks(dataset, index);
  const direction = order.descending ? -1 : 1;
  positions.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka !== kb) {
      const aNull = ka !== ka;
      const bNull = kb !== kb;
      if (aNull && !bNull) return 1; // nulls last, whatever the direction
      if (bNull && !aNull) return -1;
      if (!aNull) return ka < kb ? -direction : direction;
    }
    return ids[a] - ids[b];
  });
}

interface GroupInfo {
  key: string;
  /** Sorts groups ascending; the "none" group sorts after everything. */
  rank: string;
  header: Record<string, unknown>;
}

const NONE_RANK = '\uffff';

function groupOf(o: Opportunity, field: GroupField, index: Index): GroupInfo {
  if (field === 'user_id') {
    const name = index.userNames.get(o.user_id) ?? o.user_name ?? '';
    return { key: o.user_id, rank: `${name.toLowerCase()}\u0000${o.user_id}`, header: { user_id: o.user_id, user_name: name } };
  }
  const won = o.date_won;
  const cacheKey = `${field}:${won}`;
  const known = index.dateGroups.get(cacheKey);
  if (known) return known;
  const info = dateGroupOf(won, field);
  index.dateGroups.set(cacheKey, info);
  return info;
}

function dateGroupOf(won: string | null | undefined, field: Exclude<GroupField, 'user_id'>): GroupInfo {
  if (won === null || won === undefined) {
    const header: Record<string, unknown> =
      field === 'date_won__week'
        ? { weekyear: null, week: null }
        : field === 'date_won__month'
          ? { year: null, month: null }
          : field === 'date_won__quarter'
            ? { year: null, quarter: null }
            : { year: null };
    return { key: 'none', rank: NONE_RANK, header };
  }
  const year = Number(won.slice(0, 4));
  const month = Number(won.slice(5, 7));
  switch (field) {
    case 'date_won__year':
      return { key: `${year}`, rank: `${year}`, header: { year } };
    case 'date_won__month': {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      return { key, rank: key, header: { year, month } };
    }
    case 'date_won__quarter': {
      const quarter = quarterOf(month);
      const key = `${year}-Q${quarter}`;
      return { key, rank: key, header: { year, quarter } };
    }
    case 'date_won__week': {
      const { weekyear, week } = isoWeek(won);
      const key = `${weekyear}-W${String(week).padStart(2, '0')}`;
      return { key, rank: key, header: { weekyear, week } };
    }
  }
}

function evaluate(dataset: Dataset, parsed: ParsedList): Evaluation {
  const index = indexOf(dataset);
  const cached = index.cache.get(parsed.cacheKey);
  if (cached) {
    // Refresh its place in the LRU order.
    index.cache.delete(parsed.cacheKey);
    index.cache.set(parsed.cacheKey, cached);
    return cached;
  }
  const opportunities = dataset.opportunities;
  const matching: number[] = [];
  const predicates = parsed.predicates;
  outer: for (let i = 0; i < opportunities.length; i++) {
    const o = opportunities[i];
    for (const predicate of predicates) if (!predicate(o, i)) continue outer;
    matching.push(i);
  }
  const aggregates = aggregate(opportunities, matching, dataset.currency);
  let evaluation: Evaluation;
  if (parsed.group === undefined) {
    sortPositions(dataset, matching, parsed.order, index);
    evaluation = { order: Int32Array.from(matching), aggregates, groups: undefined };
  } else {
    const byKey = new Map<string, { info: GroupInfo; positions: number[] }>();
    for (const i of matching) {
      const info = groupOf(opportunities[i], parsed.group.field, index);
      let group = byKey.get(info.key);
      if (!group) byKey.set(info.key, (group = { info, positions: [] }));
      group.positions.push(i);
    }
    const groups = [...byKey.values()].sort((a, b) => (a.info.rank < b.info.rank ? -1 : a.info.rank > b.info.rank ? 1 : 0));
    if (parsed.group.descending) groups.reverse();
    const order: number[] = [];
    const spans: GroupSpan[] = [];
    for (const group of groups) {
      if (group.info.rank === NONE_RANK && parsed.noDate === 'omit') continue;
      sortPositions(dataset, group.positions, parsed.order, index);
      const start = order.length;
      for (const i of group.positions) order.push(i);
      const key = group.info.rank === NONE_RANK && parsed.noDate !== 'omit' ? parsed.noDate.key : group.info.key;
      spans.push({
        header: { key, ...group.info.header },
        start,
        end: order.length,
        aggregates: aggregate(opportunities, group.positions, dataset.currency),
      });
    }
    evaluation = { order: Int32Array.from(order), aggregates, groups: spans };
  }
  index.cache.set(parsed.cacheKey, evaluation);
  index.cachedPositions += evaluation.order.length;
  // Map iteration order is insertion order, so the first entry is the least recently used.
  while (index.cache.size > 1 && (index.cache.size > CACHE_ENTRIES || index.cachedPositions > CACHE_POSITIONS)) {
    const [oldestKey, oldest] = index.cache.entries().next().value!;
    index.cache.delete(oldestKey);
    index.cachedPositions -= oldest.order.length;
  }
  return evaluation;
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

/** Only the requested fields of an opportunity, in the requested order (absent fields stay absent). */
export function project(o: Opportunity, fields: readonly string[] | undefined): Record<string, unknown> {
  if (fields === undefined) return o as unknown as Record<string, unknown>;
  const source = o as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) if (Object.prototype.hasOwnProperty.call(source, field)) out[field] = source[field];
  return out;
}

function errorResponse(error: unknown): EngineResponse {
  if (error instanceof ApiError) return { status: error.status, body: { error: error.message } };
  throw error;
}

/** `GET /opportunity/` for the given query parameters. */
export function listOpportunities(dataset: Dataset, params: URLSearchParams, limits: QueryLimits = {}): EngineResponse {
  let parsed: ParsedList;
  try {
    parsed = parseList(dataset, params, limits);
  } catch (error) {
    return errorResponse(error);
  }
  const evaluation = evaluate(dataset, parsed);
  const { skip, limit, fields } = parsed;
  const end = Math.min(skip + limit, evaluation.order.length);
  const hasMore = skip + limit < evaluation.order.length;
  const objects = (from: number, to: number): Record<string, unknown>[] => {
    const out: Record<string, unknown>[] = [];
    for (let p = from; p < to; p++) out.push(project(dataset.opportunities[evaluation.order[p]], fields));
    return out;
  };
  let data: unknown[];
  if (evaluation.groups === undefined) {
    data = skip < end ? objects(skip, end) : [];
  } else {
    data = [];
    for (const group of evaluation.groups) {
      const from = Math.max(group.start, skip);
      const to = Math.min(group.end, end);
      if (from >= to) continue;
      data.push({ ...group.header, ...group.aggregates, objects: objects(from, to) });
    }
  }
  return { status: 200, body: { has_more: hasMore, ...evaluation.aggregates, data } };
}

/** The `_fields` list of a request, or undefined when absent or empty. */
export function fieldsParam(params: URLSearchParams): string[] | undefined {
  return listParam(params, '_fields');
}

/** `GET /opportunity/{id}/`. */
export function getOpportunity(dataset: Dataset, id: string, params: URLSearchParams): EngineResponse {
  const position = indexOf(dataset).byId.get(id);
  const opportunity = position === undefined ? undefined : dataset.opportunities[position];
  if (!opportunity) return { status: 404, body: { error: 'Empty query: Opportunity matching query does not exist.' } };
  return { status: 200, body: project(opportunity, listParam(params, '_fields')) };
}

/** A plain paged list (`/user/`, `/saved_search/`, …): `_limit`/`_skip`/`_fields`, `{data, has_more}`. */
export function listPage(items: readonly object[], params: URLSearchParams, limits: QueryLimits = {}): EngineResponse {
  try {
    const { limit, skip, fields } = parsePaging(params, limits);
    const data = items.slice(skip, skip + limit).map((item) => project(item as Opportunity, fields));
    return { status: 200, body: { has_more: skip + limit < items.length, data } };
  } catch (error) {
    return errorResponse(error);
  }
}
