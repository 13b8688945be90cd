// The address of an opportunity's row in the tree, which the change markers (./changeDecorations.ts) decorate.
import * as vscode from 'vscode';
import type { ChangeNames } from './changeText';

export const CHANGE_URI_SCHEME = 'close-opportunity-row';

/** The `resourceUri` of an opportunity's row (used only for decorations, never opened). */
export function opportunityRowUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CHANGE_URI_SCHEME, path: `/${id}` });
}

/** Names and the currency the change lines are written with. */
export interface ChangeTextSource {
  names(): ChangeNames;
  currency(): string | undefined;
}
