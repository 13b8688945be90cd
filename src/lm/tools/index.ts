// The chat tools' implementations, made on first use (dist/later.js); ./registerTools.ts registers their names.
import type * as vscode from 'vscode';
import type { ChatToolContext } from '../chatToolContext';
import type { ToolKey } from '../toolNames';
import { ChangesSinceLastLookTool } from './changesSinceLastLook';
import { FindOpportunitiesTool } from './findOpportunities';
import { NeedsAttentionTool } from './needsAttention';
import { OpportunityDetailsTool } from './opportunityDetails';
import { PipelineSummaryTool } from './pipelineSummary';

export function chatTools(context: ChatToolContext): Record<ToolKey, vscode.LanguageModelTool<object>> {
  return {
    findOpportunities: new FindOpportunitiesTool(context),
    pipelineSummary: new PipelineSummaryTool(context),
    opportunityDetails: new OpportunityDetailsTool(context),
    changesSinceLastLook: new ChangesSinceLastLookTool(context),
    needsAttention: new NeedsAttentionTool(context),
  };
}
