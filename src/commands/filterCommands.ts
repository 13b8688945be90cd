// Palette commands that change the shared filter: quick picks and input boxes. Escape changes nothing.
import * as vscode from 'vscode';
import type { DateRange, GroupBy, OrderBy } from '../close/filter';
import { FIXED_CHOICES, filterField, type ChoiceSource, type FilterField } from '../close/filterFields';
import { GROUPING_FIELDS, isPipelineGrouping, type GroupingField, type OrderField, type StatusType } from '../close/types';
import type { Services } from '../state/services';
import { errorText } from '../close/inert';
import { closeIdIn } from '../close/ids';
import { fixedPickEntries, orderPickEntries, smartViewPickEntries, statusLabelPickEntries, statusPickEntries, userPickEntries, type PickEntry } from './pickItems';
import {
  customRange,
  datePresetsFor,
  type DatePreset,
  DAY_FORMS,
  dayFormLabel,
  dayFormOf,
  dayFormPrompt,
  dayFormRange,
  presetLabel,
  presetOf,
  presetRange,
  presetStatusTypes,
  validateDateText,
  validateEndDate,
  type DayForm,
} from './dateRanges';
import { t } from '../shared/l10n';
import { describeRange, statusTypeWord } from '../shared/filterDescription';
import { commandId } from '../shared/commands';

interface ValueItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** Says how to connect when there is nothing to filter yet; true when connected. */
export async function requireConnection(services: Services): Promise<boolean> {
  if (services.connection.connected) return true;
  const setKey = t('Set API Key');
  const sample = t('Explore with Sample Data');
  const choice = await vscode.window.showInformationMessage(t('Connect to Close first: set an API key or explore sample data.'), setKey, sample);
  if (choice === setKey) await vscode.commands.executeCommand(commandId('setApiKey'));
  if (choice === sample) await vscode.commands.executeCommand(commandId('exploreSampleData'));
  return false;
}

/** Items loaded from Close for a quick pick; shows the error instead of rejecting. */
async function loadItems<T>(load: () => Promise<T[]>, what: string): Promise<T[] | undefined> {
  try {
    return await load();
  } catch (error) {
    void vscode.window.showErrorMessage(t('Could not load {0} from Close: {1}', what, errorText(error)));
    return undefined;
  }
}

/** A multi-select quick pick whose current selection is pre-picked; undefined when dismissed. */
async function pickMany<T>(items: Promise<(ValueItem<T> | vscode.QuickPickItem)[] | undefined>, title: string, placeHolder: string): Promise<T[] | undefined> {
  const resolved = items.then((list) => list ?? []);
  const picked = await vscode.window.showQuickPick(resolved as Promise<vscode.QuickPickItem[]>, {
    title,
    placeHolder,
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: false,
  });
  if (!picked || (await items) === undefined) return undefined;
  return (picked as ValueItem<T>[]).filter((item) => 'value' in item).map((item) => item.value);
}

function toQuickPickItems<T>(entries: PickEntry<T>[]): (ValueItem<T> | vscode.QuickPickItem)[] {
  return entries.map((entry) =>
    entry.kind === 'separator'
      ? { label: entry.label, kind: vscode.QuickPickItemKind.Separator }
      : { label: entry.label, description: entry.description, detail: entry.detail, value: entry.value, picked: entry.picked },
  );
}

function listOrUndefined<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

function typeWord(type: StatusType): string {
  return statusTypeWord(type, t);
}

/** The choices of a list for the palette, loaded from Close when they come from there; undefined when they could not be. */
async function choiceEntries(services: Services, source: ChoiceSource, current: ReadonlySet<string>): Promise<PickEntry<string>[] | undefined> {
  const ref = services.referenceData;
  switch (source) {
    case 'statusTypes':
    case 'valuePeriods':
      return fixedPickEntries(source, current, t);
    case 'statuses': {
      const [statuses, pipelines] = await Promise.all([loadItems(() => ref.statuses(), t('statuses')), ref.pipelines().catch(() => [])]);
      return statuses && statusPickEntries(statuses, pipelines, current, typeWord, t('Other'));
    }
    case 'statusLabels': {
      const statuses = await loadItems(() => ref.statuses(), t('statuses'));
      return statuses && statusLabelPickEntries(statuses, current);
    }
    case 'users': {
      const [users, me] = await Promise.all([loadItems(() => ref.users(), t('users')), ref.me().catch(() => undefined)]);
      return users && userPickEntries(users, current, ref.userNames(), t('not a current user'), me && { id: me.id, word: t('Me') });
    }
    case 'smartViews': {
      const searches = await loadItems(() => ref.savedSearches(), t('Smart Views'));
      return searches && smartViewPickEntries(searches, current, t('shared'));
    }
  }
}

