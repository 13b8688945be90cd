// Palette commands that change the shared filter: quick picks and input boxes. Escape changes nothing.
import * as vscode from 'vscode';
import type { DateRange, GroupBy, OpportunityFilter, OrderBy } from '../close/filter';
import { GROUPING_FIELDS, STATUS_TYPES, VALUE_PERIODS, isPipelineGrouping, type GroupingField, type OrderField, type StatusType, type ValuePeriod } from '../close/types';
import type { Services } from '../state/services';
import { errorText, inertText } from '../close/inert';
import { statusPickEntries, userPickEntries, type PickEntry } from './pickItems';
import { customRange, DATE_PRESETS, presetLabel, presetOf, presetRange, validateDateText, validateEndDate } from './dateRanges';
import { t } from '../shared/l10n';
import { statusTypeWord, valuePeriodWord } from '../shared/filterDescription';
import { commandId } from '../shared/commands';

type DateField = 'date_won' | 'date_created' | 'date_updated';

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
      : { label: entry.label, description: entry.description, value: entry.value, picked: entry.picked },
  );
}

function listOrUndefined<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

export async function filterByStatus(services: Services): Promise<void> {
  if (!(await requireConnection(services))) return;
  const current = new Set(services.filterState.filter.status_id ?? []);
  const items = (async () => {
    const [statuses, pipelines] = await Promise.all([
      loadItems(() => services.referenceData.statuses(), t('statuses')),
      services.referenceData.pipelines().catch(() => []),
    ]);
    if (!statuses) return undefined;
    return toQuickPickItems(statusPickEntries(statuses, pipelines, current, typeWord, t('Other')));
  })();
  const chosen = await pickMany(items, t('Filter by Status'), t('Pick the statuses to show (none picked: every status)'));
  if (chosen) services.filterState.update({ status_id: listOrUndefined(chosen) });
}

function typeWord(type: StatusType): string {
  return statusTypeWord(type, t);
}

/** A multi-select of a fixed list (status types, value periods) with the current choice ticked. */
async function filterByMembers<F extends 'status_type' | 'value_period'>(
  services: Services,
  field: F,
  members: readonly NonNullable<OpportunityFilter[F]>[number][],
  word: (member: NonNullable<OpportunityFilter[F]>[number]) => string,
  title: string,
  placeholder: string,
): Promise<void> {
  const current = new Set<string>(services.filterState.filter[field] ?? []);
  const items = members.map((member) => ({ label: word(member), value: member, picked: current.has(member) }));
  const chosen = await pickMany(Promise.resolve(items), title, placeholder);
  if (chosen) services.filterState.update({ [field]: listOrUndefined(chosen) });
}

export function filterByStatusType(services: Services): Promise<void> {
  return filterByMembers(services, 'status_type', STATUS_TYPES, typeWord, t('Filter by Status Type'), t('Pick the status types to show'));
}

export async function filterByUser(services: Services): Promise<void> {
  if (!(await requireConnection(services))) return;
  const current = new Set(services.filterState.filter.user_id ?? []);
  const items = (async () => {
    const users = await loadItems(() => services.referenceData.users(), t('users'));
    if (!users) return undefined;
    return toQuickPickItems(userPickEntries(users, current, services.referenceData.userNames(), t('not a current user')));
  })();
  const chosen = await pickMany(items, t('Filter by Owner'), t('Pick the owners whose opportunities to show (none picked: everyone)'));
  if (chosen) services.filterState.update({ user_id: listOrUndefined(chosen) });
}

function periodWord(period: ValuePeriod): string {
  return valuePeriodWord(period, t);
}

export function filterByValuePeriod(services: Services): Promise<void> {
  return filterByMembers(services, 'value_period', VALUE_PERIODS, periodWord, t('Filter by Value Period'), t('Pick the value periods to show'));
}

function dateFieldWord(field: DateField): string {
  return field === 'date_won' ? t('Date Won') : field === 'date_created' ? t('Date Created') : t('Date Updated');
}

function describeRange(range: DateRange): string {
  if (range.gte && range.lte) return `${range.gte} – ${range.lte}`;
  if (range.gte) return t('from {0}', range.gte);
  if (range.lte) return t('until {0}', range.lte);
  return '';
}

