// The filter form of the webview: built from the form values and the choices, read back on Apply.
import { GROUPING_FIELDS, ORDER_FIELDS, STATUS_TYPES, VALUE_PERIODS, type GroupingField, type OrderField, type StatusType, type ValuePeriod } from '../close/types';
import { dateRangeProblem } from './dates';
import { h } from './dom';
import { DATE_FIELDS, type Choice, type DateField, type FilterChoices, type FilterForm, type WebviewStrings } from './protocol';

/** The toolkit elements' properties we read (they are custom elements, not typed by the DOM library). */
type ValueElement = HTMLElement & { value: string };
type CheckElement = HTMLElement & { checked: boolean };

const DATE_LABEL: Record<DateField, 'dateWon' | 'dateCreated' | 'dateUpdated'> = {
  date_won: 'dateWon',
  date_created: 'dateCreated',
  date_updated: 'dateUpdated',
};
const PERIOD_LABEL: Record<ValuePeriod, 'oneTime' | 'monthly' | 'annual'> = { one_time: 'oneTime', monthly: 'monthly', annual: 'annual' };

/** A labelled group of checkboxes, one per choice, `name` identifying the field. */
function checkList(name: string, legend: string, choices: readonly Choice[], checked: readonly string[], s: WebviewStrings, scroll = false): HTMLElement {
  const selected = new Set(checked);
  // A filter may name ids the lists do not know (yet): show them so Apply does not drop them silently.
  const all = [...choices, ...checked.filter((id) => !choices.some((c) => c.id === id)).map((id) => ({ id, label: id }))];
  const boxes = all.map((choice) => h('vscode-checkbox', { 'data-field': name, 'data-value': choice.id, checked: selected.has(choice.id) }, choice.label));
  return h(
    'fieldset',
    { class: scroll ? 'check-list scroll' : 'check-list', 'data-testid': `field-${name}` },
    h('legend', {}, legend),
    ...(boxes.length > 0 ? boxes : [h('p', { class: 'muted' }, s.noChoices)]),
  );
}

/**
 * What an option meaning "none" ('' in the form) carries as its value. The toolkit's dropdown picks the
 * first option whose value equals its own initial value, '', before looking at `selected`: an option
 * with value '' would always win, so "Not grouped" showed while grouped and Apply dropped the grouping.
 */
const NO_VALUE = '-';

/** A dropdown with a visible label; `options` are [value, text]. */
function dropdown(id: string, label: string, options: readonly (readonly [string, string])[], value: string): HTMLElement {
  const labelId = `${id}-label`;
  const known = options.some(([v]) => v === value) ? options : [...options, [value, value] as const];
  return h(
    'div',
    { class: 'field' },
    h('label', { id: labelId, for: id }, label),
    // No forced position: the list opens above when there is no room below (the bottom of the view).
    h(
      'vscode-dropdown',
      { id, 'aria-labelledby': labelId },
      ...known.map(([v, text]) => h('vscode-option', { value: v === '' ? NO_VALUE : v, selected: v === value }, text)),
    ),
  );
}

function dateRange(field: DateField, form: FilterForm, s: WebviewStrings): HTMLElement {
  const legend = s[DATE_LABEL[field]];
  const errorId = `${field}-error`;
  const dateBox = (end: 'from' | 'to') =>
    h(
      'vscode-text-field',
      {
        id: `${field}-${end}`,
        value: form[field][end],
        placeholder: s.datePlaceholder,
        maxlength: 40,
        size: 12,
        'aria-label': `${legend} ${s[end]}`,
        'aria-describedby': errorId,
      },
      s[end],
    );
  return h(
    'fieldset',
    { class: 'date-range', 'data-testid': `field-${field}` },
    h('legend', {}, legend),
    // The accessible name says which range ("Date won From"): every range has a From and a To.
    dateBox('from'),
    dateBox('to'),
    h('p', { id: errorId, class: 'field-error', role: 'alert' }),
  );
}

function directionDropdown(id: string, descending: boolean, s: WebviewStrings): HTMLElement {
  return dropdown(
    id,
    s.direction,
    [
      ['asc', s.ascending],
      ['desc', s.descending],
    ],
    descending ? 'desc' : 'asc',
  );
}

