import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // The composition root; views, commands and providers are registered by the browse issue.
}

export function deactivate(): void {}
