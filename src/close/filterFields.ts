// Every filter field of `GET /opportunity/`, declared once: its query names, its kind, where its choices come
// from, its words, and where it is offered. The query (./query.ts), its check, saved filters, the filter in
// words, the palette's Filter…, the summary's form and the chat tools' JSON schema all walk this list.
import type { OpportunityFilter } from './filter';
import type { Translate } from './translate';
import { STATUS_TYPES, VALUE_PERIODS, type StatusType, type ValuePeriod } from './types';

/**
 * several: any of a list (`field=a` or `field__in=a,b`); one: one of a list; date: a day or a time with
 * its comparisons (on, after, before, between); text: free text; yesNo: true or false; id: one id typed in.
 */
export type FieldKind = 'several' | 'one' | 'date' | 'text' | 'yesNo' | 'id';

/** Where a list's choices come from: fixed lists, or Close's statuses, users and Smart Views. */
export type ChoiceSource = 'statusTypes' | 'valuePeriods' | 'statuses' | 'statusLabels' | 'users' | 'smartViews';

/** The fixed choices; the other sources are asked of Close. */
export const FIXED_CHOICES: Partial<Record<ChoiceSource, readonly string[]>> = { statusTypes: STATUS_TYPES, valuePeriods: VALUE_PERIODS };

type Words = (t: Translate) => string;
type WordsOf = (t: Translate, value: string) => string;

interface Common {
  /** Every query parameter the field can write. */
  params: readonly string[];
  /** "Status": the item of the palette's Filter… and the name of the chat tools' property. */
  label: Words;
  /** What the field means, in English, for the chat tools' schema (a language model reads it). */
  about: string;
  /** Offered in the palette's Filter…, with this codicon. */
  palette?: { icon: string };
  /** Offered in the summary's form, under this label (sentence case, as the form's labels are). */
  form?: Words;
  /** Offered only when the organization has several pipelines (a status label says nothing more otherwise). */
  offered?: 'severalPipelines';
  /** Close deprecated the parameter: kept in saved filters and links, left out of the chat tools' schema. */
  deprecated?: true;
  /** Why neither the palette nor the form offers the field (English, as the README says it after the field's name). */
  notOffered?: string;
}

export type FilterField = Common &
  (
    | {
        kind: 'several';
        key: 'user_id' | 'status_id' | 'status_type' | 'status_label' | 'status' | 'value_period';
        source: ChoiceSource;
        /** The values are Close ids (no commas or spaces). */
        ids: boolean;
        /** The palette's pick: its title and placeholder. */
        title: Words;
        placeholder: Words;
      }
    | {
        kind: 'one';
        key: 'lead_saved_search_id';
        source: ChoiceSource;
        title: Words;
        placeholder: Words;
        /** The choice that clears the field ("No Smart View"). */
        none: Words;
        /** In the filter's words, by its name and, when the name is not known, by its id. */
        named: WordsOf;
        unnamed: WordsOf;
      }
    | {
        kind: 'date';
        key: 'date_won' | 'date_created' | 'date_updated';
        /** `day`: Close compares days (a date-only value is sent as given); `instant`: Close compares times, so a day is the user's whole day. */
        compares: 'day' | 'instant';
        /** "created {0}" with the range in words; the filter tells which words fit (an open deal's close date is expected). */
        describe: (t: Translate, range: string, filter: OpportunityFilter) => string;
      }
    | {
        kind: 'text';
        key: 'query' | 'lead_query';
        title: Words;
        prompt: Words;
        /** The hint in the palette's box (an example, not translated) and in the form's field. */
        example?: string;
        formPlaceholder?: Words;
        describe: WordsOf;
      }
    | {
        kind: 'id';
        key: 'lead_id' | 'organization_id';
        /** The kind of Close id the field takes; a pasted Close address holding one is read for it. */
        prefix: 'lead' | 'orga';
        title: Words;
        prompt: Words;
        /** The input box's message when the text is neither such an id nor an address holding one. */
        invalid: Words;
        describe: WordsOf;
        /** In the filter's words by its name, when the name is known (a lead's, from its opportunities). */
        named?: WordsOf;
      }
    | {
        kind: 'yesNo';
        key: 'is_stalled';
        title: Words;
        /** The palette's three choices and the filter's words for yes and no. */
        any: Words;
        yes: Words;
        no: Words;
        describeYes: Words;
        describeNo: Words;
      }
  );

export type FilterFieldKey = FilterField['key'];

/** The declaration that has key `K` (a kind's `key` is a union, so `Extract` would not find it). */
export type FieldOf<K extends FilterFieldKey> = FilterField extends infer F ? (F extends { key: infer Keys } ? (K extends Keys ? F : never) : never) : never;

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

