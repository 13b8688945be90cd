// The filter form of the webview: built from the form values and the choices, read back on Apply.
// Each field's control comes from its declaration (close/filterFields.ts FORM_FIELDS) and its kind.
import { FIXED_CHOICES, FORM_FIELDS, type ChoiceSource, type FilterField } from '../close/filterFields';
import { GROUPING_FIELDS, ORDER_FIELDS, type GroupingField, type OrderField, type StatusType, type ValuePeriod } from '../close/types';
import { dateRangeProblem } from '../features/summary/dates';
import { h } from './dom';
import {
  DATE_FORM_CHOICES,
  type Choice,
  type DateFormChoice,
  type DatePresetChoice,
  type DatePresetChoices,
  type DateRangeForm,
  type FilterChoices,
  type FilterForm,
  type WebviewStrings,
  type YesNoChoice,
} from '../features/summary/protocol';

/** The toolkit elements' properties we read (they are custom elements, not typed by the DOM library). */
type ValueElement = HTMLElement & { value: string };
type CheckElement = HTMLElement & { checked: boolean };

const FIXED_WORD: Record<StatusType | ValuePeriod, 'active' | 'won' | 'lost' | 'oneTime' | 'monthly' | 'annual'> = {
  active: 'active',
  won: 'won',
  lost: 'lost',
  one_time: 'oneTime',
  monthly: 'monthly',
  annual: 'annual',
};

/** What a list offers: a fixed list in the extension's words, or what Close listed. */
function choicesOf(source: ChoiceSource, choices: FilterChoices, s: WebviewStrings): Choice[] {
  const fixed = FIXED_CHOICES[source];
  if (fixed) return fixed.map((id) => ({ id, label: s[FIXED_WORD[id as StatusType | ValuePeriod]] ?? id }));
  switch (source) {
    case 'statuses':
      return choices.statuses.map((c) => ({ id: c.id, label: c.pipeline ? `${c.label} (${c.pipeline})` : c.label }));
    case 'statusLabels':
      return choices.statusLabels;
    case 'users':
      return choices.users;
    case 'smartViews':
      return choices.smartViews;
    default:
      return [];
  }
}

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

const DATE_FORM_WORD: Record<DateFormChoice, 'dateAny' | 'dateOn' | 'dateAfter' | 'dateBefore' | 'dateBetween'> = {
  any: 'dateAny',
  on: 'dateOn',
  after: 'dateAfter',
  before: 'dateBefore',
  between: 'dateBetween',
};

/** Which boxes a date form shows, and what the first one is called: one day, or the two ends of between. */
export function showDateForm(root: ParentNode, field: string, form: DateFormChoice, s: WebviewStrings): void {
  const from = root.querySelector<HTMLElement>(`#${field}-from`);
  const to = root.querySelector<HTMLElement>(`#${field}-to`);
  const legend = root.querySelector<HTMLElement>(`#${field}-form-label`)?.textContent ?? field;
  const first = form === 'between' ? s.from : s.day;
  if (from) {
    from.hidden = form === 'any';
    from.textContent = first;
    from.setAttribute('aria-label', `${legend} ${first}`);
  }
  if (to) to.hidden = form !== 'between';
}

/** A date field: how the day is meant (any, on, after, before, between), then the day or the two days. */
/** The preset a field's form says exactly, if any (the extension sent each preset's form). */
function presetOfForm(presets: readonly DatePresetChoice[], form: DateRangeForm): DatePresetChoice | undefined {
  return presets.find((p) => p.form.form === form.form && p.form.from === form.from && p.form.to === form.to);
}

/** A choice of the field's presets, each with its real days; picking one fills the field (and the status types for "overdue"). */
function presetDropdown(field: string, legend: string, presets: readonly DatePresetChoice[], form: DateRangeForm, s: WebviewStrings): HTMLElement {
  const id = `${field}-preset`;
  const current = presetOfForm(presets, form)?.preset ?? NO_VALUE;
  return h(
    'vscode-dropdown',
    { id, 'aria-label': `${legend}: ${s.datePreset}`, title: s.datePreset, 'data-testid': `preset-${field}` },
    h('vscode-option', { value: NO_VALUE, selected: current === NO_VALUE }, s.datePresetNone),
    ...presets.map((p) => h('vscode-option', { value: p.preset, selected: p.preset === current }, p.label)),
  );
}

