// The work behind the palette's commands, loaded on first use (dist/later.js); ./index.ts registers them.
import type { CommandName } from '../shared/commands';
import type { Services } from '../state/services';
import type { OpportunityTreeView } from '../views/tree/opportunityTreeView';
import { filterField } from '../close/filterFields';
import { exploreSampleData, setApiKey, signOut } from './connectionCommands';
import { switchOrganization } from './organizationCommands';
import * as filters from './filterCommands';
import { filter as filterPick } from './filterLinePick';
import * as opportunity from './opportunityCommands';
import { testConnection } from './testConnection';
import { applySavedFilter, saveFilter } from './savedFilters';

/** The commands whose work is here (every other one is registered with its work in ./index.ts). */
export type LaterCommand = Exclude<CommandName, 'showLog' | 'loadMore' | 'retry' | 'focusSummary' | AttentionCommand | FeatureCommand>;

/** Registered by the Needs Attention view (src/views/attention/attentionView.ts), which they act on. */
export type AttentionCommand = 'nextNeedingAttention' | 'previousNeedingAttention' | 'copyDraft';

/** Registered by their features' seams (src/features/changes/index.ts, src/features/export/index.ts). */
export type FeatureCommand = 'showChanges' | 'markAllSeen' | 'exportView';

export type CommandHandlers = Record<LaterCommand, (arg?: unknown) => unknown>;

/** Command name (without `closeOpportunities.`) → what it does. */
export function commandHandlers(services: Services, tree: OpportunityTreeView): CommandHandlers {
  const model = tree.model;
  return {
    setApiKey: () => setApiKey(services),
    signOut: () => signOut(services),
    exploreSampleData: () => exploreSampleData(services),
    switchOrganization: () => switchOrganization(services),
    refresh: async () => {
      // After the user chose not to send the key to the base URL's server, Refresh asks again.
      services.connection.askAgainToSendKey();
      if (!(await filters.requireConnection(services))) return;
      services.referenceData.clear();
      model.setStarted();
      await model.reload();
    },
    filter: () => filterPick(services),
    filterByStatus: () => filters.filterByStatus(services),
    filterByUser: () => filters.filterByUser(services),
    filterByValuePeriod: () => filters.filterByValuePeriod(services),
    filterByDateWon: () => filters.pickField(services, filterField('date_won')),
    search: () => filters.search(services),
    applySmartView: () => filters.applySmartView(services),
    groupBy: () => filters.groupBy(services),
    sortBy: () => filters.sortBy(services),
    clearFilters: () => filters.clearFilters(services),
    openById: () => opportunity.openById(services, tree),
    testConnection: () => testConnection(services),
    openInClose: (arg) => opportunity.openInClose(services, tree, arg),
    copyId: (arg) => opportunity.copyId(tree, arg),
    copyAsJson: (arg) => opportunity.copyAsJson(services, tree, arg),
    showDetails: (arg) => opportunity.showDetails(services, tree, arg),
    showLeadOpportunities: (arg) => opportunity.showLeadOpportunities(services, tree, arg),
    revealInSidebar: (arg) => opportunity.revealInSidebar(services, tree, arg),
    revealOrShowDetails: (arg) => opportunity.revealOrShowDetails(services, tree, arg),
    saveFilter: (arg) => saveFilter(services, arg),
    applySavedFilter: (arg) => applySavedFilter(services, arg),
  };
}
