// close_findOpportunities (#closeOpportunities): the rows of a filter in an order, and the filter's totals as the
// summary shows them. One list request, as a filter change in the tree makes.
import type { CloseClient } from '../../close/client';
import { aggregatesOf } from '../../close/aggregates';
import { DEFAULT_ORDER, type OpportunityFilter, type OrderBy } from '../../close/filter';
import { moneyContext } from '../../close/format';
import { validateFilter } from '../../close/query';
import { ORDER_FIELDS, type OpportunityListResponse, type OrderField } from '../../close/types';
import { t } from '../../shared/l10n';
import { offlineMessage } from '../../features/offline/offlineText';
import { aggregatesView } from '../../features/summary/summaryModel';
import { ROW_FIELDS, toRow, type OpportunityRow } from '../../views/tree/rows';
import type { Aggregates } from '../../close/types';
import { findText } from '../resultText';
import { DEFAULT_LIMIT, MAX_LIMIT, type FindInput } from '../toolSchemas';
import { CloseTool, ToolAnswer } from './closeTool';

export class FindOpportunitiesTool extends CloseTool<FindInput> {
  protected message(input: FindInput): string {
    return t('Close: find opportunities — {0}', this.givenWords(input.filter));
  }

  protected async answer(input: FindInput, client: CloseClient, signal: AbortSignal): Promise<string> {
    const limit = limitOf(input.limit);
    const order = orderOf(input.order);
    const { filter, viewFilter } = await this.filterOf(input.filter, signal);
    const request: OpportunityFilter = { ...filter, order_by: order };
    validateFilter(request);
    const reference = this.context.services.referenceData;
    const currency = reference.currency(signal).catch(() => undefined);
    let rows: readonly OpportunityRow[];
    let totals: Aggregates;
    let offline: string | undefined;
    try {
      const response = (await client.listOpportunities({ ...request, fields: [...ROW_FIELDS] }, { skip: 0, limit }, signal)) as OpportunityListResponse;
      rows = response.data.map(toRow);
      totals = aggregatesOf(response);
    } catch (error) {
      const kept = this.context.services.keptResults.applies(error) ? await this.context.services.keptResults.load(request).catch(() => undefined) : undefined;

      if (!kept?.rows) throw error;
      rows = kept.rows;
      totals = kept.totals;
      offline = offlineMessage(kept.at, Date.now(), error instanceof Error ? error.message : String(error));
    }
    const money = moneyContext(
      await currency,
      rows.map((row) => row.value_currency),
    );
    return findText({
      ...this.asked('Close — find opportunities', filter, viewFilter, offline),
      currency: money.currency,
      mixed: money.mixed,
      order,
      total: totals.total_results,
      rows,
      totals: aggregatesView(totals, money.currency),
      limit,
    });
  }
}

function limitOf(limit: unknown): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) throw new ToolAnswer(`Nothing was asked of Close: limit must be a number from 1 to ${MAX_LIMIT}.`);
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
}

function orderOf(order: FindInput['order']): OrderBy {
  if (order === undefined) return DEFAULT_ORDER;
  if (!ORDER_FIELDS.includes(order.field as OrderField)) {
    throw new ToolAnswer(`Nothing was asked of Close: order.field “${String(order.field)}” is not one of ${ORDER_FIELDS.join(', ')}.`);
  }
  return { field: order.field as OrderField, descending: order.descending !== false };
}
