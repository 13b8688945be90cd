// Setting the API key, signing out and sample data.
import * as vscode from 'vscode';
import type { Me } from '../close/types';
import { credentialsOf } from '../close/endpoint';
import type { Services } from '../state/services';
import { connectedAsText } from '../state/organizations';
import { errorText, inertText } from '../close/inert';
import { TREE_VIEW_ID } from '../shared/viewIds';
import { t } from '../shared/l10n';
import { pickSignOut } from './organizationCommands';

/** The message for a key (or OAuth access token) Close did not accept (never containing it). */
export function keyProblemText(error: unknown, secret = 'api_'): string {
  const status = (error as { status?: number }).status;
  if (status === 401 || (error as { code?: string }).code === 'UNAUTHORIZED') {
    if (!('apiKey' in credentialsOf(secret))) {
      return t('Close refused this access token (401 Unauthorized). OAuth access tokens expire: get a new one from your OAuth app and paste it.');
    }
    return t('Close refused this key (401 Unauthorized). Check that you copied the whole key, then paste it again.');
  }
  return t('Could not check the key with Close: {0}', errorText(error));
}

/**
 * A password box; the key is checked with GET /me/ while the box stays open, so a refused key can be
 * corrected at once. Resolves with who we are connected as, or undefined when dismissed.
 */
export function setApiKey(services: Services): Promise<Me | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = t('Close API Key');
    const host = services.connection.otherHost;
    box.prompt = host
      ? t(
          'Paste an API key from Close (Settings → Developer → API Keys), or an OAuth access token. It is checked with {0} (closeOpportunities.apiBaseUrl), then kept in VS Code’s secret storage.',
          host,
        )
      : t('Paste an API key from Close (Settings → Developer → API Keys), or an OAuth access token. It is checked with Close, then kept in VS Code’s secret storage.');
    box.placeholder = t('api_… (an API key) or an OAuth access token');
    box.password = true;
    box.ignoreFocusOut = true;
    let done = false;
    const finish = (me: Me | undefined) => {
      if (done) return;
      done = true;
      resolve(me);
      box.dispose();
    };
    box.onDidChangeValue(() => {
      box.validationMessage = undefined;
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (!key) {
        box.validationMessage = t('Paste the key first.');
        return;
      }
      box.busy = true;
      box.enabled = false;
      box.validationMessage = undefined;
      try {
        const me = await services.connection.setApiKey(key);
        finish(me);
        // The label names the host when it is not api.close.com; user and organization names are server text.
        void vscode.window.showInformationMessage(t('Connected as {0}.', inertText(services.connection.label ?? connectedAsText(me))));
        void vscode.commands.executeCommand(`${TREE_VIEW_ID}.focus`);
      } catch (error) {
        services.log.warn(`The API key was not accepted: ${errorText(error)}`);
        box.validationMessage = keyProblemText(error, key);
        box.busy = false;
        box.enabled = true;
      }
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

export async function signOut(services: Services): Promise<void> {
  const which = await pickSignOut(services);
  if (which === undefined) return;
  await services.connection.signOut(which ?? undefined);
  vscode.window.setStatusBarMessage(t('$(sign-out) Signed out of Close; the API key was removed.'), 4000);
}

export async function exploreSampleData(services: Services): Promise<void> {
  try {
    await vscode.window.withProgress({ location: { viewId: TREE_VIEW_ID }, title: t('Starting sample data') }, () => services.connection.startSampleData());
    await vscode.commands.executeCommand(`${TREE_VIEW_ID}.focus`);
  } catch (error) {
    void vscode.window.showErrorMessage(t('Could not start the sample data server: {0}', errorText(error)));
  }
}
