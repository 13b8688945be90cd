// close_needsAttention (#closeAttention): the Needs Attention view's review of a filter (stalled, overdue, no close
// date, quiet: each kind's count and annualized value, the number needing attention counted once) and the first
// rows of each kind with why. The review's `_limit=0` requests, then one page of each kind that has any.
import * as vscode from 'vscode';
import { ATTENTION_KINDS, DEFAULT_QUIET_DAYS, attentionDays, kindPager, reviewAttention, type AttentionKind } from '../../close/attention';
import type { CloseClient } from '../../close/client';
import { moneyContext } from '../../close/format';
import { validateFilter } from '../../close/query';
import type { Opportunity } from '../../close/types';
import { t } from '../../shared/l10n';
import { ATTENTION_ROW_FIELDS, toAttentionRow, type AttentionRow } from '../../views/attention/attentionModel';
import { attentionText, ROWS_PER_KIND } from '../attentionText';
import { MAX_QUIET_DAYS, type AttentionInput } from '../toolSchemas';
import { CloseTool, ToolAnswer } from './closeTool';

export class NeedsAttentionTool extends CloseTool<AttentionInput> {
  protected message(input: AttentionInput): string {
    return t('Close: what needs attention — {0} (quiet: no update for {1} days)', this.givenWords(input.filter), this.quietDays(input.quietDays));
  }

  protected async answer(input: AttentionInput, client: CloseClient, signal: AbortSignal): Promise<string> {
    const quietDays = input.quietDays;
    if (quietDays !== undefined && (typeof quietDays !== 'number' || !Number.isFinite(quietDays) || quietDays < 1 || quietDays > MAX_QUIET_DAYS)) {
      throw new ToolAnswer(`Nothing was asked of Close: quietDays must be a number of days from 1 to ${MAX_QUIET_DAYS}.`);
    }
    const { filter, viewFilter } = await this.filterOf(input.filter, signal);
    validateFilter(filter);
    const currency = this.context.services.referenceData.currency(signal).catch(() => undefined);
    const review = await reviewAttention(client, filter, attentionDays(new Date(), this.quietDays(quietDays)), signal);
    const rows = Object.fromEntries(
      await Promise.all(
        ATTENTION_KINDS.map(async (kind): Promise<[AttentionKind, AttentionRow[]]> => {
          if (review.kinds[kind].total_results === 0) return [kind, []];
          const page = await kindPager(client, filter, kind, review, ATTENTION_ROW_FIELDS)(0, ROWS_PER_KIND, signal);
          return [kind, page.objects.map((o) => toAttentionRow(o as Opportunity))];
        }),
      ),
    ) as Record<AttentionKind, AttentionRow[]>;
    const money = moneyContext(
      await currency,
      Object.values(rows).flatMap((list) => list.map((row) => row.value_currency)),
    );
    return attentionText({
      ...this.asked('Close — needs attention', filter, viewFilter),
      currency: money.currency,
      mixed: money.mixed,
      review,
      rows,
    });
  }

  /** The days given, else the user's setting (as the view uses it). */
  private quietDays(given: unknown): number {
    if (typeof given === 'number' && Number.isFinite(given)) return Math.floor(given);
    const setting = Number(vscode.workspace.getConfiguration('closeOpportunities').get<unknown>('attention.quietDays'));
    return Number.isFinite(setting) && setting >= 1 ? Math.floor(setting) : DEFAULT_QUIET_DAYS;
  }
}
