// What the palette's quick picks list: the fields of Filter…, and the choices of statuses, owners, status
// labels, Smart Views and the fixed lists. Pure: no 'vscode' here.
import type { OpportunityFilter } from '../close/filter';
import { FIXED_CHOICES, FILTER_FIELDS, fixedChoiceWord, type ChoiceSource, type FilterField } from '../close/filterFields';
import type { OpportunityStatus, Pipeline, SavedSearch, StatusType, User } from '../close/types';
import { describeRange } from '../shared/filterDescription';
import type { Translate } from '../shared/text';
import { userName } from '../close/userName';
import { inertText } from '../close/inert';

export type PickEntry<T> = { kind: 'separator'; label: string } | { kind: 'item'; label: string; description?: string; detail?: string; value: T; picked: boolean };

/**
 * Statuses grouped under their pipeline's name (when there is more than one pipeline), in the API's order
 * within a pipeline; the statuses of the current filter are picked.
 */
export function statusPickEntries(
  statuses: readonly OpportunityStatus[],
  pipelines: readonly Pipeline[],
  current: ReadonlySet<string>,
  typeWord: (type: StatusType) => string,
  other = 'Other',
): PickEntry<string>[] {
  const entries: PickEntry<string>[] = [];
  const order = new Map(pipelines.map((p, i) => [p.id, i]));
  const byPipeline = new Map<string | undefined, OpportunityStatus[]>();
  for (const status of statuses) {
    const key = status.pipeline_id ?? undefined;
    byPipeline.set(key, [...(byPipeline.get(key) ?? []), status]);
  }
  const keys = [...byPipeline.keys()].sort((a, b) => (order.get(a ?? '') ?? Infinity) - (order.get(b ?? '') ?? Infinity));
  for (const key of keys) {
    if (byPipeline.size > 1) entries.push({ kind: 'separator', label: inertText(pipelines.find((p) => p.id === key)?.name ?? other) });
    for (const status of byPipeline.get(key)!) {
      entries.push({ kind: 'item', label: inertText(status.label ?? status.id), description: typeWord(status.type), value: status.id, picked: current.has(status.id) });
    }
  }
  return entries;
}

/**
 * Users by name, the key's own user first as `me.word` ("Me"); the owners of the current filter are picked, and
 * those no longer listed by /user/ (deactivated: they still own opportunities) stay in the list while they are in the filter.
 */