/** Any of a list: a multi-select with the current choice ticked. */
async function pickSeveral(services: Services, field: Extract<FilterField, { kind: 'several' }>): Promise<void> {
  if (!FIXED_CHOICES[field.source] && !(await requireConnection(services))) return;
  const current = new Set<string>(services.filterState.filter[field.key] ?? []);
  const items = choiceEntries(services, field.source, current).then((entries) => entries && toQuickPickItems(entries));
  const chosen = await pickMany(items, field.title(t), field.placeholder(t));
  if (chosen) services.filterState.update({ [field.key]: listOrUndefined(chosen) });
}

/** One of a list, or none. */
async function pickOne(services: Services, field: Extract<FilterField, { kind: 'one' }>): Promise<void> {
  if (!FIXED_CHOICES[field.source] && !(await requireConnection(services))) return;
  const currentId = services.filterState.filter[field.key];
  const items = (async () => {
    const entries = (await choiceEntries(services, field.source, new Set(currentId ? [currentId] : []))) ?? [];
    const list: ValueItem<string | undefined>[] = [
      { label: field.none(t), description: currentId ? undefined : t('current'), value: undefined },
      ...entries.flatMap((entry) =>
        entry.kind === 'item'
          ? [
              {
                label: entry.label,
                description: [entry.description, entry.picked ? t('current') : ''].filter(Boolean).join(' · ') || undefined,
                detail: entry.detail,
                value: entry.value,
              },
            ]
          : [],
      ),
    ];
    return list;
  })();
  const choice = await vscode.window.showQuickPick(items, { title: field.title(t), placeHolder: field.placeholder(t), matchOnDescription: true, matchOnDetail: true });
  if (choice) services.filterState.update({ [field.key]: choice.value });
}

/** Free text in an input box; empty clears it. */
async function askText(services: Services, field: Extract<FilterField, { kind: 'text' }>): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: field.title(t),
    prompt: field.prompt(t),
    placeHolder: field.example,
    value: services.filterState.filter[field.key] ?? '',
  });
  if (text === undefined) return;
  services.filterState.update({ [field.key]: text.trim() || undefined });
}

/** An id, or a pasted Close address holding one, in an input box (checked as it is typed); empty clears it. */
async function askId(services: Services, field: Extract<FilterField, { kind: 'id' }>): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: field.title(t),
    prompt: field.prompt(t),
    placeHolder: `${field.prefix}_…`,
    value: services.filterState.filter[field.key] ?? '',
    validateInput: (value) => (value.trim() === '' || closeIdIn(value, field.prefix) ? undefined : field.invalid(t)),
  });
  if (text === undefined) return;
  services.filterState.update({ [field.key]: closeIdIn(text, field.prefix) });
}

/** Yes, no, or either. */
async function pickYesNo(services: Services, field: Extract<FilterField, { kind: 'yesNo' }>): Promise<void> {
  const current = services.filterState.filter[field.key];
  const items: ValueItem<boolean | undefined>[] = [
    { label: field.any(t), value: undefined, description: current === undefined ? t('current') : undefined },
    { label: field.yes(t), value: true, description: current === true ? t('current') : undefined },
    { label: field.no(t), value: false, description: current === false ? t('current') : undefined },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: field.title(t) });
  if (choice) services.filterState.update({ [field.key]: choice.value });
}

/** Asks for a field's value the way its kind is asked for. */
export function pickField(services: Services, field: FilterField): Promise<void> {
  switch (field.kind) {
    case 'several':
      return pickSeveral(services, field);
    case 'one':
      return pickOne(services, field);
    case 'date':
      return filterByDate(services, field);
    case 'text':
      return askText(services, field);
    case 'id':
      return askId(services, field);
    case 'yesNo':
      return pickYesNo(services, field);
  }
}