/** The whole form. Controls have stable ids so focus can be restored after a rebuild. */
export function buildForm(form: FilterForm, choices: FilterChoices, s: WebviewStrings): HTMLElement {
  const statusChoices = choices.statuses.map((c) => ({ id: c.id, label: c.pipeline ? `${c.label} (${c.pipeline})` : c.label }));
  const stalled = h(
    'vscode-radio-group',
    { id: 'is_stalled', orientation: 'horizontal' },
    h('label', { slot: 'label' }, s.stalled),
    ...(
      [
        ['any', s.any],
        ['yes', s.yes],
        ['no', s.no],
      ] as const
    ).map(([value, text]) => h('vscode-radio', { value, checked: form.is_stalled === value }, text)),
  );
  return h(
    'form',
    { id: 'filter-form', novalidate: true },
    checkList(
      'status_type',
      s.statusType,
      STATUS_TYPES.map((t) => ({ id: t, label: s[t] })),
      form.status_type,
      s,
    ),
    checkList('status_id', s.status, statusChoices, form.status_id, s, true),
    checkList('user_id', s.owner, choices.users, form.user_id, s, true),
    checkList(
      'value_period',
      s.valuePeriod,
      VALUE_PERIODS.map((p) => ({ id: p, label: s[PERIOD_LABEL[p]] })),
      form.value_period,
      s,
    ),
    ...DATE_FIELDS.map((field) => dateRange(field, form, s)),
    h('div', { class: 'field' }, h('vscode-text-field', { id: 'query', value: form.query, placeholder: s.queryPlaceholder, maxlength: 2000 }, s.query)),
    dropdown('lead_saved_search_id', s.smartView, [['', s.none], ...choices.smartViews.map((c) => [c.id, c.label] as const)], form.lead_saved_search_id),
    h('div', { class: 'field' }, stalled),
    h(
      'div',
      { class: 'pair' },
      dropdown(
        'order_by',
        s.orderBy,
        ORDER_FIELDS.map((f) => [f, s[`field_${f}`]] as const),
        form.order_by.field,
      ),
      directionDropdown('order_by_direction', form.order_by.descending, s),
    ),
    h(
      'div',
      { class: 'pair' },
      dropdown('group_by', s.groupBy, [['', s.notGrouped], ...GROUPING_FIELDS.map((f) => [f, s[`group_${f}`]] as const)], form.group_by.field),
      directionDropdown('group_by_direction', form.group_by.descending, s),
    ),
    choices.error ? h('p', { class: 'field-error', role: 'alert' }, choices.error) : undefined,
    h('p', { id: 'apply-error', class: 'field-error', role: 'alert', 'data-testid': 'apply-error' }),
    h(
      'div',
      { class: 'actions' },
      h('vscode-button', { id: 'apply', 'data-testid': 'apply' }, s.apply),
      h('vscode-button', { id: 'reset', appearance: 'secondary', 'data-testid': 'reset' }, s.reset),
    ),
  );
}

function checkedValues(root: ParentNode, field: string): string[] {
  return Array.from(root.querySelectorAll<CheckElement>(`vscode-checkbox[data-field="${field}"]`))
    .filter((box) => box.checked)
    .map((box) => box.dataset.value ?? '');
}

function value(root: ParentNode, id: string): string {
  return root.querySelector<ValueElement>(`#${id}`)?.value ?? '';
}

/** The value of a dropdown built by `dropdown`, '' for its "none" option. */
function chosen(root: ParentNode, id: string): string {
  const current = value(root, id);
  return current === NO_VALUE ? '' : current;
}

/** What the form says now (the extension re-validates all of it). */
export function readForm(root: ParentNode): FilterForm {
  const dates = Object.fromEntries(DATE_FIELDS.map((field) => [field, { from: value(root, `${field}-from`).trim(), to: value(root, `${field}-to`).trim() }])) as Record<
    DateField,
    { from: string; to: string }
  >;
  const stalled = value(root, 'is_stalled');
  return {
    status_type: checkedValues(root, 'status_type') as StatusType[],
    status_id: checkedValues(root, 'status_id'),
    user_id: checkedValues(root, 'user_id'),
    value_period: checkedValues(root, 'value_period') as ValuePeriod[],
    ...dates,
    query: value(root, 'query'),
    lead_saved_search_id: chosen(root, 'lead_saved_search_id'),
    is_stalled: stalled === 'yes' || stalled === 'no' ? stalled : 'any',
    order_by: { field: (chosen(root, 'order_by') || 'date_updated') as OrderField, descending: chosen(root, 'order_by_direction') === 'desc' },
    group_by: { field: chosen(root, 'group_by') as GroupingField | '', descending: chosen(root, 'group_by_direction') === 'desc' },
  };
}

/**
 * Shows a message under every date range that cannot be sent (and marks its fields invalid); returns the
 * first field at fault, to focus, or undefined when all dates are fine.
 */
export function showDateProblems(root: ParentNode, form: FilterForm, s: WebviewStrings): HTMLElement | undefined {
  let first: HTMLElement | undefined;
  for (const field of DATE_FIELDS) {
    const problem = dateRangeProblem(form[field].from, form[field].to);
    const from = root.querySelector<HTMLElement>(`#${field}-from`);
    const to = root.querySelector<HTMLElement>(`#${field}-to`);
    const message = root.querySelector<HTMLElement>(`#${field}-error`);
    const badFrom = problem === 'invalidFrom';
    const badTo = problem === 'invalidTo' || problem === 'endBeforeStart';
    from?.setAttribute('aria-invalid', String(badFrom));
    to?.setAttribute('aria-invalid', String(badTo));
    if (message) message.textContent = problem === undefined ? '' : problem === 'endBeforeStart' ? s.endBeforeStart : s.invalidDate;
    const culprit = badFrom ? from : badTo ? to : undefined;
    if (culprit && !first) first = culprit;
  }
  return first;
}
