// Export: its command is registered at activation, its work (the pages, the file) waits in dist/later.js.
import * as vscode from 'vscode';
import { commandId } from '../../shared/commands';
import { onFirstUse } from '../../shared/onFirstUse';
import type { Services } from '../../state/services';
import type * as ExportLater from './later';

export function registerExport(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(commandId('exportView'), (arg?: unknown) => onFirstUse<typeof ExportLater>().exportView(services, arg));
}
