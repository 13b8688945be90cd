// close_opportunityDetails (#closeOpportunity): one opportunity as Close has it now, what Show Details opens.
import type { CloseClient } from '../../close/client';
import { NotFoundError } from '../../close/errors';
import { t } from '../../shared/l10n';
import { opportunityIdIn } from '../../views/tree/rows';
import { dataText } from '../dataFence';
import { detailsText } from '../detailsText';
import type { DetailsInput } from '../toolSchemas';
import { CloseTool, ToolAnswer } from './closeTool';

export class OpportunityDetailsTool extends CloseTool<DetailsInput> {
  protected message(input: DetailsInput): string {
    return t('Close: details of {0}', typeof input.id === 'string' ? (opportunityIdIn(input.id) ?? input.id) : '?');
  }

  protected async answer(input: DetailsInput, client: CloseClient, signal: AbortSignal): Promise<string> {
    const id = typeof input.id === 'string' ? opportunityIdIn(input.id) : undefined;
    if (!id) throw new ToolAnswer(`Nothing was asked of Close: “${dataText(String(input.id), 100)}” is not an opportunity id (oppo_ followed by letters and digits).`);
    try {
      return detailsText(await client.getOpportunity(id, signal));
    } catch (error) {
      if (error instanceof NotFoundError) throw new ToolAnswer(`Close has no opportunity ${id} in this organization (404 Not Found).`);
      throw error;
    }
  }
}
