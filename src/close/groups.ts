// Groups of a `_group_by` response: labels, merging across pages, and the filter that lists one group.
import type { DateRange, OpportunityFilter } from './filter';
import type { GroupingField, Opportunity, OpportunityGroup, PipelineGroupFields } from './types';
import { untranslated as english, type Translate } from './translate';

/** A group without its objects, labelled for display. */
export interface GroupSummary extends Omit<OpportunityGroup, 'objects'>, PipelineGroupFields {
  label: string;
  /**
   * Where the group's objects start in the server's grouped query, when that is not where the groups listed
   * before it end: the undated group, listed last whatever place the server gives it.
   */
  startsAt?: number;
}

/** The fields a group is labelled from (its `key` is opaque). */
export type GroupLabelFields = Partial<Pick<OpportunityGroup, 'key' | 'year' | 'month' | 'quarter' | 'weekyear' | 'week' | 'user_id' | 'user_name'>> &
  PipelineGroupFields;

const isNumber = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** "March 2026": one message per month, so a translation can put the year where its language wants it. */
function monthLabel(month: number, year: number, t: Translate): string | undefined {
  switch (month) {
    case 1:
      return t('January {0}', year);
    case 2:
      return t('February {0}', year);
    case 3:
      return t('March {0}', year);
    case 4:
      return t('April {0}', year);
    case 5:
      return t('May {0}', year);
    case 6:
      return t('June {0}', year);
    case 7:
      return t('July {0}', year);
    case 8:
      return t('August {0}', year);
    case 9:
      return t('September {0}', year);
    case 10:
      return t('October {0}', year);
    case 11:
      return t('November {0}', year);
    case 12:
      return t('December {0}', year);
    default:
      return undefined;
  }
}

/**
 * "Alice Anders", "March 2026", "Q1 2026", "2026", "Week 9, 2026"; "No close date" / "No owner" for the empty
 * group; a status's label ("Demo Scheduled (Sales)" when `withPipeline`); a pipeline's name.
 */
export function groupLabel(group: GroupLabelFields, groupBy: GroupingField, withPipeline = false, t: Translate = english): string {
  switch (groupBy) {
    case 'status_id': {
      const label = group.status_label?.trim() || group.status_id || t('No status');
      const pipeline = group.pipeline_name?.trim();
      return withPipeline && pipeline ? `${label} (${pipeline})` : label;
    }
    case 'pipeline_id':
      return group.pipeline_name?.trim() || group.pipeline_id || t('No pipeline');
    case 'user_id':
      return group.user_name?.trim() || group.user_id || t('No owner');
    case 'date_won__year':
      return isNumber(group.year) ? String(group.year) : t('No close date');
    case 'date_won__quarter':
      return isNumber(group.year) && isNumber(group.quarter) ? t('Q{0} {1}', group.quarter, group.year) : t('No close date');
    case 'date_won__month':
      return (isNumber(group.year) && isNumber(group.month) && monthLabel(group.month, group.year, t)) || t('No close date');
    case 'date_won__week':
      return isNumber(group.weekyear) && isNumber(group.week) ? t('Week {0}, {1}', group.week, group.weekyear) : t('No close date');
  }
}

/** True for the group of opportunities without a `date_won` (when grouping by a date). */
export function isNoDateGroup(group: GroupLabelFields, groupBy: GroupingField): boolean {
  if (groupBy === 'user_id' || groupBy === 'status_id' || groupBy === 'pipeline_id') return false;
  return groupBy === 'date_won__week' ? !isNumber(group.weekyear) : !isNumber(group.year);
}

/**
 * The groups in the server's order, but the undated one last in both directions (it is no period, so neither
 * the earliest nor the latest). It keeps where its objects start in the server's grouped query (`startsAt`):
 * the API cannot filter on a missing date, so its opportunities are listed from there.
 */
export function undatedLast(groups: readonly GroupSummary[], groupBy: GroupingField): GroupSummary[] {
  const dated: GroupSummary[] = [];
  let undated: GroupSummary | undefined;
  let offset = 0;
  for (const group of groups) {
    if (!undated && isNoDateGroup(group, groupBy)) undated = { ...group, startsAt: group.startsAt ?? offset };
    else dated.push(group);
    offset += group.total_results;
  }
  return undated ? [...dated, undated] : dated;
}

/**
 * Merges the groups of successive pages (in server order) by their opaque `key`: a key never appears twice,
 * objects are concatenated in order (an object already seen is not repeated), counts and aggregates are the
 * server's (the group's own `total_results`, not the number of objects loaded).
 */
export function mergeGroupPages<T extends { id: string } = Opportunity>(pages: readonly (readonly OpportunityGroup<T>[])[]): OpportunityGroup<T>[] {
  const byKey = new Map<string | null, OpportunityGroup<T>>();
  const seen = new Set<string>();
  for (const page of pages) {
    for (const group of page) {
      let merged = byKey.get(group.key);
      if (!merged) {
        merged = { ...group, objects: [] };
        byKey.set(group.key, merged);
      }
      for (const object of group.objects ?? []) {
        if (typeof object.id === 'string') {
          if (seen.has(object.id)) continue;
          seen.add(object.id);
        }
        merged.objects.push(object);
      }
    }
  }
  return [...byKey.values()];
}

