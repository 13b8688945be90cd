// Changes since the last look: its commands are registered at activation, their work waits in dist/later.js.
import * as vscode from 'vscode';
import { commandId } from '../../shared/commands';
import { onFirstUse } from '../../shared/onFirstUse';
import type { ChangeCommandContext } from './changeCommands';
import type * as ChangesLater from './later';

export function registerChangeCommands(context: ChangeCommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(commandId('showChanges'), () => onFirstUse<typeof ChangesLater>().showChanges(context)),
    vscode.commands.registerCommand(commandId('markAllSeen'), () => onFirstUse<typeof ChangesLater>().markAllSeen(context)),
  ];
}
