// close_pipelineSummary (#closePipeline): a filter's totals, and its groups (status, pipeline, owner, week, month,
// quarter, year of the close date) with their counts and sums, found by the tree's own group discovery with its caps.
import { aggregatesOf } from '../../close/aggregates';
import type { CloseClient, GroupSummary } from '../../close/client';
import type { GroupBy, OpportunityFilter } from '../../close/filter';
import { moneyContext } from '../../close/format';
import { validateFilter } from '../../close/query';
import { isPipelineGrouping, type Aggregates } from '../../close/types';
import { t } from '../../shared/l10n';
import { offlineMessage } from '../../features/offline/offlineText';
import { aggregatesView, groupRows } from '../../features/summary/summaryModel';
import { summaryText } from '../resultText';
import { GROUPINGS, type GroupingWord, type SummaryInput } from '../toolSchemas';
import { CloseTool, ToolAnswer } from './closeTool';

/** The grouping in the user's words, for the invocation message. */
function groupingWords(word: GroupingWord): string {
  switch (word) {
    case 'status':
      return t('status');
    case 'pipeline':
      return t('pipeline');
    case 'owner':
      return t('owner');
    case 'week':
      return t('close week (expected or won)');
    case 'month':
      return t('close month (expected or won)');
    case 'quarter':
      return t('close quarter (expected or won)');
    case 'year':
      return t('close year (expected or won)');
  }
}

export class PipelineSummaryTool extends CloseTool<SummaryInput> {
  protected message(input: SummaryInput): string {
    const word = input.groupBy as GroupingWord | undefined;
    const filter = this.givenWords(input.filter);
    return word && word in GROUPINGS ? t('Close: pipeline summary by {0} — {1}', groupingWords(word), filter) : t('Close: pipeline totals — {0}', filter);
  }

  protected async answer(input: SummaryInput, client: CloseClient, signal: AbortSignal): Promise<string> {
    const word = input.groupBy;
    if (word !== undefined && !(word in GROUPINGS)) {
      throw new ToolAnswer(`Nothing was asked of Close: groupBy “${String(word)}” is not one of ${Object.keys(GROUPINGS).join(', ')}.`);
    }
    const { filter, viewFilter } = await this.filterOf(input.filter, signal);
    const group_by: GroupBy | undefined = word ? { field: GROUPINGS[word as GroupingWord], descending: input.descending === true } : undefined;
    // The order the tree keeps with a filter: the kept results of a filter are found by it.
    const request: OpportunityFilter = { ...filter, order_by: this.context.model.filter.order_by, group_by };
    validateFilter(request);
    const currency = this.context.services.referenceData.currency(signal).catch(() => undefined);
    let totals: Aggregates;
    let groups: readonly GroupSummary[] | undefined;
    let offline: string | undefined;
    try {
      ({ totals, groups } = await this.ask(client, request, signal));
    } catch (error) {
      const keptResults = this.context.services.keptResults;
      const kept = keptResults.applies(error) ? await keptResults.load(request).catch(() => undefined) : undefined;

      if (!kept || (group_by && !kept.groups)) throw error;
      totals = kept.totals;
      groups = kept.groups;
      offline = offlineMessage(kept.at, Date.now(), error instanceof Error ? error.message : String(error));
    }
    const money = moneyContext(await currency, []);
    return summaryText({
      ...this.asked('Close — pipeline summary', filter, viewFilter, offline),
      currency: money.currency,
      grouping: word === undefined ? undefined : word === 'week' || word === 'month' || word === 'quarter' || word === 'year' ? `close ${word} (expected or won)` : word,
      totals: aggregatesView(totals, money.currency),
      groups: group_by && groups ? groupRows(groups, money.currency) : undefined,
    });
  }

  /** The totals in one `_limit=0` request, or the groups as the tree discovers them. */
  private async ask(client: CloseClient, request: OpportunityFilter, signal: AbortSignal): Promise<{ totals: Aggregates; groups?: readonly GroupSummary[] }> {
    const group_by = request.group_by;
    if (!group_by) return { totals: aggregatesOf(await client.listOpportunities(request, { skip: 0, limit: 0 }, signal)) };
    const pipelineGroups = isPipelineGrouping(group_by.field);
    const discovery = await client.discoverGroups(
      { ...request, group_by },
      {
        signal,
        pipelines: pipelineGroups ? await this.context.services.referenceData.pipelines(signal) : undefined,
        includeEmpty: pipelineGroups && this.context.showEmptyStatuses(),
      },
    );
    return { totals: aggregatesOf(discovery.aggregates), groups: discovery.groups };
  }
}
