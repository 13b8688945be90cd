// What a change of the settings does to the connection: sample data on or off, another base URL or client options.
import * as vscode from 'vscode';
import { SAMPLE_ACCOUNT_ID } from './accounts';

export interface SettingsTarget {
  readonly kind: 'none' | 'apiKey' | 'sampleData';
  startSampleData(): Promise<void>;
  signOut(accountId?: string): Promise<void>;
  /** The client must be made again; `newBase`: the base URL changed (perhaps to another organization). */
  clientSettingsChanged(newBase: boolean): void;
}

export function connectionSettingsChanged(e: vscode.ConfigurationChangeEvent, connection: SettingsTarget): void {
  if (e.affectsConfiguration('closeOpportunities.demo')) {
    const demo = vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('demo');
    if (demo && connection.kind !== 'sampleData') {
      void connection.startSampleData();
      return;
    }
    if (!demo && connection.kind === 'sampleData') {
      void connection.signOut(SAMPLE_ACCOUNT_ID);
      return;
    }
  }
  if (
    e.affectsConfiguration('closeOpportunities.apiBaseUrl') ||
    e.affectsConfiguration('closeOpportunities.maxConcurrency') ||
    e.affectsConfiguration('closeOpportunities.requestTimeoutSeconds')
  ) {
    connection.clientSettingsChanged(e.affectsConfiguration('closeOpportunities.apiBaseUrl'));
  }
}