/** Puts a preset's form and days in the field's controls. */
function fillPreset(root: ParentNode, set: ParentNode, field: string, preset: DatePresetChoice, s: WebviewStrings): void {
  for (const [id, text] of [
    [`${field}-form`, preset.form.form],
    [`${field}-from`, preset.form.from],
    [`${field}-to`, preset.form.to],
  ] as const) {
    const control = set.querySelector<ValueElement>(`#${id}`);
    if (control) control.value = text;
  }
  showDateForm(set, field, preset.form.form, s);
  if (preset.status_type) {
    const wanted = new Set<string>(preset.status_type);
    root.querySelectorAll<CheckElement>('vscode-checkbox[data-field="status_type"]').forEach((box) => (box.checked = wanted.has(box.dataset.value ?? '')));
  }
}

function dateRange(field: string, range: DateRangeForm, legend: string, s: WebviewStrings, presets: readonly DatePresetChoice[]): HTMLElement {
  const errorId = `${field}-error`;
  const formId = `${field}-form`;
  // A draft kept from before the forms existed has only from/to: it meant between.
  const form: DateFormChoice = DATE_FORM_CHOICES.includes(range.form) ? range.form : range.from || range.to ? 'between' : 'any';
  const dateBox = (end: 'from' | 'to') =>
    h(
      'vscode-text-field',
      {
        id: `${field}-${end}`,
        value: range[end] ?? '',
        placeholder: s.datePlaceholder,
        maxlength: 40,
        size: 12,
        // The accessible name says which field ("Date won From"): every range has a From and a To.
        'aria-label': `${legend} ${s[end]}`,
        'aria-describedby': errorId,
      },
      s[end],
    );
  const choose = h(
    'vscode-dropdown',
    { id: formId, 'aria-labelledby': `${formId}-label`, 'data-testid': `form-${field}` },
    ...DATE_FORM_CHOICES.map((choice) => h('vscode-option', { value: choice, selected: choice === form }, s[DATE_FORM_WORD[choice]])),
  );
  const pick = presets.length > 0 ? presetDropdown(field, legend, presets, { ...range, form }, s) : undefined;
  const set = h(
    'fieldset',
    { class: 'date-range', 'data-testid': `field-${field}` },
    h('legend', { id: `${formId}-label` }, legend),
    pick,
    choose,
    dateBox('from'),
    dateBox('to'),
    h('p', { id: errorId, class: 'field-error', role: 'alert' }),
  );
  showDateForm(set, field, form, s);
  // After an edit by hand, the preset shown is the one the field now says exactly, or none.
  const followEdits = () => {
    if (pick) (pick as ValueElement).value = presetOfForm(presets, readDateField(set, field))?.preset ?? NO_VALUE;
  };
  choose.addEventListener('change', () => {
    showDateForm(set, field, dateFormChoice(set, field), s);
    followEdits();
  });
  set.addEventListener('input', (event) => event.target !== pick && followEdits());
  pick?.addEventListener('change', () => {
    const preset = presets.find((p) => p.preset === (pick as ValueElement).value);
    if (preset) fillPreset(set.closest('form') ?? set, set, field, preset, s);
  });
  return set;
}

