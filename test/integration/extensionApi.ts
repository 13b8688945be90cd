// What the integration tests share: the extension under test and the API its activate() returns.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../src/fake/server';

export const EXTENSION_ID = 'close-opportunities.close-opportunities';

/** Close's default order, as the filter state keeps it. */
export const ORDER = { field: 'date_updated' as const, descending: true };

/** The running extension's API (activating it if needed): given in Test mode only, which these tests run in. */
export async function api(): Promise<CloseOpportunitiesApi> {
  const extension = vscode.extensions.getExtension<CloseOpportunitiesApi | undefined>(EXTENSION_ID);
  assert.ok(extension, 'extension loaded');
  const running = await extension.activate();
  assert.ok(running, 'the extension gives its running pieces to tests (ExtensionMode.Test) only');
  // The suites start from every opportunity; the first screen (open pipeline by stage) has its own suite.
  if (running.services.filterState.isFirstScreen) running.services.filterState.clear();
  return running;
}

/** The secret of the organization shown (each organization's key is a secret of its own). */
export function activeSecretName(ext: CloseOpportunitiesApi): string {
  const account = ext.services.connection.activeAccount;
  return account ? `closeOpportunities.apiKey.${account.id}` : 'closeOpportunities.apiKey';
}

/** The API key of the organization shown in secret storage (kept there with the origin it is bound to), or undefined. */
export async function storedKey(ext: CloseOpportunitiesApi): Promise<string | undefined> {
  const secret = await ext.services.context.secrets.get(activeSecretName(ext));
  return secret === undefined ? undefined : (JSON.parse(secret) as { key: string }).key;
}

/** The extension's settings. */
export const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('closeOpportunities');

/** The suites' one polling helper, here beside the API for the integration tests. */
import { waitFor } from '../support/waitFor';
export { waitFor };

/** A tree item's label or a tooltip as text, whichever form VS Code allows (the extension sets strings). */
export function textOf(value: string | vscode.TreeItemLabel | vscode.MarkdownString | undefined): string {
  if (value === undefined || typeof value === 'string') return value ?? '';
  return 'label' in value ? value.label : value.value;
}

/**
 * A suite's Close: a fake server made with `options`, the extension pointed at it (and given `settings`,
 * e.g. a page size) and connected with the server's key. Undo it with {@link disconnectFromFake}.
 */
export async function connectToFake(ext: CloseOpportunitiesApi, options: FakeServerOptions, settings: Record<string, unknown> = {}): Promise<FakeServer> {
  const server = await startFakeServer(options);
  await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
  for (const [name, value] of Object.entries(settings)) await config().update(name, value, vscode.ConfigurationTarget.Global);
  await ext.services.connection.setApiKey(server.key);
  return server;
}

/** Back to how the suite found things: the filter cleared, signed out, `apiBaseUrl` and `settings` unset, the server closed. */
export async function disconnectFromFake(ext: CloseOpportunitiesApi, server: FakeServer, settings: string[] = []): Promise<void> {
  ext.services.filterState.clear();
  await ext.services.connection.signOut();
  for (const name of ['apiBaseUrl', ...settings]) await config().update(name, undefined, vscode.ConfigurationTarget.Global);
  await server.close();
}

/** Opens Needs Attention as a user does: shown, it reviews the filter with each load of the tree. */
export async function showAttention(ext: CloseOpportunitiesApi): Promise<void> {
  await vscode.commands.executeCommand('closeOpportunities.attention.focus');
  await waitFor('the Needs Attention view shown', () => ext.attention.view.visible);
}

/** Hides Needs Attention again, so the next suites' filter changes stay one request. */
export async function hideAttention(ext: CloseOpportunitiesApi): Promise<void> {
  if (!ext.attention.view.visible) return;
  await vscode.commands.executeCommand('closeOpportunities.attention.removeView');
  await waitFor('the Needs Attention view hidden', () => !ext.attention.view.visible);
}