export const filterByStatus = (services: Services) => pickField(services, filterField('status_id'));
export const filterByUser = (services: Services) => pickField(services, filterField('user_id'));
export const filterByValuePeriod = (services: Services) => pickField(services, filterField('value_period'));
export const search = (services: Services) => pickField(services, filterField('query'));
export const applySmartView = (services: Services) => pickField(services, filterField('lead_saved_search_id'));

/** Presets (this month … last year), any time, on, after or before a day, or a range between two days, typed and checked in input boxes. */
export async function filterByDate(services: Services, field: Extract<FilterField, { kind: 'date' }>, today = new Date()): Promise<void> {
  const key = field.key;
  const what = field.label(t);
  const current = services.filterState.filter[key];
  const presets = datePresetsFor(key);
  const currentPreset = presetOf(current, today, presets);
  const currentDay = dayFormOf(current);
  type Choice = { kind: 'any' } | { kind: 'preset'; range: DateRange; preset: DatePreset } | { kind: 'day'; form: DayForm } | { kind: 'custom' };
  const items: ValueItem<Choice>[] = [
    { label: t('Any time'), description: current ? undefined : t('current'), value: { kind: 'any' } },
    // Each with its real days as of now, in the user's calendar.
    ...presets.map((preset) => {
      const range = presetRange(preset, today);
      return {
        label: presetLabel(preset, t),
        description: describeRange(range, t) + (preset === currentPreset ? ` · ${t('current')}` : ''),
        value: { kind: 'preset' as const, range, preset },
      };
    }),
    ...DAY_FORMS.map((form) => ({
      label: dayFormLabel(form, t),
      description: currentDay?.form === form ? `${describeRange(current, t)} · ${t('current')}` : undefined,
      value: { kind: 'day' as const, form },
    })),
    {
      label: t('Custom range…'),
      description: current && !currentPreset && !currentDay ? `${describeRange(current, t)} · ${t('current')}` : undefined,
      value: { kind: 'custom' },
    },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: t('Filter by {0}', what),
    placeHolder: t('Pick a period'),
    matchOnDescription: true,
  });
  if (!choice) return;
  if (choice.value.kind === 'any') return services.filterState.update({ [key]: undefined });
  if (choice.value.kind === 'preset') {
    const statusTypes = presetStatusTypes(choice.value.preset);
    return services.filterState.update({ [key]: choice.value.range, ...(statusTypes ? { status_type: statusTypes } : {}) });
  }
  if (choice.value.kind === 'day') {
    const form = choice.value.form;
    const day = await vscode.window.showInputBox({
      title: `${what}: ${dayFormLabel(form, t)}`,
      prompt: dayFormPrompt(form, t),
      placeHolder: 'YYYY-MM-DD',
      value: currentDay?.day.slice(0, 10) ?? '',
      validateInput: (text) => validateDateText(text, false, t),
    });
    if (day !== undefined) services.filterState.update({ [key]: dayFormRange(form, day) });
    return;
  }
  const range = await askCustomRange(what, current);
  if (range !== undefined) services.filterState.update({ [key]: range });
}

/** Two input boxes; a bad date or an end before the start is refused in the box itself. */
async function askCustomRange(what: string, current: DateRange | undefined): Promise<DateRange | undefined> {
  const start = await vscode.window.showInputBox({
    title: t('{0}: custom range (1/2)', what),
    prompt: t('First day (YYYY-MM-DD). Leave empty for no start.'),
    placeHolder: 'YYYY-MM-DD',
    value: current?.gte ?? '',
    validateInput: (text) => validateDateText(text, true, t),
  });
  if (start === undefined) return undefined;
  const end = await vscode.window.showInputBox({
    title: t('{0}: custom range (2/2)', what),
    prompt: start.trim() ? t('Last day (YYYY-MM-DD), on or after {0}. Leave empty for no end.', start.trim()) : t('Last day (YYYY-MM-DD).'),
    placeHolder: 'YYYY-MM-DD',
    value: current?.lte ?? '',
    validateInput: (text) => validateEndDate(start.trim() || undefined, text, t),
  });
  if (end === undefined) return undefined;
  return customRange(start, end);
}

