// The context keys the connection sets for the manifest's `when` clauses: the welcome views (no key, a refused
// key, a key not sent) and the tree's buttons that need a connection.
import * as vscode from 'vscode';

const CONNECTED_CONTEXT = 'closeOpportunities.connected';
/** Shows the welcome view that explains a refused key (a TreeView.message would hide its links). */
const REFUSED_CONTEXT = 'closeOpportunities.keyRefused';
/** Shows the welcome view that says the key was not sent to the base URL's server. */
const NOT_SENT_CONTEXT = 'closeOpportunities.keyNotSent';

/** Shows "Switch Organization…" in the view's menu. */
const SEVERAL_CONTEXT = 'closeOpportunities.severalOrganizations';

export function setConnectionContext(state: { connected: boolean; keyRefused: boolean; keyNotSent: boolean; several: boolean }): void {
  void vscode.commands.executeCommand('setContext', SEVERAL_CONTEXT, state.several);
  void vscode.commands.executeCommand('setContext', CONNECTED_CONTEXT, state.connected);
  void vscode.commands.executeCommand('setContext', REFUSED_CONTEXT, state.keyRefused);
  void vscode.commands.executeCommand('setContext', NOT_SENT_CONTEXT, state.keyNotSent);
}
