// Every command of the manifest (shared/commands.ts), registered in one place. Activation registers the names
// only: the work behind most of them (./handlers.ts) is in dist/later.js and loads the first time one runs.
import * as vscode from 'vscode';
import type { Services } from '../state/services';
import { onFirstUse } from '../shared/onFirstUse';
import type * as CommandsLater from './later';
import { COMMAND_NAMES, commandId, type CommandName } from '../shared/commands';
import { SUMMARY_VIEW_ID } from '../shared/viewIds';
import { ErrorNode, LoadMoreNode } from '../views/tree/treeNodes';
import type { OpportunityTreeView } from '../views/tree/opportunityTreeView';
import type { AttentionCommand, CommandHandlers, FeatureCommand, LaterCommand } from './handlers';

/** Registered by the view or the feature they belong to. */
const ELSEWHERE: readonly CommandName[] = [
  ...(['nextNeedingAttention', 'previousNeedingAttention', 'copyDraft'] satisfies AttentionCommand[]),
  ...(['showChanges', 'markAllSeen', 'exportView'] satisfies FeatureCommand[]),
];

export function registerCommands(services: Services, tree: OpportunityTreeView): vscode.Disposable[] {
  const model = tree.model;
  // The few commands that need nothing from dist/later.js; every other command of the manifest has its work there.
  const now: Record<Exclude<CommandName, LaterCommand | AttentionCommand | FeatureCommand>, (arg?: unknown) => unknown> = {
    showLog: () => services.log.show(),
    loadMore: (arg) => (arg instanceof LoadMoreNode ? model.loadMore(arg) : undefined),
    retry: (arg) => (arg instanceof ErrorNode ? model.retry(arg) : model.reload()),
    focusSummary: () => vscode.commands.executeCommand(`${SUMMARY_VIEW_ID}.focus`),
  };
  let handlers: CommandHandlers | undefined;
  return COMMAND_NAMES.filter((name) => !ELSEWHERE.includes(name)).map((name) =>
    vscode.commands.registerCommand(
      commandId(name),
      (now as Partial<Record<CommandName, (arg?: unknown) => unknown>>)[name] ??
        ((arg?: unknown) => {
          handlers ??= onFirstUse<typeof CommandsLater>().commandHandlers(services, tree);
          return handlers[name as LaterCommand](arg);
        }),
    ),
  );
}
