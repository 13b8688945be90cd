// The query engine of the fake: `GET /opportunity/` (filters, search, order, groups, aggregates, `_fields` and
// paging), `GET /opportunity/{id}/` and the plain paged lists, as pure functions of a dataset and the raw query
// parameters. listRequest.ts reads the parameters, evaluate.ts finds, orders and groups the matches.
import type { Opportunity } from '../close/types';
import type { Dataset } from './dataset';
import { indexOf } from './datasetIndex';
import { errorResponse, type EngineResponse } from './engineResponse';
import { evaluate } from './evaluate';
import { parseList, type ParsedList } from './listRequest';
import { listParam, parsePaging, type QueryLimits } from './queryParams';

/** Only the requested fields of an opportunity, in the requested order (absent fields stay absent). */
export function project(o: Opportunity, fields: readonly string[] | undefined): Record<string, unknown> {
  if (fields === undefined) return o as unknown as Record<string, unknown>;
  const source = o as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fields) if (Object.prototype.hasOwnProperty.call(source, field)) out[field] = source[field];
  return out;
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