export function userPickEntries(
  users: readonly User[],
  current: ReadonlySet<string>,
  knownNames: ReadonlyMap<string, string>,
  notCurrent = 'not a current user',
  me?: { id: string; word: string },
): PickEntry<string>[] {
  const entries = users
    .map((user) => ({
      kind: 'item' as const,
      label: inertText(userName(user)),
      description: user.email ? inertText(user.email) : (undefined as string | undefined),
      value: user.id,
      picked: current.has(user.id),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  // The key's own user first, as "Me" with the name beside it (typing the name still finds it).
  const mine = entries.findIndex((entry) => entry.value === me?.id);
  if (me && mine !== -1) {
    const [entry] = entries.splice(mine, 1);
    entries.unshift({ ...entry, label: me.word, description: [entry.label, entry.description].filter(Boolean).join(' · ') });
  }
  // Owners /user/ does not list (former members) still own opportunities: offer those whose names were seen.
  const listed = new Set(users.map((user) => user.id));
  const former = [...new Set([...current, ...knownNames.keys()])]
    .filter((id) => !listed.has(id))
    .map((id) => ({ kind: 'item' as const, label: inertText(knownNames.get(id) ?? id), description: notCurrent, value: id, picked: current.has(id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...entries, ...former];
}

/** Status names, each once ("Won" of every pipeline is one choice), by name; the current ones are picked. */
export function statusLabelPickEntries(statuses: readonly OpportunityStatus[], current: ReadonlySet<string>): PickEntry<string>[] {
  const labels = [...new Set([...statuses.map((status) => status.label).filter((label) => label !== ''), ...current])];
  return labels.sort((a, b) => a.localeCompare(b)).map((label) => ({ kind: 'item' as const, label: inertText(label), value: label, picked: current.has(label) }));
}

/** Smart Views by name, with "shared" and their description. */
export function smartViewPickEntries(searches: readonly SavedSearch[], current: ReadonlySet<string>, shared: string): PickEntry<string>[] {
  return searches.map((s) => ({
    kind: 'item' as const,
    label: inertText(s.name || s.id),
    description: s.is_shared ? shared : undefined,
    detail: s.description ? inertText(s.description) : undefined,
    value: s.id,
    picked: current.has(s.id),
  }));
}

/** A fixed list (status types, value periods) in words; the current ones are picked. */
export function fixedPickEntries(source: ChoiceSource, current: ReadonlySet<string>, t: Translate): PickEntry<string>[] {
  return (FIXED_CHOICES[source] ?? []).map((value) => ({ kind: 'item' as const, label: fixedChoiceWord(source, value, t), value, picked: current.has(value) }));
}

/** One item of the palette's Filter…: the field and its current value in words. */
export interface FilterMenuEntry {
  field: FilterField;
  label: string;
  description?: string;
}

/**
 * The fields the palette's Filter… offers, in their declared order, each with its current value in words.
 * A field offered only with several pipelines shows with one pipeline too while the filter sets it.
 */
export function filterMenuEntries(filter: OpportunityFilter, t: Translate, context: { severalPipelines: boolean }): FilterMenuEntry[] {
  return FILTER_FIELDS.filter((field) => field.palette && (field.offered !== 'severalPipelines' || context.severalPipelines || isSet(field, filter))).map((field) => ({
    field,
    label: `$(${field.palette!.icon}) ${field.label(t)}`,
    description: currentWords(field, filter, t),
  }));
}

function isSet(field: FilterField, filter: OpportunityFilter): boolean {
  const value = filter[field.key];
  return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** The field's value in the filter, as Filter… shows it beside the field. */
export function currentWords(field: FilterField, filter: OpportunityFilter, t: Translate): string | undefined {
  if (!isSet(field, filter)) return undefined;
  switch (field.kind) {
    case 'several': {
      const values = filter[field.key]!;
      return FIXED_CHOICES[field.source] ? values.map((v) => fixedChoiceWord(field.source, v, t)).join(', ') : t('{0} selected', values.length);
    }
    case 'one':
      return t('set');
    case 'date':
      return describeRange(filter[field.key], t) || undefined;
    case 'yesNo':
      return filter[field.key] ? field.yes(t) : field.no(t);
    case 'text':
    case 'id':
      return field.describe(t, filter[field.key]!);
  }
}

/** A field to group or sort by, with its natural direction and the words of both. */
export interface OrderChoice<F> {
  field: F;
  label: string;
  /** The direction a first pick applies: newest dates, highest numbers, names A → Z, pipeline order. */
  naturalDescending: boolean;
  /** "Oldest first", "Newest first" (for a status grouping, words that also say "stage", so typing it finds it). */
  ascending: string;
  descending: string;
}

/**
 * Group By… and Sort By… in one step: each field in its natural direction, then, under `reverseTitle`, each
 * in the other; the way in use says `currentWord`.
 */
export function orderPickEntries<F>(
  choices: readonly OrderChoice<F>[],
  current: { field: F; descending: boolean } | undefined,
  words: { current: string; reverse: string },
): PickEntry<{ field: F; descending: boolean }>[] {
  const entry = (choice: OrderChoice<F>, descending: boolean): PickEntry<{ field: F; descending: boolean }> => {
    const isCurrent = current?.field === choice.field && current.descending === descending;
    const direction = descending ? choice.descending : choice.ascending;
    return {
      kind: 'item',
      label: choice.label,
      description: isCurrent ? `${direction} · ${words.current}` : direction,
      value: { field: choice.field, descending },
      picked: false,
    };
  };
  return [
    ...choices.map((choice) => entry(choice, choice.naturalDescending)),
    { kind: 'separator', label: words.reverse },
    ...choices.map((choice) => entry(choice, !choice.naturalDescending)),
  ];
}
