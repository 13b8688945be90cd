// Every command of the browse feature, registered in one place.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ErrorNode, LoadMoreNode } from '../views/tree/opportunitiesModel';
import type { OpportunityTreeView } from '../views/tree/opportunityTreeView';
import { exploreSampleData, setApiKey, signOut } from './connectionCommands';
import * as filters from './filterCommands';
import * as opportunity from './opportunityCommands';
import { testConnection } from './testConnection';

export function registerCommands(services: Services, tree: OpportunityTreeView): vscode.Disposable[] {
  const model = tree.model;
  const command = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(`closeOpportunities.${id}`, run);
  return [
    new opportunity.OpportunityDocuments(),
    command('setApiKey', () => setApiKey(services)),
    command('signOut', () => signOut(services)),
    command('exploreSampleData', () => exploreSampleData(services)),
    command('refresh', async () => {
      // After the user chose not to send the key to the base URL's server, Refresh asks again.
      services.connection.askAgainToSendKey();
      if (!(await filters.requireConnection(services))) return;
      services.referenceData.clear();
      model.setStarted();
      await model.reload();
    }),
    command('filter', () => filters.filter(services)),
    command('filterByStatus', () => filters.filterByStatus(services)),
    command('filterByUser', () => filters.filterByUser(services)),
    command('filterByValuePeriod', () => filters.filterByValuePeriod(services)),
    command('filterByDateWon', () => filters.filterByDate(services, 'date_won')),
    command('search', () => filters.search(services)),
    command('applySmartView', () => filters.applySmartView(services)),
    command('groupBy', () => filters.groupBy(services)),
    command('sortBy', () => filters.sortBy(services)),
    command('clearFilters', () => filters.clearFilters(services)),
    command('openById', () => opportunity.openById(services, tree)),
    command('showLog', () => services.log.show()),
    command('testConnection', () => testConnection(services)),
    command('openInClose', (arg) => opportunity.openInClose(services, tree, arg)),
    command('copyId', (arg) => opportunity.copyId(tree, arg)),
    command('copyAsJson', (arg) => opportunity.copyAsJson(services, tree, arg)),
    command('showDetails', (arg) => opportunity.showDetails(services, tree, arg)),
    command('revealInSidebar', (arg) => opportunity.revealInSidebar(services, tree, arg)),
    command('revealOrShowDetails', (arg) => opportunity.revealOrShowDetails(services, tree, arg)),
    command('loadMore', (arg) => (arg instanceof LoadMoreNode ? model.loadMore(arg) : undefined)),
    command('retry', (arg) => (arg instanceof ErrorNode ? model.retry(arg) : model.reload())),
    command('focusSummary', () => vscode.commands.executeCommand('closeOpportunities.summary.focus')),
  ];
}
