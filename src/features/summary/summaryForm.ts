// The filter form ↔ the shared filter, field by field as declared (close/filterFields.ts FORM_FIELDS). Pure:
// used by the extension when it posts the form and when the webview's Apply comes back. Filter fields the
// form does not show (lead_id, _fields, …) and date comparisons no form says exactly (gt with lt, …) are kept
// as they were unless the user edits them.
import { DEFAULT_ORDER, dateFormOf, dateFormRange, type DateRange, type OpportunityFilter } from '../../close/filter';
import { FORM_FIELDS, type FilterField } from '../../close/filterFields';
import type { DateRangeForm, FieldFormValue, FilterForm, YesNoChoice } from './protocol';

type FormValue = FieldFormValue<FilterField['kind']>;

/** The form saying a range; a range no form says exactly (`gt` with `lt`, …) shows as between its ends. */
export function rangeForm(range: DateRange | undefined): DateRangeForm {
  if (!range || Object.values(range).every((value) => value === undefined || value === '')) return { form: 'any', from: '', to: '' };
  const said = dateFormOf(range);
  if (said) return { form: said.form, from: said.day, to: said.end ?? '' };
  return { form: 'between', from: range.gte ?? range.gt ?? range.eq ?? '', to: range.lte ?? range.lt ?? range.eq ?? '' };
}

function yesNoChoice(value: boolean | undefined): YesNoChoice {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return 'any';
}

/** A field's control showing its value in the filter. */
export function fieldForm(field: FilterField, filter: OpportunityFilter): FormValue {
  switch (field.kind) {
    case 'several':
      return [...(filter[field.key] ?? [])];
    case 'date':
      return rangeForm(filter[field.key]);
    case 'yesNo':
      return yesNoChoice(filter[field.key]);
    case 'one':
    case 'text':
    case 'id':
      return filter[field.key] ?? '';
  }
}

/** The form showing a filter. */
export function formFromFilter(filter: OpportunityFilter): FilterForm {
  const order = filter.order_by ?? DEFAULT_ORDER;
  return {
    ...Object.fromEntries(FORM_FIELDS.map((field) => [field.key, fieldForm(field, filter)])),
    order_by: { field: order.field, descending: order.descending },
    group_by: filter.group_by ? { field: filter.group_by.field, descending: filter.group_by.descending } : { field: '', descending: false },
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((value) => set.has(value));
}

function rangeFromForm(form: DateRangeForm): DateRange | undefined {
  return form.form === 'any' ? undefined : dateFormRange(form.form, form.from, form.form === 'between' ? form.to : '');
}

/** Whether the user changed a control from what it showed. */
function edited(field: FilterField, shown: FormValue, value: FormValue): boolean {
  switch (field.kind) {
    case 'several':
      return !sameSet(shown as string[], value as string[]);
    case 'date': {
      const [a, b] = [shown as DateRangeForm, value as DateRangeForm];
      return a.form !== b.form || a.from !== b.from || a.to !== b.to;
    }
    case 'text':
      return (shown as string).trim() !== (value as string).trim();
    case 'yesNo':
    case 'one':
    case 'id':
      return shown !== value;
  }
}

/** The filter's value for what a control says (undefined: no filter on the field). */
function fieldValue(field: FilterField, value: FormValue): unknown {
  switch (field.kind) {
    case 'several':
      return (value as string[]).length > 0 ? [...(value as string[])] : undefined;
    case 'date':
      return rangeFromForm(value as DateRangeForm);
    case 'yesNo':
      return value === 'any' ? undefined : value === 'yes';
    case 'text':
    case 'one':
    case 'id': {
      const text = field.kind === 'text' ? (value as string).trim() : (value as string);
      return text === '' ? undefined : text;
    }
  }
}

/**
 * The filter after the user applied `form` to `current`. A control the user left as it was shown keeps the
 * filter's own value (so `date_won.gt` stays `gt`); an edited control is replaced by what the form says.
 */
export function filterFromForm(current: OpportunityFilter, form: FilterForm): OpportunityFilter {
  const next: Record<string, unknown> = { ...current };
  for (const field of FORM_FIELDS) {
    const value = form[field.key];
    if (value === undefined || !edited(field, fieldForm(field, current), value)) continue;
    const chosen = fieldValue(field, value);
    if (chosen === undefined) delete next[field.key];
    else next[field.key] = chosen;
  }
  next.order_by = { field: form.order_by.field, descending: form.order_by.descending };
  if (form.group_by.field === '') delete next.group_by;
  else next.group_by = { field: form.group_by.field, descending: form.group_by.descending };
  return next;
}
