// The extension's commands, as the manifest (package.json) declares them: a public contract. Code names a
// command through `commandId`, so a misspelt one does not compile (test/unit/shared/commands.test.ts keeps the
// list equal to the manifest's).

export const COMMAND_NAMES = [
  'setApiKey',
  'signOut',
  'switchOrganization',
  'exploreSampleData',
  'refresh',
  'filter',
  'filterByStatus',
  'filterByUser',
  'filterByValuePeriod',
  'filterByDateWon',
  'search',
  'applySmartView',
  'groupBy',
  'sortBy',
  'clearFilters',
  'saveFilter',
  'applySavedFilter',
  'openById',
  'exportView',
  'testConnection',
  'showChanges',
  'markAllSeen',
  'showLog',
  'openInClose',
  'copyId',
  'copyAsJson',
  'showDetails',
  'showLeadOpportunities',
  'revealInSidebar',
  'revealOrShowDetails',
  'loadMore',
  'retry',
  'focusSummary',
  'nextNeedingAttention',
  'previousNeedingAttention',
  'copyDraft',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/** `closeOpportunities.<name>`. */
export function commandId<N extends CommandName>(name: N): `closeOpportunities.${N}` {
  return `closeOpportunities.${name}`;
}
