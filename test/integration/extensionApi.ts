// What the integration tests share: the extension under test and the API its activate() returns.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';

export const EXTENSION_ID = 'close-opportunities.close-opportunities';

/** Close's default order, as the filter state keeps it. */
export const ORDER = { field: 'date_updated' as const, descending: true };

/** The running extension's API (activating it if needed). */
export async function api(): Promise<CloseOpportunitiesApi> {
  const extension = vscode.extensions.getExtension<CloseOpportunitiesApi>(EXTENSION_ID);
  assert.ok(extension, 'extension loaded');
  return extension.activate();
}

/** The API key in secret storage (kept there with the origin it is bound to), or undefined. */
export async function storedKey(ext: CloseOpportunitiesApi): Promise<string | undefined> {
  const secret = await ext.services.context.secrets.get('closeOpportunities.apiKey');
  return secret === undefined ? undefined : (JSON.parse(secret) as { key: string }).key;
}

/** A tree item's label or a tooltip as text, whichever form VS Code allows (the extension sets strings). */
export function textOf(value: string | vscode.TreeItemLabel | vscode.MarkdownString | undefined): string {
  if (value === undefined || typeof value === 'string') return value ?? '';
  return 'label' in value ? value.label : value.value;
}
