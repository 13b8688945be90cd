// The filter in words, for the tree's description, the summary and saved filters.
import { DATE_FIELDS, type DateRange, type OpportunityFilter } from '../close/filter';
const STATUS_TYPE_WORDS: Record<string, string> = { active: 'Active', won: 'Won', lost: 'Lost' };
const VALUE_PERIOD_WORDS: Record<string, string> = { one_time: 'One-time', monthly: 'Monthly', annual: 'Annual' };
const DATE_WORDS: Record<(typeof DATE_FIELDS)[number], string> = { date_won: 'won', date_created: 'created', date_updated: 'updated' };

/**
 * The filter in words for `TreeView.description`, e.g. "Won · Alice Anders · won 2024-01-01 – 2024-03-31 · “acme”".
 * '' when nothing is filtered. Ids are shown by name when `names` knows them. Order and grouping are not
 * filters and are not described.
 */
export function describeFilter(
  filter: OpportunityFilter,
  names?: { users?: Map<string, string>; statuses?: Map<string, string>; savedSearches?: Map<string, string> },
): string {
  const parts: string[] = [];
  const list = (values: readonly string[] | undefined, word: (v: string) => string) => {
    if (values && values.length > 0) parts.push(values.map(word).join(', '));
  };
  list(filter.status_type, (v) => STATUS_TYPE_WORDS[v] ?? v);
  list(filter.status_id, (v) => names?.statuses?.get(v) ?? v);
  list(filter.status_label, (v) => v);
  list(filter.status, (v) => v);
  list(filter.user_id, (v) => names?.users?.get(v) ?? v);
  list(filter.value_period, (v) => VALUE_PERIOD_WORDS[v] ?? v);
  for (const field of DATE_FIELDS) {
    const text = describeRange(filter[field]);
    if (text) parts.push(`${DATE_WORDS[field]} ${text}`);
  }
  if (filter.is_stalled !== undefined) parts.push(filter.is_stalled ? 'Stalled' : 'Not stalled');
  if (filter.lead_saved_search_id) {
    const name = names?.savedSearches?.get(filter.lead_saved_search_id);
    parts.push(name ? `Smart View “${name}”` : `Smart View ${filter.lead_saved_search_id}`);
  }
  if (filter.lead_id) parts.push(`Lead ${filter.lead_id}`);
  if (filter.query) parts.push(`“${filter.query}”`);
  if (filter.lead_query) parts.push(`leads “${filter.lead_query}”`);
  return parts.join(' · ');
}

function describeRange(range: DateRange | undefined): string {
  if (!range) return '';
  if (range.eq) return `on ${range.eq}`;
  if (range.gte && range.lte) return `${range.gte} – ${range.lte}`;
  const words: string[] = [];
  if (range.gte) words.push(`from ${range.gte}`);
  if (range.gt) words.push(`after ${range.gt}`);
  if (range.lte) words.push(`until ${range.lte}`);
  if (range.lt) words.push(`before ${range.lt}`);
  return words.join(' ');
}
