// The groups of `_group_by`: by owner, or by date_won's year, quarter, month or ISO week. Keys are opaque
// strings: "2024" | "2024-03" | "2024-Q1" | "2024-W09" | the user id. Period groups sort ascending, owner groups
// by the owner's full name (then id). Opportunities without date_won form one group, key "none" with null
// period fields, that sorts after all others (evaluate.ts renames or omits it as QueryLimits.noDateGroup says).
import type { GroupField, Opportunity } from '../close/types';
import type { Dataset } from './dataset';
import type { Index } from './datasetIndex';
import { isoWeek, quarterOf } from './dates';

export interface Grouping {
  field: GroupField;
  descending: boolean;
}

export interface GroupInfo {
  key: string;
  /** Sorts groups ascending; the "none" group sorts after everything. */
  rank: string;
  header: Record<string, unknown>;
}

export interface PositionGroup {
  info: GroupInfo;
  /** Positions in dataset.opportunities. */
  positions: number[];
}

export const NONE_RANK = '\uffff';

/** Built on first use per dataset: the date_won group of each grouping and date. */
const dateGroupMemos = new WeakMap<Dataset, Map<string, GroupInfo>>();

/** The positions split into groups, in ascending group order; each group keeps the positions' order. */
export function groupPositions(dataset: Dataset, positions: readonly number[], field: GroupField, index: Index): PositionGroup[] {
  let dateGroups = dateGroupMemos.get(dataset);
  if (!dateGroups) dateGroupMemos.set(dataset, (dateGroups = new Map<string, GroupInfo>()));
  const opportunities = dataset.opportunities;
  const byKey = new Map<string, PositionGroup>();
  for (const i of positions) {
    const info = groupOf(opportunities[i], field, index, dateGroups);
    let group = byKey.get(info.key);
    if (!group) byKey.set(info.key, (group = { info, positions: [] }));
    group.positions.push(i);
  }
  return [...byKey.values()].sort((a, b) => (a.info.rank < b.info.rank ? -1 : a.info.rank > b.info.rank ? 1 : 0));
}

function groupOf(o: Opportunity, field: GroupField, index: Index, dateGroups: Map<string, GroupInfo>): GroupInfo {
  if (field === 'user_id') {
    const name = index.userNames.get(o.user_id) ?? o.user_name ?? '';
    return { key: o.user_id, rank: `${name.toLowerCase()}\u0000${o.user_id}`, header: { user_id: o.user_id, user_name: name } };
  }
  const won = o.date_won;
  const cacheKey = `${field}:${won}`;
  const known = dateGroups.get(cacheKey);
  if (known) return known;
  const info = dateGroupOf(won, field);
  dateGroups.set(cacheKey, info);
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
