// Named filters kept in globalState. vscode-free (a Memento-like store is passed in), so it is unit-tested.
// Only filter fields are ever written: a copy is made field by field from the declared fields, so nothing
// else (and certainly no credential) can reach globalState through a saved filter.
import type { OpportunityFilter } from '../close/filter';
import { SAVED_FIELDS } from '../close/filterFields';

export interface SavedFilter {
  name: string;
  filter: OpportunityFilter;
  /** ISO datetime. */
  savedAt: string;
}

/** The part of `vscode.Memento` we use. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const SAVED_FILTERS_KEY = 'closeOpportunities.savedFilters';
export const MAX_NAME_LENGTH = 80;

/** A deep copy of the filter's own fields only (JSON round trip: plain data, no prototypes). */
export function filterFields(filter: OpportunityFilter): OpportunityFilter {
  const copy: Record<string, unknown> = {};
  for (const field of SAVED_FIELDS) {
    if (filter[field] !== undefined) copy[field] = JSON.parse(JSON.stringify(filter[field]));
  }
  return copy;
}

/** Why a name cannot be used, or undefined. */
export function nameProblem(name: string): 'empty' | 'tooLong' | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > MAX_NAME_LENGTH) return 'tooLong';
  return undefined;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

function isSavedFilter(value: unknown): value is SavedFilter {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.filter === 'object' && v.filter !== null && !Array.isArray(v.filter) && typeof v.savedAt === 'string';
}

/** The saved filters of one organization (they hold its status and user ids). */
export class SavedFilterStore {
  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => Date = () => new Date(),
    private readonly key: string = SAVED_FILTERS_KEY,
  ) {}

  /** Saved filters, sorted by name; entries that are not well-formed are skipped. */
  list(): SavedFilter[] {
    const stored = this.memento.get<unknown>(this.key);
    if (!Array.isArray(stored)) return [];
    return stored
      .filter(isSavedFilter)
      .map((s) => ({ name: s.name, filter: filterFields(s.filter), savedAt: s.savedAt }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): SavedFilter | undefined {
    return this.list().find((s) => sameName(s.name, name));
  }

  /** Saves (or replaces, same name ignoring case) a filter. */
  async save(name: string, filter: OpportunityFilter): Promise<SavedFilter> {
    const problem = nameProblem(name);
    if (problem) throw new Error(problem === 'empty' ? 'A saved filter needs a name.' : `A name has at most ${MAX_NAME_LENGTH} characters.`);
    const entry: SavedFilter = { name: name.trim(), filter: filterFields(filter), savedAt: this.now().toISOString() };
    const others = this.list().filter((s) => !sameName(s.name, name));
    await this.memento.update(this.key, [...others, entry]);
    return entry;
  }

  /** True when something was deleted. */
  async delete(name: string): Promise<boolean> {
    const all = this.list();
    const rest = all.filter((s) => !sameName(s.name, name));
    if (rest.length === all.length) return false;
    await this.memento.update(this.key, rest);
    return true;
  }
}
