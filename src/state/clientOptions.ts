// What a Connection's clients are made with (the user's settings, the user agent, the log), and the demo
// setting a sign-out turns off: kept apart from connection.ts, which holds the state.
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../close/client';
import { readSettings } from '../shared/settings';
import { t } from '../shared/l10n';
import type { ConnectionClientOptions } from './connectionClient';

export function clientOptions(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, onAnswer: (entry: RequestLogEntry) => void): ConnectionClientOptions {
  return {
    settings: readSettings(vscode.workspace.getConfiguration('closeOpportunities')),
    userAgent: `close-opportunities-vscode/${(context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '0'} vscode/${vscode.version}`,
    log,
    translate: t,
    onAnswer,
  };
}

/** Sample data chosen in the settings (workspace or user) is turned off by signing out. */
export async function turnOffDemoSetting(): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('closeOpportunities');
  const demo = config().inspect<boolean>('demo');
  if (demo?.workspaceValue) await config().update('demo', false, vscode.ConfigurationTarget.Workspace);
  if (demo?.globalValue) await config().update('demo', false, vscode.ConfigurationTarget.Global);
}
