// Raw query parameters read as Close (Django) reads them: the last non-empty value, comma-separated lists, and
// the paging parameters `_limit` / `_skip` (with Close's caps) and `_fields`. A bad value throws a 400 ApiError.
import { ApiError } from './engineResponse';

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

/** The last non-empty value of a parameter (as Django's QueryDict does), or undefined. */
export function param(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  const value = values.length > 0 ? values[values.length - 1] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

export function listParam(params: URLSearchParams, name: string): string[] | undefined {
  const value = param(params, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

function nonNegativeInt(params: URLSearchParams, name: string, fallback: number): number {
  const value = param(params, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ApiError(400, `Invalid ${name}: '${value}' is not a non-negative integer.`);
  return Number(value);
}

/** `_limit`, `_skip` (with Close's caps) and `_fields`. */
export function parsePaging(params: URLSearchParams, limits: QueryLimits): { limit: number; skip: number; fields: string[] | undefined } {
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

/** The `_fields` list of a request, or undefined when absent or empty. */
export function fieldsParam(params: URLSearchParams): string[] | undefined {
  return listParam(params, '_fields');
}
