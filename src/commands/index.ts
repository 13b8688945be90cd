// Every command of the extension, registered in one place. Activation registers the names only: the work
// behind them (./handlers.ts) is in dist/later.js and loads the first time one runs.
import * as vscode from 'vscode';
import type { Services } from '../shared/services';
import { later } from '../shared/onFirstUse';
import { commandId, type CommandName } from '../shared/commands';
import { ErrorNode, LoadMoreNode } from '../views/tree/opportunitiesModel';
import type { OpportunityTreeView } from '../views/tree/opportunityTreeView';
import type { ChangeCommandContext } from './changeCommands';
import type { CommandHandlers } from './handlers';

/** The commands whose work is in dist/later.js (names without `closeOpportunities.`). */
const LATER_COMMANDS: readonly CommandName[] = [
  'setApiKey',
  'signOut',
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
  'openById',
  'testConnection',
  'openInClose',
  'copyId',
  'copyAsJson',
  'showDetails',
  'revealInSidebar',
  'revealOrShowDetails',
  'showChanges',
  'markAllSeen',
  'exportView',
  'saveFilter',
  'applySavedFilter',
];

export function registerCommands(services: Services, tree: OpportunityTreeView, changes: ChangeCommandContext): vscode.Disposable[] {
  const model = tree.model;
  let handlers: CommandHandlers | undefined;
  const command = (name: CommandName, run: (arg?: unknown) => unknown) => vscode.commands.registerCommand(commandId(name), run);
  return [
    ...LATER_COMMANDS.map((id) =>
      command(id, (arg) => {
        handlers ??= later().commandHandlers(services, tree, changes);
        return handlers[id](arg);
      }),
    ),
    command('showLog', () => services.log.show()),
    command('loadMore', (arg) => (arg instanceof LoadMoreNode ? model.loadMore(arg) : undefined)),
    command('retry', (arg) => (arg instanceof ErrorNode ? model.retry(arg) : model.reload())),
    command('focusSummary', () => vscode.commands.executeCommand('closeOpportunities.summary.focus')),
  ];
}