/** Presets (this month … last year), any time, or a custom range typed and checked in input boxes. */
export async function filterByDate(services: Services, field: DateField, today = new Date()): Promise<void> {
  const current = services.filterState.filter[field];
  const currentPreset = presetOf(current, today);
  type Choice = { kind: 'any' } | { kind: 'preset'; range: DateRange } | { kind: 'custom' };
  const items: ValueItem<Choice>[] = [
    { label: t('Any time'), description: current ? undefined : t('current'), value: { kind: 'any' } },
    ...DATE_PRESETS.map((preset) => {
      const range = presetRange(preset, today);
      return {
        label: presetLabel(preset, t),
        description: describeRange(range) + (preset === currentPreset ? ` · ${t('current')}` : ''),
        value: { kind: 'preset' as const, range },
      };
    }),
    {
      label: t('Custom range…'),
      description: current && !currentPreset ? `${describeRange(current)} · ${t('current')}` : undefined,
      value: { kind: 'custom' },
    },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: t('Filter by {0}', dateFieldWord(field)),
    placeHolder: t('Pick a period'),
    matchOnDescription: true,
  });
  if (!choice) return;
  if (choice.value.kind === 'any') return services.filterState.update({ [field]: undefined });
  if (choice.value.kind === 'preset') return services.filterState.update({ [field]: choice.value.range });
  const range = await askCustomRange(dateFieldWord(field), current);
  if (range !== undefined) services.filterState.update({ [field]: range });
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

/** Close's own example of the `query` syntax (the list endpoint's documentation). */
export const SEARCH_EXAMPLE = 'status_change(old_status:active new_status:won date:yesterday)';

export async function search(services: Services): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: t('Search Opportunities'),
    prompt: t('Text to search for, as in Close, e.g. note:important or {0}. Leave empty to stop searching.', SEARCH_EXAMPLE),
    placeHolder: SEARCH_EXAMPLE,
    value: services.filterState.filter.query ?? '',
  });
  if (text === undefined) return;
  services.filterState.update({ query: text.trim() || undefined });
}

export async function applySmartView(services: Services): Promise<void> {
  if (!(await requireConnection(services))) return;
  const currentId = services.filterState.filter.lead_saved_search_id;
  const items = (async () => {
    const searches = await loadItems(() => services.referenceData.savedSearches(), t('Smart Views'));
    if (!searches) return [];
    const list: ValueItem<string | undefined>[] = [
      { label: t('No Smart View'), description: currentId ? undefined : t('current'), value: undefined },
      ...searches.map((s) => ({
        label: inertText(s.name || s.id),
        description: [s.is_shared ? t('shared') : '', s.id === currentId ? t('current') : ''].filter(Boolean).join(' · ') || undefined,
        detail: s.description ? inertText(s.description) : undefined,
        value: s.id,
      })),
    ];
    return list;
  })();
  const choice = await vscode.window.showQuickPick(items, {
    title: t('Apply Smart View'),
    placeHolder: t('Show the opportunities of the leads in a Smart View'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!choice) return;
  services.filterState.update({ lead_saved_search_id: choice.value });
}

export async function filterByStalled(services: Services): Promise<void> {
  const current = services.filterState.filter.is_stalled;
  const items: ValueItem<boolean | undefined>[] = [
    { label: t('Stalled or not'), value: undefined, description: current === undefined ? t('current') : undefined },
    { label: t('Stalled only'), value: true, description: current === true ? t('current') : undefined },
    { label: t('Not stalled'), value: false, description: current === false ? t('current') : undefined },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: t('Filter by Stalled') });
  if (choice) services.filterState.update({ is_stalled: choice.value });
}

/** "Filter…": pick a field, then its value. */
export async function filter(services: Services): Promise<void> {
  const f = services.filterState.filter;
  const count = (values?: unknown[]) => (values?.length ? t('{0} selected', values.length) : undefined);
  const items: ValueItem<() => Promise<void>>[] = [
    { label: `$(circle-filled) ${t('Status')}`, description: count(f.status_id), value: () => filterByStatus(services) },
    { label: `$(pass) ${t('Status Type')}`, description: f.status_type?.map(typeWord).join(', '), value: () => filterByStatusType(services) },
    { label: `$(person) ${t('Owner')}`, description: count(f.user_id), value: () => filterByUser(services) },
    { label: `$(calendar) ${t('Value Period')}`, description: f.value_period?.map(periodWord).join(', '), value: () => filterByValuePeriod(services) },
    { label: `$(calendar) ${t('Date Won')}`, description: f.date_won && describeRange(f.date_won), value: () => filterByDate(services, 'date_won') },
    { label: `$(calendar) ${t('Date Created')}`, description: f.date_created && describeRange(f.date_created), value: () => filterByDate(services, 'date_created') },
    { label: `$(calendar) ${t('Date Updated')}`, description: f.date_updated && describeRange(f.date_updated), value: () => filterByDate(services, 'date_updated') },
    { label: `$(search) ${t('Search Text')}`, description: f.query ? `“${f.query}”` : undefined, value: () => search(services) },
    { label: `$(list-filter) ${t('Smart View')}`, description: f.lead_saved_search_id ? t('set') : undefined, value: () => applySmartView(services) },
    {
      label: `$(watch) ${t('Stalled')}`,
      description: f.is_stalled === undefined ? undefined : f.is_stalled ? t('Stalled only') : t('Not stalled'),
      value: () => filterByStalled(services),
    },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: t('Filter Opportunities'), placeHolder: t('Pick what to filter by') });
  if (choice) await choice.value();
}

