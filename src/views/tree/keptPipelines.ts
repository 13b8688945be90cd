// Status and pipeline groups are counted with the pipelines kept with the results while Close's own are asked
// beside them: one round trip instead of two. Close's pipelines decide: when they differ, the groups are counted again.
import type { CloseClient, GroupDiscovery } from '../../close/client';
import type { GroupBy, OpportunityFilter } from '../../close/filter';
import { isPipelineGrouping, type Pipeline } from '../../close/types';
import type { ModelDependencies } from './modelDependencies';

/** The groups of the filter, and the pipelines of Close they were counted with (kept with them). */
export async function discoverGroups(
  client: CloseClient,
  filter: OpportunityFilter & { group_by: GroupBy },
  deps: Pick<ModelDependencies, 'pipelines' | 'showEmptyStatuses' | 'offline'>,
  signal: AbortSignal,
): Promise<{ discovery: GroupDiscovery; pipelines: Pipeline[] | undefined }> {
  if (!isPipelineGrouping(filter.group_by.field)) return { discovery: await client.discoverGroups(filter, { signal }), pipelines: undefined };
  const includeEmpty = deps.showEmptyStatuses?.() === true;
  const discover = (pipelines: readonly Pipeline[] | undefined) => client.discoverGroups(filter, { signal, pipelines, includeEmpty });
  const current = Promise.resolve(deps.pipelines?.(signal));
  const kept = (await deps.offline?.load(filter).catch(() => undefined))?.pipelines;
  const early = kept ? discover(kept) : undefined;
  // Settled here when not awaited below (Close's pipelines failed or differ).
  early?.catch(() => undefined);
  const pipelines = await current;
  if (early && pipelines && JSON.stringify(pipelines) === JSON.stringify(kept)) return { discovery: await early, pipelines };
  return { discovery: await discover(pipelines), pipelines };
}
