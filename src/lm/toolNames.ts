// The chat tools' names, apart from their schemas so that registering them at activation loads
// nothing else.

/** The tools, by what they do, and their names in the manifest (package.json `languageModelTools`). */
export const TOOL_NAMES = {
  findOpportunities: 'close_findOpportunities',
  pipelineSummary: 'close_pipelineSummary',
  opportunityDetails: 'close_opportunityDetails',
  changesSinceLastLook: 'close_changesSinceLastLook',
  needsAttention: 'close_needsAttention',
} as const;
export type ToolKey = keyof typeof TOOL_NAMES;
