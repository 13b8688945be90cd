// Status and pipeline groups. Close's API has no `_group_by` for them, so they are built from its pipelines
// (`/pipeline/`, else the flat `/status/opportunity/` list): one `_limit=0` request per status, or per
// pipeline, that the filter allows, in Close's order.
import { addAggregates, aggregatesOf } from './aggregates';
import type { GroupBy, OpportunityFilter } from './filter';
import { type GroupSummary, groupLabel } from './groups';
import { isCloseId } from './ids';
import { opportunityPage } from './opportunityPage';
import type { ReferenceLists } from './referenceLists';
import type { CallStats, Requester } from './request';
import type { Translate } from './translate';
import type { Aggregates, OpportunityStatus, Pipeline, PipelineGroupFields } from './types';

/**
 * Status or pipeline groups: the statuses in Close's order (pipeline by pipeline, status by status), those
 * the filter excludes left out without asking (its `status_id`, `status_type`, `status_label`), then one
 * `_limit=0` request per status (the filter plus `status_id`) or per pipeline (`status_id__in` of its
 * statuses). Every status belongs to a pipeline, so the groups add up to the filter: its aggregates are
 * their sum, with no request of their own.
 */
export async function discoverPipelineGroups(
  requests: Requester,
  lists: ReferenceLists,
  filter: OpportunityFilter & { group_by: GroupBy },
  options: { pipelines?: readonly Pipeline[]; includeEmpty?: boolean },
  signal: AbortSignal,
  stats: CallStats,
  translate: Translate,
): Promise<{ aggregates: Aggregates; groups: GroupSummary[] }> {
  const { group_by: groupBy, ...ungrouped } = filter;
  // Reference lists are not counted in `requests`: callers usually have them already.
  const pipelines = options.pipelines ?? (await lists.pipelines(signal));
  let statuses = pipelineStatuses(pipelines);
  if (statuses.length === 0) {
    // An organization without pipelines (older accounts): the flat status list, in its own order.
    statuses = pipelineStatuses([{ id: '', name: '', statuses: await lists.statuses(signal) }]);
  }
  for (const id of ungrouped.status_id ?? []) {
    // A status the filter names but no pipeline lists still gets its group (labelled by its id).
    if (!statuses.some((status) => status.status_id === id)) statuses.push({ status_id: id, status_label: null, pipeline_id: null, pipeline_name: null });
  }
  const allowed = statuses.filter((status) => statusAllowed(status, ungrouped));
  const candidates: PipelineGroupFields[] = [];
  if (groupBy.field === 'status_id') {
    for (const status of allowed) candidates.push({ ...status, status_ids: [status.status_id!] });
  } else {
    const byPipeline = new Map<string, PipelineGroupFields>();
    for (const status of allowed) {
      const id = status.pipeline_id ?? '';
      let pipeline = byPipeline.get(id);
      if (!pipeline) {
        pipeline = { pipeline_id: status.pipeline_id ?? null, pipeline_name: status.pipeline_name ?? null, status_ids: [] };
        byPipeline.set(id, pipeline);
        candidates.push(pipeline);
      }
      pipeline.status_ids!.push(status.status_id!);
    }
  }
  const counted = await Promise.all(
    candidates.map(async (candidate) => ({
      candidate,
      aggregates: aggregatesOf(await opportunityPage(requests, { ...ungrouped, status_id: candidate.status_ids }, { skip: 0, limit: 0 }, signal, stats)),
    })),
  );
  const several = pipelines.filter((p) => typeof p === 'object' && p !== null).length > 1;
  const groups: GroupSummary[] = counted
    .filter(({ aggregates }) => options.includeEmpty === true || aggregates.total_results > 0)
    .map(({ candidate, aggregates }) => ({
      ...aggregates,
      ...candidate,
      key: (groupBy.field === 'status_id' ? candidate.status_id : candidate.pipeline_id) ?? 'none',
      label: groupLabel(candidate, groupBy.field, several, translate),
    }));
  if (groupBy.descending) groups.reverse();
  return { aggregates: addAggregates(counted.map(({ aggregates }) => aggregates)), groups };
}

/** The statuses of the pipelines in Close's order, each once, with their pipeline; unusable entries left out. */
export function pipelineStatuses(pipelines: readonly Pipeline[]): PipelineGroupFields[] {
  const statuses: PipelineGroupFields[] = [];
  const seen = new Set<string>();
  for (const pipeline of pipelines) {
    if (typeof pipeline !== 'object' || pipeline === null || !Array.isArray(pipeline.statuses)) continue;
    const pipelineId = isCloseId(pipeline.id, 'pipe') ? pipeline.id : null;
    const pipelineName = typeof pipeline.name === 'string' && pipeline.name !== '' ? pipeline.name : null;
    for (const status of pipeline.statuses as unknown[]) {
      if (typeof status !== 'object' || status === null) continue;
      const { id, label, type, pipeline_id: ownPipeline } = status as Partial<OpportunityStatus>;
      if (!isCloseId(id, 'stat') || seen.has(id)) continue;
      seen.add(id);
      statuses.push({
        status_id: id,
        status_label: typeof label === 'string' ? label : null,
        status_type: type === 'active' || type === 'won' || type === 'lost' ? type : null,
        pipeline_id: pipelineId ?? (isCloseId(ownPipeline, 'pipe') ? ownPipeline : null),
        pipeline_name: pipelineName,
      });
    }
  }
  return statuses;
}

/**
 * False when the filter excludes every opportunity of this status, so it needs no request: a `status_id`
 * list without it, a `status_type` list without its type, a `status_label`/`status` list without its label
 * (compared without case, in case Close does). Unknown types and labels are kept: the server decides.
 */
export function statusAllowed(status: PipelineGroupFields, filter: OpportunityFilter): boolean {
  if (filter.status_id?.length && !filter.status_id.includes(status.status_id ?? '')) return false;
  if (filter.status_type?.length && status.status_type && !filter.status_type.includes(status.status_type)) return false;
  const label = status.status_label?.toLowerCase();
  for (const labels of [filter.status_label, filter.status]) {
    if (labels?.length && label !== undefined && !labels.some((l) => l.toLowerCase() === label)) return false;
  }
  return true;
}