/** Date.UTC for every year: Date.UTC itself reads the years 0 to 99 as 1900 to 1999. */
function utc(year: number, month: number, date: number): number {
  const at = new Date(0);
  at.setUTCFullYear(year, month, date);
  return at.getTime();
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first and last day (`YYYY-MM-DD`) of a date group's period; undefined for the no-date group. */
export function groupPeriod(group: GroupLabelFields, groupBy: GroupingField): { first: string; last: string } | undefined {
  const { year, month, quarter, weekyear, week } = group;
  switch (groupBy) {
    case 'user_id':
    case 'status_id':
    case 'pipeline_id':
      return undefined;
    case 'date_won__year':
      return isNumber(year) ? { first: day(utc(year, 0, 1)), last: day(utc(year, 11, 31)) } : undefined;
    case 'date_won__quarter':
      return isNumber(year) && isNumber(quarter) ? { first: day(utc(year, (quarter - 1) * 3, 1)), last: day(utc(year, quarter * 3, 0)) } : undefined;
    case 'date_won__month':
      return isNumber(year) && isNumber(month) ? { first: day(utc(year, month - 1, 1)), last: day(utc(year, month, 0)) } : undefined;
    case 'date_won__week': {
      if (!isNumber(weekyear) || !isNumber(week)) return undefined;
      const monday = isoWeekMonday(weekyear, week);
      return { first: day(monday), last: day(monday + 6 * 86_400_000) };
    }
  }
}

/** Monday of ISO week `week` of ISO year `weekyear`, as UTC ms (week 1 holds January 4th). */
export function isoWeekMonday(weekyear: number, week: number): number {
  const jan4 = utc(weekyear, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - jan4Weekday * 86_400_000 + (week - 1) * 7 * 86_400_000;
}

/** The ISO week (`weekyear`, `week`) a UTC day falls in. */
export function isoWeekOf(ms: number): { weekyear: number; week: number } {
  const date = new Date(ms);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday + 3);
  const weekyear = new Date(thursday).getUTCFullYear();
  return { weekyear, week: 1 + Math.floor((thursday - utc(weekyear, 0, 1)) / (7 * 86_400_000)) };
}

/**
 * Intersects a `date_won` range of the user's filter with one period. Comparisons are on the ISO text, which
 * orders dates and same-offset datetimes correctly (`2024-03-01` sorts before `2024-03-01T10:00`).
 * Undefined when nothing can match.
 */
export function intersectDateRange(range: DateRange | undefined, first: string, last: string): DateRange | undefined {
  if (range?.eq !== undefined) {
    const eqDay = range.eq.slice(0, 10);
    return eqDay >= first && eqDay <= last ? { eq: range.eq } : undefined;
  }
  const result: DateRange = {};
  if (range?.gt !== undefined && range.gt >= first) result.gt = range.gt;
  else if (range?.gte !== undefined && range.gte > first) result.gte = range.gte;
  else result.gte = first;
  if (range?.lt !== undefined && range.lt <= last) result.lt = range.lt;
  else if (range?.lte !== undefined && range.lte < last) result.lte = range.lte;
  else result.lte = last;
  const low = result.gt ?? result.gte!;
  const high = result.lt ?? result.lte!;
  const strict = result.gt !== undefined || result.lt !== undefined;
  if (strict ? low >= high : low > high) return undefined;
  return result;
}

/**
 * The ungrouped filter that lists exactly one group's opportunities: `user_id`; the group's statuses
 * (`status_id`, a pipeline's as `status_id__in`, already narrowed to those the filter allows); or a
 * `date_won` range intersected with the filter's own `date_won` range. `undefined` for the no-date group
 * (the API cannot filter on a missing `date_won`) or when the intersection is empty.
 */
export function filterForGroup(filter: OpportunityFilter, group: GroupSummary | OpportunityGroup, groupBy: GroupingField): OpportunityFilter | undefined {
  const { group_by: _grouping, ...ungrouped } = filter;
  void _grouping;
  if (groupBy === 'status_id' || groupBy === 'pipeline_id') {
    const ids = (group as GroupSummary).status_ids;
    return ids && ids.length > 0 ? { ...ungrouped, status_id: [...ids] } : undefined;
  }
  if (groupBy === 'user_id') {
    const userId = group.user_id ?? undefined;
    return userId ? { ...ungrouped, user_id: [userId] } : undefined;
  }
  const period = groupPeriod(group, groupBy);
  if (!period) return undefined;
  const range = intersectDateRange(filter.date_won, period.first, period.last);
  return range ? { ...ungrouped, date_won: range } : undefined;
}
