// The filter form ↔ the shared filter. Pure: used by the extension when it posts the form and when the
// webview's Apply comes back. Filter fields the form does not show (lead_id, status_label, _fields, …) and
// date comparisons it cannot show exactly (gt, lt, eq) are kept as they were unless the user edits them.
import { DEFAULT_ORDER, type DateRange, type OpportunityFilter } from '../close/filter';
import { DATE_FIELDS, type DateRangeForm, type FilterForm, type StalledChoice } from '../webview/protocol';

function rangeForm(range: DateRange | undefined): DateRangeForm {
  if (!range) return { from: '', to: '' };
  return { from: range.gte ?? range.gt ?? range.eq ?? '', to: range.lte ?? range.lt ?? range.eq ?? '' };
}

function stalledChoice(value: boolean | undefined): StalledChoice {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return 'any';
}

/** The form showing a filter. */
export function formFromFilter(filter: OpportunityFilter): FilterForm {
  const order = filter.order_by ?? DEFAULT_ORDER;
  return {
    status_type: [...(filter.status_type ?? [])],
    status_id: [...(filter.status_id ?? [])],
    user_id: [...(filter.user_id ?? [])],
    value_period: [...(filter.value_period ?? [])],
    date_won: rangeForm(filter.date_won),
    date_created: rangeForm(filter.date_created),
    date_updated: rangeForm(filter.date_updated),
    query: filter.query ?? '',
    lead_saved_search_id: filter.lead_saved_search_id ?? '',
    is_stalled: stalledChoice(filter.is_stalled),
    order_by: { field: order.field, descending: order.descending },
    group_by: filter.group_by ? { field: filter.group_by.field, descending: filter.group_by.descending } : { field: '', descending: false },
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((value) => set.has(value));
}

/** An empty list means "no filter on this field". */
function listOrUndefined<T>(values: readonly T[]): T[] | undefined {
  return values.length > 0 ? [...values] : undefined;
}

function rangeFromForm(form: DateRangeForm): DateRange | undefined {
  const range: DateRange = {};
  if (form.from !== '') range.gte = form.from;
  if (form.to !== '') range.lte = form.to;
  return range.gte === undefined && range.lte === undefined ? undefined : range;
}

/**
 * The filter after the user applied `form` to `current`. A section the user left as it was shown keeps the
 * filter's own value (so `date_won.gt` stays `gt`); an edited section is replaced by what the form says.
 */
export function filterFromForm(current: OpportunityFilter, form: FilterForm): OpportunityFilter {
  const shown = formFromFilter(current);
  const next: OpportunityFilter = { ...current };
  const set = <K extends keyof OpportunityFilter>(key: K, value: OpportunityFilter[K] | undefined): void => {
    if (value === undefined) delete next[key];
    else next[key] = value;
  };

  if (!sameSet(shown.status_type, form.status_type)) set('status_type', listOrUndefined(form.status_type));
  if (!sameSet(shown.status_id, form.status_id)) set('status_id', listOrUndefined(form.status_id));
  if (!sameSet(shown.user_id, form.user_id)) set('user_id', listOrUndefined(form.user_id));
  if (!sameSet(shown.value_period, form.value_period)) set('value_period', listOrUndefined(form.value_period));
  for (const field of DATE_FIELDS) {
    if (shown[field].from !== form[field].from || shown[field].to !== form[field].to) set(field, rangeFromForm(form[field]));
  }
  const query = form.query.trim();
  if (shown.query.trim() !== query) set('query', query === '' ? undefined : query);
  if (shown.lead_saved_search_id !== form.lead_saved_search_id) {
    set('lead_saved_search_id', form.lead_saved_search_id === '' ? undefined : form.lead_saved_search_id);
  }
  if (shown.is_stalled !== form.is_stalled) set('is_stalled', form.is_stalled === 'any' ? undefined : form.is_stalled === 'yes');
  set('order_by', { field: form.order_by.field, descending: form.order_by.descending });
  set('group_by', form.group_by.field === '' ? undefined : { field: form.group_by.field, descending: form.group_by.descending });
  return next;
}
