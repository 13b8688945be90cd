// The groups of a grouped filter as tree nodes, each paging its own opportunities: by the group's own filter,
// or within the grouped query for the group the API cannot filter on. No 'vscode' here.
import type { CloseClient, GroupSummary } from '../../close/client';
import type { GroupBy, OpportunityFilter } from '../../close/filter';
import { filterForGroup, groupLabel } from '../../close/groups';
import { untranslated as english, type Translate } from '../../close/translate';
import { isPipelineGrouping, type GroupingField, type OpportunityGroup, type OpportunityGroupedResponse, type OpportunityListResponse } from '../../close/types';
import type { FetchPage, LoadToken } from './pager';
import { groupNodeId, ROW_FIELDS, toRow, type OpportunityRow } from './rows';
import { GroupNode } from './treeNodes';

export interface GroupNodesOptions {
  pageSize: number;
  /** The load the groups belong to: its signal aborts their pages. */
  token: LoadToken;
  /** A group's children changed (a page arrived or failed). */
  changed: (node: GroupNode) => void;
  /** Rows as they arrive. */
  onRows: (rows: readonly OpportunityRow[]) => void;
  /** `vscode.l10n.t`, for a group that comes without a label; default English. */
  translate?: Translate;
}

/** What a group pages its opportunities with (a client, or one still being made). */
export type OpportunityLister = Pick<CloseClient, 'listOpportunities'>;

/** A lister for groups shown before the client is made (kept ones at start): each page waits for it. */
export function lazyLister(client: () => Promise<CloseClient | undefined>, t: Translate = english): OpportunityLister {
  return {
    async listOpportunities(request, page, signal) {
      const made = await client();
      if (!made) throw new Error(t('Not connected to Close.'));
      return made.listOpportunities(request, page, signal);
    },
  };
}

/** The groups' nodes, in the order the groups came. */
export function groupNodes(
  client: OpportunityLister,
  filter: OpportunityFilter & { group_by: GroupBy },
  summaries: readonly GroupSummary[],
  options: GroupNodesOptions,
): GroupNode[] {
  const field = filter.group_by.field;
  const groups: GroupNode[] = [];
  const ids = new Set<string>();
  let offset = 0;
  for (const summary of summaries) {
    const id = groupNodeId(field, summary);
    // The undated group is listed last but read where the server keeps it (see undatedLast).
    const startsAt = summary.startsAt ?? offset;
    offset += summary.total_results;
    // One node per group even if a server repeated a key.
    if (ids.has(id)) continue;
    ids.add(id);
    const label = summary.label || groupLabel(summary, field, false, options.translate);
    const fetchPage = groupFetcher(client, filter, summary, field, startsAt, options.onRows);
    groups.push(new GroupNode(summary, field, label, fetchPage, options.pageSize, options.token.signal, options.changed));
  }
  return groups;
}

/** How one group's opportunities are paged: by its own filter, or within the grouped query for the no-date group. */
function groupFetcher(
  client: OpportunityLister,
  filter: OpportunityFilter & { group_by: GroupBy },
  summary: GroupSummary,
  field: GroupingField,
  startsAt: number,
  onRows: (rows: readonly OpportunityRow[]) => void,
): FetchPage {
  const own = filterForGroup(filter, summary, field);
  if (!own && isPipelineGrouping(field)) return () => Promise.resolve({ rows: [], hasMore: false, advancedBy: 0 });
  if (own) {
    const request: OpportunityFilter = { ...own, group_by: undefined, fields: [...ROW_FIELDS] };
    delete request.group_by;
    return async (skip, limit, signal) => {
      const response = (await client.listOpportunities(request, { skip, limit }, signal)) as OpportunityListResponse;
      const rows = response.data.map(toRow);
      onRows(rows);
      return { rows, hasMore: response.has_more, advancedBy: response.data.length };
    };
  }
  // The API cannot filter on a missing date_won: the group's objects are a contiguous run of the
  // grouped query's objects, starting after the groups before it.
  const request: OpportunityFilter = { ...filter, fields: [...ROW_FIELDS] };
  return async (skip, limit, signal) => {
    const response = (await client.listOpportunities(request, { skip: startsAt + skip, limit }, signal)) as OpportunityGroupedResponse;
    const groups = response.data;
    const mine = groups.filter((g: OpportunityGroup) => g.key === summary.key).flatMap((g) => g.objects);
    const advancedBy = groups.reduce((n, g) => n + g.objects.length, 0);
    const rows = mine.map(toRow);
    onRows(rows);
    return { rows, hasMore: response.has_more && mine.length > 0 && skip + advancedBy < summary.total_results, advancedBy };
  };
}
