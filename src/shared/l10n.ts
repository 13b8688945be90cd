import * as vscode from 'vscode';
import type { Translate } from './text';

/** `vscode.l10n.t` as a plain `Translate`, for the pure text functions that take one. */
export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