const GROUP_WORDS: Record<GroupingField, () => string> = {
  user_id: () => t('Owner'),
  status_id: () => t('Status'),
  pipeline_id: () => t('Pipeline'),
  date_won__week: () => t('Week Won'),
  date_won__month: () => t('Month Won'),
  date_won__quarter: () => t('Quarter Won'),
  date_won__year: () => t('Year Won'),
};

export async function groupBy(services: Services): Promise<void> {
  const current = services.filterState.filter.group_by;
  const fields = GROUPING_FIELDS;
  const items: ValueItem<GroupingField | undefined>[] = [
    { label: t('No Grouping'), value: undefined, description: current ? undefined : t('current') },
    ...fields.map((field) => ({
      label: GROUP_WORDS[field](),
      value: field,
      description: current?.field === field ? t('current') : undefined,
    })),
  ];
  const choice = await vscode.window.showQuickPick(items, { title: t('Group By'), placeHolder: t('Group the opportunities by') });
  if (!choice) return;
  if (!choice.value) return services.filterState.update({ group_by: undefined });
  const byName = choice.value === 'user_id';
  const byPipeline = isPipelineGrouping(choice.value);
  const descending = await pickDirection(
    byPipeline ? t('Pipeline order') : byName ? t('A → Z') : t('Oldest first'),
    byPipeline ? t('Reverse pipeline order') : byName ? t('Z → A') : t('Newest first'),
    current?.field === choice.value ? current.descending : !byName && !byPipeline,
    t('Group By: {0}', choice.label),
    t('Order of the groups'),
    current?.field === choice.value ? current.descending : undefined,
  );
  if (descending === undefined) return;
  const group: GroupBy = { field: choice.value, descending };
  services.filterState.update({ group_by: group });
}

const ORDER_WORDS: Record<OrderField, { label: () => string; kind: 'date' | 'number' | 'name' }> = {
  date_updated: { label: () => t('Date Updated'), kind: 'date' },
  date_created: { label: () => t('Date Created'), kind: 'date' },
  date_won: { label: () => t('Date Won'), kind: 'date' },
  confidence: { label: () => t('Confidence'), kind: 'number' },
  user_name: { label: () => t('Owner Name'), kind: 'name' },
  value: { label: () => t('Value'), kind: 'number' },
  annualized_value: { label: () => t('Annualized Value'), kind: 'number' },
  annualized_expected_value: { label: () => t('Annualized Expected Value'), kind: 'number' },
};

export async function sortBy(services: Services): Promise<void> {
  const current = services.filterState.filter.order_by;
  const items: ValueItem<OrderField>[] = (Object.keys(ORDER_WORDS) as OrderField[]).map((field) => ({
    label: ORDER_WORDS[field].label(),
    value: field,
    description: current?.field === field ? t('current') : undefined,
  }));
  const choice = await vscode.window.showQuickPick(items, { title: t('Sort By'), placeHolder: t('Sort the opportunities by') });
  if (!choice) return;
  const kind = ORDER_WORDS[choice.value].kind;
  const [ascending, descendingWord] =
    kind === 'date' ? [t('Oldest first'), t('Newest first')] : kind === 'number' ? [t('Lowest first'), t('Highest first')] : [t('A → Z'), t('Z → A')];
  const descending = await pickDirection(
    ascending,
    descendingWord,
    current?.field === choice.value ? current.descending : kind !== 'name',
    t('Sort By: {0}', choice.label),
    t('Order of the opportunities'),
    current?.field === choice.value ? current.descending : undefined,
  );
  if (descending === undefined) return;
  const order: OrderBy = { field: choice.value, descending };
  services.filterState.update({ order_by: order });
}

/**
 * Ascending or descending, with the likely one first; undefined when dismissed. The title names the
 * field just picked (this is the second step) and the direction in use, if any, says "current".
 */
async function pickDirection(
  ascending: string,
  descending: string,
  preferDescending: boolean,
  title: string,
  placeHolder: string,
  currentDescending: boolean | undefined,
): Promise<boolean | undefined> {
  const mark = (value: boolean) => (currentDescending === value ? t('current') : undefined);
  const items: ValueItem<boolean>[] = [
    { label: descending, value: true, description: mark(true) },
    { label: ascending, value: false, description: mark(false) },
  ];
  if (!preferDescending) items.reverse();
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder });
  return choice?.value;
}

/** Removes every filter; the grouping and the sort order stay (they shape the view, they hide nothing). */
export function clearFilters(services: Services): void {
  const { group_by, order_by } = services.filterState.filter;
  const next: OpportunityFilter = {};
  if (group_by) next.group_by = group_by;
  if (order_by) next.order_by = order_by;
  services.filterState.set(next);
}
