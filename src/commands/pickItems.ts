// What the status and owner quick picks list. Pure: no 'vscode' here.
import type { OpportunityStatus, Pipeline, StatusType, User } from '../close/types';
import { userName } from '../close/userName';
import { inertText } from '../close/inert';

export type PickEntry<T> = { kind: 'separator'; label: string } | { kind: 'item'; label: string; description?: string; value: T; picked: boolean };

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
 * Users by name; the owners of the current filter are picked, and those no longer listed by /user/
 * (deactivated: they still own opportunities) stay in the list while they are in the filter.
 */
export function userPickEntries(
  users: readonly User[],
  current: ReadonlySet<string>,
  knownNames: ReadonlyMap<string, string>,
  notCurrent = 'not a current user',
): PickEntry<string>[] {
  const entries: PickEntry<string>[] = users
    .map((user) => ({
      kind: 'item' as const,
      label: inertText(userName(user)),
      description: user.email ? inertText(user.email) : undefined,
      value: user.id,
      picked: current.has(user.id),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  // Owners /user/ does not list (former members) still own opportunities: offer those whose names were seen.
  const listed = new Set(users.map((user) => user.id));
  const former = [...new Set([...current, ...knownNames.keys()])]
    .filter((id) => !listed.has(id))
    .map((id) => ({ kind: 'item' as const, label: inertText(knownNames.get(id) ?? id), description: notCurrent, value: id, picked: current.has(id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...entries, ...former];
}