/** "Expected close": what `date_won` is for an opportunity of this status type (Close keeps an open deal's expected close date there). */
export function closeDateWord(type: string | null | undefined, t: Translate): string {
  if (type === 'active') return t('Expected close');
  if (type === 'won') return t('Won');
  return t('Close date');
}

/** "closing {0}" for open deals only, "won {0}" for won ones only, "close date {0}" for the mix. */
function closeDateWords(types: readonly string[] | undefined, t: Translate): (range: string) => string {
  const only = types?.length === 1 ? types[0] : undefined;
  if (only === 'active') return (range) => t('closing {0}', range);
  if (only === 'won') return (range) => t('won {0}', range);
  return (range) => t('close date {0}', range);
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

/** A fixed choice in words ('' for sources asked of Close, whose names come with them). */
export function fixedChoiceWord(source: ChoiceSource, value: string, t: Translate): string {
  if (source === 'statusTypes') return statusTypeWord(value, t);
  if (source === 'valuePeriods') return valuePeriodWord(value, t);
  return value;
}

/** Close's own example of the `query` syntax (the list endpoint's documentation). */
export const SEARCH_EXAMPLE = 'status_change(old_status:active new_status:won date:yesterday)';

const listParams = (key: string) => [key, `${key}__in`] as const;
const dateParams = (key: string) => [key, `${key}__gte`, `${key}__gt`, `${key}__lte`, `${key}__lt`] as const;

/** In the order the filter is described in words and the form shows its controls. */
export const FILTER_FIELDS: readonly FilterField[] = [
  {
    key: 'status_type',
    kind: 'several',
    source: 'statusTypes',
    ids: false,
    params: listParams('status_type'),
    label: (t) => t('Status Type'),
    about: 'Status types to include: active, won or lost.',
    palette: { icon: 'pass' },
    form: (t) => t('Status type'),
    title: (t) => t('Filter by Status Type'),
    placeholder: (t) => t('Pick the status types to show'),
  },
  {
    key: 'status_id',
    kind: 'several',
    source: 'statuses',
    ids: true,
    params: listParams('status_id'),
    label: (t) => t('Status'),
    about: 'Ids of the opportunity statuses to include (stat_…), each belonging to one pipeline.',
    palette: { icon: 'circle-filled' },
    form: (t) => t('Status'),
    title: (t) => t('Filter by Status'),
    placeholder: (t) => t('Pick the statuses to show (none picked: every status)'),
  },
  {
    key: 'status_label',
    kind: 'several',
    source: 'statusLabels',
    ids: false,
    params: listParams('status_label'),
    label: (t) => t('Status Label'),
    about: 'Status names to include in any pipeline, e.g. "Won".',
    palette: { icon: 'tag' },
    form: (t) => t('Status label'),
    offered: 'severalPipelines',
    title: (t) => t('Filter by Status Label'),
    placeholder: (t) => t('Pick the status names to show, in any pipeline'),
  },
  {
    key: 'status',
    kind: 'several',
    source: 'statusLabels',
    ids: false,
    params: listParams('status'),
    label: (t) => t('Status Label'),
    about: 'Older name of status_label: status names to include in any pipeline.',
    deprecated: true,
    notOffered: 'an older name of status_label, offered instead; saved filters keep it.',
    title: (t) => t('Filter by Status Label'),
    placeholder: (t) => t('Pick the status names to show, in any pipeline'),
  },
  {
    key: 'user_id',
    kind: 'several',
    source: 'users',
    ids: true,
    params: listParams('user_id'),
    label: (t) => t('Owner'),
    about: 'Ids of the users (user_…) whose opportunities to include.',
    palette: { icon: 'person' },
    form: (t) => t('Owner'),
    title: (t) => t('Filter by Owner'),
    placeholder: (t) => t('Pick the owners whose opportunities to show (none picked: everyone)'),
  },
  {
    key: 'value_period',
    kind: 'several',
    source: 'valuePeriods',
    ids: false,
    params: listParams('value_period'),
    label: (t) => t('Value Period'),
    about: 'Value periods to include: one_time, monthly or annual.',
    palette: { icon: 'calendar' },
    form: (t) => t('Value period'),
    title: (t) => t('Filter by Value Period'),
    placeholder: (t) => t('Pick the value periods to show'),
  },
  {
    key: 'date_won',
    kind: 'date',
    compares: 'day',
    params: dateParams('date_won'),
    label: (t) => t('Close Date (Expected or Won)'),
    about: 'The close date: expected for active opportunities, the day won for won ones.',
    palette: { icon: 'calendar' },
    form: (t) => t('Close date (expected or won)'),
    describe: (t, range, filter) => closeDateWords(filter.status_type, t)(range),
  },
  {
    key: 'date_created',
    kind: 'date',
    compares: 'instant',
    params: dateParams('date_created'),
    label: (t) => t('Date Created'),
    about: 'When the opportunity was created; a day means the whole day in the user’s time zone.',
    palette: { icon: 'calendar' },
    form: (t) => t('Date created'),
    describe: (t, range) => t('created {0}', range),
  },
  {
    key: 'date_updated',
    kind: 'date',
    compares: 'instant',
    params: dateParams('date_updated'),
    label: (t) => t('Date Updated'),
    about: 'When the opportunity was last updated; a day means the whole day in the user’s time zone.',
    palette: { icon: 'calendar' },
    form: (t) => t('Date updated'),
    describe: (t, range) => t('updated {0}', range),
  },
  {
    key: 'is_stalled',
    kind: 'yesNo',
    params: ['is_stalled'],
    label: (t) => t('Stalled'),
    about: 'true: only stalled opportunities; false: only those not stalled.',
    palette: { icon: 'watch' },
    form: (t) => t('Stalled'),
    title: (t) => t('Filter by Stalled'),
    any: (t) => t('Stalled or not'),
    yes: (t) => t('Stalled only'),
    no: (t) => t('Not stalled'),
    describeYes: (t) => t('Stalled'),
    describeNo: (t) => t('Not stalled'),
  },
  {
    key: 'lead_saved_search_id',
    kind: 'one',
    source: 'smartViews',
    params: ['lead_saved_search_id'],
    label: (t) => t('Smart View'),
    about: 'Id of a lead Smart View (save_…): only the opportunities of its leads.',
    palette: { icon: 'list-filter' },
    form: (t) => t('Smart View'),
    title: (t) => t('Apply Smart View'),
    placeholder: (t) => t('Show the opportunities of the leads in a Smart View'),
    none: (t) => t('No Smart View'),
    named: (t, name) => t('Smart View “{0}”', name),
    unnamed: (t, id) => t('Smart View {0}', id),
  },
  {
    key: 'lead_id',
    kind: 'id',
    params: ['lead_id'],
    label: (t) => t('Lead'),
    prefix: 'lead',
    about: 'Id of a lead (lead_…): only its opportunities.',
    palette: { icon: 'account' },
    title: (t) => t('Filter by Lead'),
    prompt: (t) => t('A lead id (lead_…) or the address of the lead in Close. Leave empty for every lead.'),
    invalid: (t) => t('Paste a lead id (lead_…) or the address of a lead in Close (https://app.close.com/lead/lead_…/).'),
    describe: (t, id) => t('Lead {0}', id),
    named: (t, name) => t('Lead “{0}”', name),
  },
  {
    key: 'query',
    kind: 'text',
    params: ['query'],
    label: (t) => t('Search Text'),
    about: 'Close search text over opportunity properties, e.g. note:important or status_change(old_status:active new_status:won date:yesterday).',
    palette: { icon: 'search' },
    form: (t) => t('Search text'),
    title: (t) => t('Search Opportunities'),
    prompt: (t) => t('Text to search for, as in Close, e.g. note:important or {0}. Leave empty to stop searching.', SEARCH_EXAMPLE),
    example: SEARCH_EXAMPLE,
    formPlaceholder: (t) => t('e.g. note:important'),
    describe: (t, text) => t('“{0}”', text),
  },
  {
    key: 'lead_query',
    kind: 'text',
    params: ['lead_query'],
    label: (t) => t('Lead Search Text'),
    about: 'Deprecated by Close in favour of lead_saved_search_id: search text over the leads.',
    deprecated: true,
    notOffered: 'deprecated by Close in favour of Smart Views, offered instead; saved filters keep it.',
    title: (t) => t('Lead Search Text'),
    prompt: (t) => t('Lead Search Text'),
    describe: (t, text) => t('leads “{0}”', text),
  },
  {
    key: 'organization_id',
    kind: 'id',
    params: ['organization_id'],
    prefix: 'orga',
    label: (t) => t('Organization'),
    about: 'Id of the organization (orga_…); an API key belongs to one organization, so this is always that one.',
    notOffered: 'a key (or token) belongs to one organization, so every opportunity listed is of it already; saved filters keep it.',
    title: (t) => t('Organization'),
    prompt: (t) => t('Organization'),
    invalid: (t) => t('Paste an organization id (orga_…).'),
    describe: (t, id) => t('Organization {0}', id),
  },
];

/** The declaration of a field. */
export function filterField<K extends FilterFieldKey>(key: K): FieldOf<K> {
  return FILTER_FIELDS.find((field) => field.key === key) as FieldOf<K>;
}

/** The fields the summary's form shows, in its order. */
export const FORM_FIELDS: readonly FilterField[] = FILTER_FIELDS.filter((field) => field.form !== undefined);

/** What a saved filter keeps: every declared field, and the order and grouping. */
export const SAVED_FIELDS: readonly (keyof OpportunityFilter)[] = [...FILTER_FIELDS.map((field) => field.key), 'order_by', 'group_by'];
