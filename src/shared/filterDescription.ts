// The filter in words, for the tree's description, the summary and saved filters: each declared field
// (close/filterFields.ts) in its own words.
import type { DateRange, OpportunityFilter } from '../close/filter';
import { FILTER_FIELDS, fixedChoiceWord, type ChoiceSource, type FilterField } from '../close/filterFields';
import type { StatusType } from '../close/types';
import { untranslated as english, type Translate } from './text';

export { statusTypeWord, valuePeriodWord } from '../close/filterFields';

/** Names Close gave to ids the filter holds: users, statuses and Smart Views by id. */
export interface FilterNames {
  users?: ReadonlyMap<string, string>;
  statuses?: ReadonlyMap<string, string>;
  savedSearches?: ReadonlyMap<string, string>;
  /** Lead id → name, from the opportunities loaded (each carries its `lead_name`). */
  leads?: ReadonlyMap<string, string>;
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

function namesOf(source: ChoiceSource, names: FilterNames | undefined): ReadonlyMap<string, string> | undefined {
  if (source === 'users') return names?.users;
  if (source === 'statuses') return names?.statuses;
  if (source === 'smartViews') return names?.savedSearches;
  return undefined;
}

/** One field's value in words, '' when the filter does not set it. */
export function describeField(field: FilterField, filter: OpportunityFilter, t: Translate = english, names?: FilterNames): string {
  switch (field.kind) {
    case 'several': {
      const values = filter[field.key];
      if (!values || values.length === 0) return '';
      const known = namesOf(field.source, names);
      return values.map((value) => known?.get(value) ?? fixedChoiceWord(field.source, value, t)).join(', ');
    }
    case 'one': {
      const id = filter[field.key];
      if (!id) return '';
      const name = namesOf(field.source, names)?.get(id);
      return name ? field.named(t, name) : field.unnamed(t, id);
    }
    case 'text': {
      const value = filter[field.key];
      return value ? field.describe(t, value) : '';
    }
    case 'id': {
      const value = filter[field.key];
      if (!value) return '';
      const name = field.prefix === 'lead' ? names?.leads?.get(value) : undefined;
      return name && field.named ? field.named(t, name) : field.describe(t, value);
    }
    case 'yesNo': {
      const value = filter[field.key];
      return value === undefined ? '' : value ? field.describeYes(t) : field.describeNo(t);
    }
    case 'date': {
      const range = describeRange(filter[field.key], t);
      return range ? field.describe(t, range, filter) : '';
    }
  }
}

/**
 * The filter in words for `TreeView.description`, e.g. "Won · Alice Anders · won 2024-01-01 – 2024-03-31 · “acme”".
 * '' when nothing is filtered. Ids are shown by name when `names` knows them. Order and grouping are not
 * filters and are not described.
 */
export function describeFilter(filter: OpportunityFilter, names?: FilterNames, t: Translate = english): string {
  return FILTER_FIELDS.map((field) => describeField(field, filter, t, names))
    .filter((text) => text !== '')
    .join(' · ');
}

/** "2024-01-01 – 2024-03-31", "on 2024-05-02", "from 2024-01-01", "after 2024-01-01 before 2024-02-01". */
export function describeRange(range: DateRange | undefined, t: Translate = english): string {
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
