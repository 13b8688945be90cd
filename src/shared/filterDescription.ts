// The filter in words, for the tree's description, the summary and saved filters.
import { DATE_FIELDS, type DateRange, type OpportunityFilter } from '../close/filter';
import type { StatusType, ValuePeriod } from '../close/types';
import { untranslated as english, type Translate } from './text';

/** "Won": a status type as a word of its own (a pick, a column, the filter in words). */
export function statusTypeWord(type: string, t: Translate): string {
  switch (type as StatusType) {
    case 'active':
      return t('Active');
    case 'won':
      return t('Won');
    case 'lost':
      return t('Lost');
    default:
      return type;
  }
}

/** "lost": what a status type means, after a custom status's label ("Churned (lost)"). */
export function statusTypeMeaning(type: string, t: Translate): string {
  switch (type as StatusType) {
    case 'active':
      return t('active');
    case 'won':
      return t('won');
    case 'lost':
      return t('lost');
    default:
      return type;
  }
}

/** "Monthly": a value period as a word of its own. */
export function valuePeriodWord(period: string, t: Translate): string {
  switch (period as ValuePeriod) {
    case 'one_time':
      return t('One-time');
    case 'monthly':
      return t('Monthly');
    case 'annual':
      return t('Annual');
    default:
      return period;
  }
}

/** "won 2024-01-01 – 2024-03-31", "created from 2024-01-01", "updated on 2024-05-02". */
function dateWords(field: (typeof DATE_FIELDS)[number], range: string, t: Translate): string {
  switch (field) {
    case 'date_won':
      return t('won {0}', range);
    case 'date_created':
      return t('created {0}', range);
    case 'date_updated':
      return t('updated {0}', range);
  }
}

/**
 * The filter in words for `TreeView.description`, e.g. "Won · Alice Anders · won 2024-01-01 – 2024-03-31 · “acme”".
 * '' when nothing is filtered. Ids are shown by name when `names` knows them. Order and grouping are not
 * filters and are not described.
 */
export function describeFilter(
  filter: OpportunityFilter,
  names?: { users?: Map<string, string>; statuses?: Map<string, string>; savedSearches?: Map<string, string> },
  t: Translate = english,
): string {
  const parts: string[] = [];
  const list = (values: readonly string[] | undefined, word: (v: string) => string) => {
    if (values && values.length > 0) parts.push(values.map(word).join(', '));
  };
  list(filter.status_type, (v) => statusTypeWord(v, t));
  list(filter.status_id, (v) => names?.statuses?.get(v) ?? v);
  list(filter.status_label, (v) => v);
  list(filter.status, (v) => v);
  list(filter.user_id, (v) => names?.users?.get(v) ?? v);
  list(filter.value_period, (v) => valuePeriodWord(v, t));
  for (const field of DATE_FIELDS) {
    const text = describeRange(filter[field], t);
    if (text) parts.push(dateWords(field, text, t));
  }
  if (filter.is_stalled !== undefined) parts.push(filter.is_stalled ? t('Stalled') : t('Not stalled'));
  if (filter.lead_saved_search_id) {
    const name = names?.savedSearches?.get(filter.lead_saved_search_id);
    parts.push(name ? t('Smart View “{0}”', name) : t('Smart View {0}', filter.lead_saved_search_id));
  }
  if (filter.lead_id) parts.push(t('Lead {0}', filter.lead_id));
  if (filter.query) parts.push(t('“{0}”', filter.query));
  if (filter.lead_query) parts.push(t('leads “{0}”', filter.lead_query));
  return parts.join(' · ');
}

function describeRange(range: DateRange | undefined, t: Translate): string {
  if (!range) return '';
  if (range.eq) return t('on {0}', range.eq);
  if (range.gte && range.lte) return `${range.gte} – ${range.lte}`;
  const words: string[] = [];
  if (range.gte) words.push(t('from {0}', range.gte));
  if (range.gt) words.push(t('after {0}', range.gt));
  if (range.lte) words.push(t('until {0}', range.lte));
  if (range.lt) words.push(t('before {0}', range.lt));
  return words.join(' ');
}
