// The routes of the fake's API (`GET /api/v1/...`): which resource a path names and its answer, from the
// dataset, the query engine and the Event Log. Pure apart from reading the data.
import type { Dataset } from './dataset';
import type { EngineResponse } from './engineResponse';
import { listEvents, type Evolution } from './evolve';
import { getOpportunity, listOpportunities, listPage, project } from './query';
import { fieldsParam, type QueryLimits } from './queryParams';

export const API_PREFIX = '/api/v1/';

/** werkzeug's 404 text, as Close answers for a path it does not know. */
export const NOT_FOUND_MESSAGE = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/**
 * `GET /event/`: 'admin' lists events with `data` and `previous_data`; 'forbidden' answers 403 and 'absent' 404,
 * as Close may for keys that cannot read the Event Log.
 */
export type EventLogAccess = 'admin' | 'forbidden' | 'absent';

/** Answers for the API routes; pure apart from reading the dataset. */
export function route(
  dataset: Dataset,
  path: string,
  params: URLSearchParams,
  limits: QueryLimits,
  evolution: Evolution,
  eventLog: EventLogAccess | undefined,
): EngineResponse {
  const parts = path
    .slice(API_PREFIX.length)
    .split('/')
    .filter((part) => part !== '');
  const one = <T extends { id: string }>(items: readonly T[], id: string, model: string, strip?: (item: T) => object): EngineResponse => {
    const item = items.find((candidate) => candidate.id === id);
    if (!item) return { status: 404, body: { error: `Empty query: ${model} matching query does not exist.` } };
    return { status: 200, body: project((strip ? strip(item) : item) as never, fieldsParam(params)) };
  };
  const publicSearch = ({ matchingLeadIds: _hidden, ...search }: Dataset['savedSearches'][number]): object => search;
  const [resource, second, third] = parts;
  switch (resource) {
    case 'opportunity':
      if (parts.length === 1) return listOpportunities(dataset, params, limits);
      if (parts.length === 2) return getOpportunity(dataset, second, params);
      break;
    case 'status':
      if (second !== 'opportunity') break;
      if (parts.length === 2) return listPage(dataset.statuses, params, limits);
      if (parts.length === 3) return one(dataset.statuses, third, 'OpportunityStatus');
      break;
    case 'pipeline':
      if (parts.length === 1) return listPage(dataset.pipelines, params, limits);
      if (parts.length === 2) return one(dataset.pipelines, second, 'Pipeline');
      break;
    case 'user':
      // Deactivated users own opportunities but are not members any more, so they are not listed.
      if (parts.length === 1) return listPage(dataset.users, params, limits);
      if (parts.length === 2) return one(dataset.users, second, 'User');
      break;
    case 'me':
      if (parts.length === 1) return { status: 200, body: project(dataset.me as never, fieldsParam(params)) };
      break;
    case 'saved_search': {
      if (parts.length === 2) return one(dataset.savedSearches, second, 'SavedSearch', publicSearch);
      if (parts.length !== 1) break;
      const types = (params.get('type__in') ?? params.get('type') ?? 'lead').split(',').filter(Boolean);
      return listPage(dataset.savedSearches.filter((search) => types.includes(search.type)).map(publicSearch), params, limits);
    }
    case 'organization':
      if (parts.length === 2) {
        const organization = { ...dataset.organization, currency: dataset.currency, pipelines: dataset.pipelines };
        return one([organization], second, 'Organization');
      }
      break;
    case 'event':
      if (parts.length !== 1) break;
      if (eventLog === 'forbidden') return { status: 403, body: { error: 'You do not have permission to access the event log.' } };
      if (eventLog === 'absent') break;
      return listEvents(evolution.log, params);
    case 'custom_field':
      if (second === 'opportunity' && parts.length === 2) return listPage(dataset.customFields, params, limits);
      break;
  }
  return { status: 404, body: { error: NOT_FOUND_MESSAGE } };
}
