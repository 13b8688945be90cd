// The filter in words for a chat tool: each declared field as the tree's description says it, with its dates as
// a person says them ("closing in December 2026"). Pure: no 'vscode' here.
import type { OpportunityFilter } from '../close/filter';
import { FILTER_FIELDS } from '../close/filterFields';
import { describeField, type FilterNames } from '../shared/filterDescription';
import { untranslated as english, type Translate } from '../shared/text';
import { rangeWords } from './dateWords';

export function filterWords(filter: OpportunityFilter, names?: FilterNames, t: Translate = english, locale?: string): string {
  return FILTER_FIELDS.map((field) => {
    if (field.kind !== 'date') return describeField(field, filter, t, names);
    const range = filter[field.key];
    return range && Object.values(range).some((v) => v !== undefined && v !== '') ? field.describe(t, rangeWords(range, t, locale), filter) : '';
  })
    .filter((text) => text !== '')
    .join(' · ');
}