const GROUP_WORDS: Record<GroupingField, () => string> = {
  user_id: () => t('Owner'),
  status_id: () => t('Status'),
  pipeline_id: () => t('Pipeline'),
  date_won__week: () => t('Close Week (Expected or Won)'),
  date_won__month: () => t('Close Month (Expected or Won)'),
  date_won__quarter: () => t('Close Quarter (Expected or Won)'),
  date_won__year: () => t('Close Year (Expected or Won)'),
};

/** One pick: each grouping in its natural order (names A → Z, pipeline order, newest periods first), or reversed. */
export async function groupBy(services: Services): Promise<void> {
  const current = services.filterState.filter.group_by;
  const choices = GROUPING_FIELDS.map((field) => {
    const [ascending, descending] =
      field === 'status_id'
        ? [t('stages in pipeline order'), t('stages in reverse pipeline order')]
        : isPipelineGrouping(field)
          ? [t('Pipeline order'), t('Reverse pipeline order')]
          : field === 'user_id'
            ? [t('A → Z'), t('Z → A')]
            : [t('Oldest first'), t('Newest first')];
    return { field, label: GROUP_WORDS[field](), naturalDescending: field !== 'user_id' && !isPipelineGrouping(field), ascending, descending };
  });
  const none: ValueItem<undefined> = { label: t('No Grouping'), value: undefined, description: current ? undefined : t('current') };
  const items = [none, ...toQuickPickItems(orderPickEntries(choices, current, { current: t('current'), reverse: t('Reverse order') }))];
  const choice = await vscode.window.showQuickPick(items, { title: t('Group By'), placeHolder: t('Group the opportunities by'), matchOnDescription: true });
  if (!choice || !('value' in choice)) return;
  const picked = (choice as ValueItem<{ field: GroupingField; descending: boolean } | undefined>).value;
  services.filterState.update({ group_by: picked && ({ field: picked.field, descending: picked.descending } satisfies GroupBy) });
}

const ORDER_WORDS: Record<OrderField, { label: () => string; kind: 'date' | 'number' | 'name' }> = {
  date_updated: { label: () => t('Date Updated'), kind: 'date' },
  date_created: { label: () => t('Date Created'), kind: 'date' },
  date_won: { label: () => t('Close Date (Expected or Won)'), kind: 'date' },
  confidence: { label: () => t('Confidence'), kind: 'number' },
  user_name: { label: () => t('Owner Name'), kind: 'name' },
  value: { label: () => t('Value'), kind: 'number' },
  annualized_value: { label: () => t('Annualized Value'), kind: 'number' },
  annualized_expected_value: { label: () => t('Annualized Expected Value'), kind: 'number' },
};

/** One pick: each field in its natural order (newest dates, highest numbers first, names A → Z), or reversed. */
export async function sortBy(services: Services): Promise<void> {
  const current = services.filterState.filter.order_by;
  const choices = (Object.keys(ORDER_WORDS) as OrderField[]).map((field) => {
    const kind = ORDER_WORDS[field].kind;
    const [ascending, descending] =
      kind === 'date' ? [t('Oldest first'), t('Newest first')] : kind === 'number' ? [t('Lowest first'), t('Highest first')] : [t('A → Z'), t('Z → A')];
    return { field, label: ORDER_WORDS[field].label(), naturalDescending: kind !== 'name', ascending, descending };
  });
  const items = toQuickPickItems(orderPickEntries(choices, current, { current: t('current'), reverse: t('Reverse order') }));
  const choice = await vscode.window.showQuickPick(items, { title: t('Sort By'), placeHolder: t('Sort the opportunities by'), matchOnDescription: true });
  if (!choice || !('value' in choice)) return;
  const { field, descending } = (choice as ValueItem<{ field: OrderField; descending: boolean }>).value;
  services.filterState.update({ order_by: { field, descending } satisfies OrderBy });
}

/** Removes every filter; the grouping and the sort order stay (the summary's Reset does the same). */
export function clearFilters(services: Services): void {
  services.filterState.clearFilters();
}
