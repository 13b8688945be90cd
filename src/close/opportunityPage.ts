// One page of opportunities, checked: the request (never for status or pipeline groups, which have no
// `_group_by`), a 404 that names a missing object of the filter, and the page's shape and ids. Also the checks
// every paging call makes before it sends anything.
import { CloseError, FilterValidationError, NotFoundError, PagingLimitError } from './errors';
import type { OpportunityFilter } from './filter';
import { badOpportunityIdField, isCloseId } from './ids';
import { toQueryParams, validateFilter } from './query';
import type { CallStats, Requester } from './request';
import type { SuccessBytes } from './retryPolicy';
import { idError, missingFilterError, shapeError } from './responseErrors';
import { type OpportunityGroup, type OpportunityGroupedResponse, type OpportunityListResponse, GROUP_FIELDS, isPipelineGrouping } from './types';

export type OpportunityPage = OpportunityListResponse | OpportunityGroupedResponse;

export const DEFAULT_PAGE_SIZE = 100;

/** validateFilter, with any echo of the key (pasted into the wrong box) taken out of the message. */
export function checkFilter(filter: OpportunityFilter, scrub: (text: string) => string): void {
  try {
    validateFilter(filter);
  } catch (error) {
    if (error instanceof FilterValidationError && scrub(error.message) !== error.message) {
      throw new FilterValidationError(error.field, scrub(error.message), error.accepted);
    }
    throw error;
  }
}

/** A `_skip` and `_limit` that are whole numbers ≥ 0, the `_skip` within the server's maximum. */
export function checkPage(page: { skip: number; limit: number }, maxSkip: number): void {
  if (!Number.isInteger(page.skip) || page.skip < 0) throw new CloseError('INVALID_PAGE', `The page start (_skip) must be a whole number ≥ 0, not ${page.skip}.`);
  if (!Number.isInteger(page.limit) || page.limit < 0) throw new CloseError('INVALID_PAGE', `The page size (_limit) must be a whole number ≥ 0, not ${page.limit}.`);
  if (page.skip > maxSkip) throw new PagingLimitError(maxSkip);
}

/** One page, plain or grouped depending on `filter.group_by`; a BadResponseError when it is not what Close sends. */
export async function opportunityPage(
  requests: Requester,
  filter: OpportunityFilter,
  page: { skip: number; limit: number },
  signal: AbortSignal | undefined,
  stats: CallStats,
): Promise<OpportunityPage> {
  checkGrouping(filter);
  try {
    return checkedPage(await requests.getJson<unknown>('opportunity/', toQueryParams(filter, page), signal, stats), filter);
  } catch (error) {
    throw error instanceof NotFoundError ? missingFilterError(error, filter) : error;
  }
}

/** `opportunityPage`, its body left as bytes until `readOpportunityPage` (a page waiting its turn holds no objects). */
export async function opportunityPageBytes(
  requests: Requester,
  filter: OpportunityFilter,
  page: { skip: number; limit: number },
  signal: AbortSignal | undefined,
  stats: CallStats,
): Promise<SuccessBytes> {
  checkGrouping(filter);
  try {
    return await requests.getBytes('opportunity/', toQueryParams(filter, page), signal, stats);
  } catch (error) {
    throw error instanceof NotFoundError ? missingFilterError(error, filter) : error;
  }
}

/** The page from `opportunityPageBytes`, parsed and checked. */
export function readOpportunityPage(requests: Requester, body: SuccessBytes, filter: OpportunityFilter): OpportunityPage {
  return checkedPage(requests.parseBytes(body), filter);
}

function checkGrouping(filter: OpportunityFilter): void {
  if (filter.group_by && isPipelineGrouping(filter.group_by.field)) {
    // No `_group_by` exists for them: the groups come from discoverGroups, their lists from filterForGroup.
    throw new FilterValidationError(
      'group_by',
      `group_by: ${filter.group_by.field} groups are listed one by one (discoverGroups, filterForGroup), not in one request.`,
      GROUP_FIELDS,
    );
  }
}

/** The body if it has the shape of a page with Close's ids, or a BadResponseError. */
function checkedPage(parsed: unknown, filter: OpportunityFilter): OpportunityPage {
  const body = parsed as OpportunityPage;
  const path = 'opportunity/';
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray(body.data) ||
    typeof body.total_results !== 'number' ||
    !Number.isFinite(body.total_results) ||
    body.total_results < 0
  ) {
    throw shapeError(path);
  }
  if (typeof body.has_more !== 'boolean') body.has_more = false;
  body.count_by_value_period ??= {};
  // Objects are deduplicated by id later: one without an id (unless `_fields` left it out) is a broken page.
  // Ids end up in tree ids, URLs and Markdown: one without Close's shape is a broken page too.
  const needsId = !filter.fields?.length || filter.fields.includes('id');
  const checkOpportunity = (item: unknown) => {
    if (typeof item !== 'object' || item === null) throw shapeError(path);
    const bad = badOpportunityIdField(item as Record<string, unknown>, !needsId);
    if (bad) throw idError(path, bad);
  };
  if (filter.group_by) {
    for (const group of body.data as OpportunityGroup[]) {
      if (typeof group !== 'object' || group === null) throw shapeError(path);
      if (group.user_id !== undefined && group.user_id !== null && !isCloseId(group.user_id, 'user')) throw idError(path, 'user_id');
      if (!Array.isArray(group.objects)) group.objects = [];
      group.objects.forEach(checkOpportunity);
    }
  } else {
    body.data.forEach(checkOpportunity);
  }
  return body;
}
