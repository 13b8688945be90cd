// The closeOpportunities.apiBaseUrl setting as the connection reads it. A user name or password in it is never
// sent or logged (the client drops them), and the user is told so once per URL rather than surprised by a silent drop.
import * as vscode from 'vscode';
import { hasCredentialsInUrl, scrubCredentials } from '../close/scrub';

const DEFAULT_BASE_URL = 'https://api.close.com/api/v1/';

export class ApiBaseUrlSetting {
  /** Base URLs already warned about for holding a user name or password. */
  private readonly credentialWarnings = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The base URL requests go to (Close's own by default). */
  read(): string {
    const url = vscode.workspace.getConfiguration('closeOpportunities').get<string>('apiBaseUrl', DEFAULT_BASE_URL);
    if (typeof url === 'string' && hasCredentialsInUrl(url) && !this.credentialWarnings.has(url)) {
      this.credentialWarnings.add(url);
      const message = vscode.l10n.t(
        'closeOpportunities.apiBaseUrl contains a user name or password ({0}). They are never sent or logged: remove them from the setting. Your API key is kept in secret storage.',
        scrubCredentials(url),
      );
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
    return typeof url === 'string' ? url : DEFAULT_BASE_URL;
  }
}