/** The date form a field's dropdown says now. */
function dateFormChoice(root: ParentNode, field: string): DateFormChoice {
  const chosen = value(root, `${field}-form`) as DateFormChoice;
  return DATE_FORM_CHOICES.includes(chosen) ? chosen : 'any';
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

/** The control of one field, or undefined when the field is not offered (yet). */
function fieldControl(field: FilterField, form: FilterForm, choices: FilterChoices, presets: DatePresetChoices, s: WebviewStrings): HTMLElement | undefined {
  const key = field.key;
  const label = s[`filter_${key}`] ?? key;
  const value = form[key];
  switch (field.kind) {
    case 'several': {
      const checked = (value ?? []) as string[];
      if (field.offered === 'severalPipelines' && !choices.severalPipelines && checked.length === 0) return undefined;
      return checkList(key, label, choicesOf(field.source, choices, s), checked, s, FIXED_CHOICES[field.source] === undefined);
    }
    case 'date':
      return dateRange(key, (value ?? { form: 'any', from: '', to: '' }) as DateRangeForm, label, s, presets[key] ?? []);
    case 'yesNo': {
      const group = h(
        'vscode-radio-group',
        { id: key, orientation: 'horizontal' },
        h('label', { slot: 'label' }, label),
        ...(
          [
            ['any', s.any],
            ['yes', s.yes],
            ['no', s.no],
          ] as const
        ).map(([choice, text]) => h('vscode-radio', { value: choice, checked: value === choice }, text)),
      );
      return h('div', { class: 'field' }, group);
    }
    case 'one':
      return dropdown(key, label, [['', s.none], ...choicesOf(field.source, choices, s).map((c) => [c.id, c.label] as const)], (value ?? '') as string);
    case 'text':
    case 'id':
      return h(
        'div',
        { class: 'field' },
        h('vscode-text-field', { id: key, value: (value ?? '') as string, placeholder: s[`placeholder_${key}`] ?? '', maxlength: 2000 }, label),
      );
  }
}

/** The whole form. Controls have stable ids so focus can be restored after a rebuild. */
export function buildForm(form: FilterForm, choices: FilterChoices, s: WebviewStrings, presets: DatePresetChoices = {}): HTMLElement {
  return h(
    'form',
    { id: 'filter-form', novalidate: true },
    ...FORM_FIELDS.map((field) => fieldControl(field, form, choices, presets, s)),
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
    // Sticks to the bottom of the view while the form is in it: what Apply did (the new totals, or why not)
    // shows next to the button, not in the totals above, out of sight.
    h(
      'div',
      { class: 'apply-bar', 'data-testid': 'apply-bar' },
      h('p', { id: 'apply-error', class: 'field-error', role: 'alert', 'data-testid': 'apply-error' }),
      h('p', { id: 'apply-result', class: 'apply-result', role: 'status', 'data-testid': 'apply-result' }),
      h(
        'div',
        { class: 'actions' },
        h('vscode-button', { id: 'apply', 'data-testid': 'apply' }, s.apply),
        h('vscode-button', { id: 'reset', appearance: 'secondary', 'data-testid': 'reset' }, s.reset),
      ),
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

/** What a date field's controls say now; what a hidden box holds is not sent: only the boxes the form shows count. */
function readDateField(root: ParentNode, key: string): DateRangeForm {
  const form = dateFormChoice(root, key);
  return { form, from: form === 'any' ? '' : value(root, `${key}-from`).trim(), to: form === 'between' ? value(root, `${key}-to`).trim() : '' };
}

/** What one field's control says now. */
function readField(root: ParentNode, field: FilterField): unknown {
  const key = field.key;
  switch (field.kind) {
    case 'several':
      return checkedValues(root, key);
    case 'date':
      return readDateField(root, key);
    case 'yesNo': {
      const choice = value(root, key);
      return (choice === 'yes' || choice === 'no' ? choice : 'any') satisfies YesNoChoice;
    }
    case 'one':
      return chosen(root, key);
    case 'text':
      return value(root, key);
    case 'id':
      return value(root, key).trim();
  }
}

/** What the form says now (the extension re-validates all of it). */
export function readForm(root: ParentNode): FilterForm {
  return {
    ...Object.fromEntries(FORM_FIELDS.map((field) => [field.key, readField(root, field)])),
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
  for (const { key: field, kind } of FORM_FIELDS) {
    if (kind !== 'date') continue;
    const range = form[field] ?? { form: 'any', from: '', to: '' };
    const problem = dateRangeProblem(range.from, range.form === 'between' ? range.to : '');
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
