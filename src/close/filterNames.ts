// Names where the filter takes ids: "Alice", "Demo Scheduled", "Q4 renewals" become the ids of Close's own
// lists, or a problem that lists the valid choices; never a guess. Pure: no 'vscode' here.
import type { OpportunityFilter } from './filter';
import { FILTER_FIELDS, FIXED_CHOICES, type ChoiceSource, type FilterField } from './filterFields';
import type { OpportunityStatus, Pipeline, SavedSearch, User } from './types';
import { userName } from './userName';

/** The list a field's names come from, when it is not a fixed list (statuses, users, Smart Views…). */
export function namedSource(field: FilterField): ChoiceSource | undefined {
  return 'source' in field && FIXED_CHOICES[field.source] === undefined ? field.source : undefined;
}

/** The lists names are looked up in (those a filter needs; see `listsNeeded`). */
export interface NameLists {
  users?: readonly User[];
  /** The user the key belongs to (GET /me/): "me" names them. */
  me?: User;
  /** Owners Close's /user/ does not list (former members) whose names were seen on opportunities. */
  ownerNames?: ReadonlyMap<string, string>;
  statuses?: readonly OpportunityStatus[];
  pipelines?: readonly Pipeline[];
  savedSearches?: readonly SavedSearch[];
}

export interface Choice {
  /** What the filter holds: an id, or a status name for a status label. */
  value: string;
  /** "Alice Anders", "Won (Sales)". */
  name: string;
}

/** A name that names nothing, or several things: the choices it could be. */
export interface NameProblem {
  field: string;
  value: string;
  kind: 'unknown' | 'ambiguous';
  choices: Choice[];
}

export type Resolution = { filter: OpportunityFilter; problem?: undefined } | { problem: NameProblem; filter?: undefined };

/** The id prefix of each source whose values are ids: a value of that shape is taken as is, with no list. */
const ID_PREFIX: Partial<Record<ChoiceSource, string>> = { users: 'user', statuses: 'stat', smartViews: 'save' };

function isIdOf(source: ChoiceSource, value: string): boolean {
  const prefix = ID_PREFIX[source];
  return prefix !== undefined && new RegExp(`^${prefix}_[A-Za-z0-9]+$`).test(value);
}

function valuesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The lists the filter's names must be looked up in (ids need none): at most one request each, once per connection. */
export function listsNeeded(filter: Record<string, unknown>): Set<ChoiceSource> {
  const needed = new Set<ChoiceSource>();
  for (const field of FILTER_FIELDS) {
    const source = namedSource(field);
    if (source && valuesOf(filter[field.key]).some((value) => !isIdOf(source, value))) needed.add(source);
  }
  return needed;
}

/** Every choice of a list, named as a person reads it. */
export function choicesOf(source: ChoiceSource, lists: NameLists): Choice[] {
  switch (source) {
    case 'users': {
      const listed = (lists.users ?? []).map((u) => ({ value: u.id, name: userName(u) }));
      const former = [...(lists.ownerNames ?? [])].filter(([id]) => !listed.some((c) => c.value === id)).map(([id, name]) => ({ value: id, name }));
      return [...(lists.me ? [{ value: lists.me.id, name: 'me' }] : []), ...listed, ...former];
    }
    case 'statuses': {
      const pipelines = new Map((lists.pipelines ?? []).map((p) => [p.id, p.name]));
      return (lists.statuses ?? []).map((s) => {
        const pipeline = pipelines.size > 1 && s.pipeline_id ? pipelines.get(s.pipeline_id) : undefined;
        return { value: s.id, name: pipeline ? `${s.label} (${pipeline})` : s.label };
      });
    }
    case 'statusLabels':
      return [...new Set((lists.statuses ?? []).map((s) => s.label).filter(Boolean))].map((label) => ({ value: label, name: label }));
    case 'smartViews':
      return (lists.savedSearches ?? []).map((s) => ({ value: s.id, name: s.name || s.id }));
    default:
      return (FIXED_CHOICES[source] ?? []).map((value) => ({ value, name: value }));
  }
}

const normal = (text: string) => text.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

/** The status label alone ("Won" of "Won (Sales)"), for a name given without its pipeline. */
function bareStatus(choice: Choice, source: ChoiceSource): string | undefined {
  return source === 'statuses' ? choice.name.replace(/ \([^()]*\)$/, '') : undefined;
}

/** The choices a value names: its id, else its whole name (or a status's label), else whole words of a name. */
export function matchName(value: string, choices: readonly Choice[], source: ChoiceSource): Choice[] {
  const byValue = choices.filter((c) => c.value === value);
  if (byValue.length > 0) return byValue;
  const wanted = normal(value);
  if (wanted === '') return [];
  const exact = choices.filter((c) => normal(c.name) === wanted || normal(c.value) === wanted);
  if (exact.length > 0) return exact;
  const label = choices.filter((c) => normal(bareStatus(c, source) ?? '') === wanted);
  if (label.length > 0) return label;
  return choices.filter((c) => ` ${normal(c.name)} `.includes(` ${wanted} `));
}

/**
 * The filter with every name replaced by what it names. Values that have the shape of an id pass as they
 * are (Close answers for an id it does not know); the first name that names nothing, or several things,
 * is the problem, with the choices.
 */
export function resolveNames(filter: Record<string, unknown>, lists: NameLists): Resolution {
  const resolved: Record<string, unknown> = { ...filter };
  for (const field of FILTER_FIELDS) {
    if (!('source' in field) || filter[field.key] === undefined) continue;
    const source = field.source;
    const given = filter[field.key];
    if (typeof given !== 'string' && !Array.isArray(given)) continue;
    const out: string[] = [];
    for (const value of valuesOf(given)) {
      if (isIdOf(source, value)) {
        out.push(value);
        continue;
      }
      const choices = choicesOf(source, lists);
      const found = matchName(value, choices, source);
      if (found.length !== 1) {
        return { problem: { field: field.key, value, kind: found.length === 0 ? 'unknown' : 'ambiguous', choices: found.length === 0 ? choices : found } };
      }
      out.push(found[0].value);
    }
    resolved[field.key] = typeof given === 'string' ? out[0] : [...new Set(out)];
  }
  return { filter: resolved };
}
