// The kept results' file in the extension's global storage (never settings, never the workspace), and how
// the tree and the summary reach it for the current connection. The store itself (./offlineResults.ts) is in
// dist/later.js: it is first needed when a load finishes or fails, by which time the client is loaded.
import * as vscode from 'vscode';
import type { OpportunityFilter } from '../close/filter';
import type { Connection } from './connection';
import type { OfflineFile, OfflineResults, OfflineSnapshot } from './offlineResults';
import { onFirstUse } from '../shared/onFirstUse';

export const OFFLINE_FILE = 'offline-results.json';

function storageFile(context: vscode.ExtensionContext): OfflineFile {
  const folder = context.globalStorageUri;
  const uri = vscode.Uri.joinPath(folder, OFFLINE_FILE);
  return {
    async read() {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return undefined;
      }
    },
    async write(text) {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    },
    async remove() {
      try {
        await vscode.workspace.fs.delete(uri);
      } catch {
        // Nothing to delete.
      }
    },
  };
}

/** The kept results of the signed-in account: only for a real key (sample data is always at hand). */
export class KeptResults implements vscode.Disposable {
  private kept: OfflineResults | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connection: Connection,
  ) {
    // Signing out, or another key (another organization), deletes what was kept.
    this.subscription = connection.onDidChangeAccount(() => void this.store.clear());
  }

  /** The store (made on first use). */
  get store(): OfflineResults {
    this.kept ??= new (onFirstUse().OfflineResults)(storageFile(this.context));
    return this.kept;
  }

  /** The file, for tests. */
  static uri(context: vscode.ExtensionContext): vscode.Uri {
    return vscode.Uri.joinPath(context.globalStorageUri, OFFLINE_FILE);
  }

  private key(filter: OpportunityFilter): string | undefined {
    if (this.connection.kind !== 'apiKey') return undefined;
    const base = vscode.workspace.getConfiguration('closeOpportunities').get<string>('apiBaseUrl', 'https://api.close.com/api/v1/');
    return onFirstUse().offlineKey(base, filter);
  }

  save(filter: OpportunityFilter, snapshot: OfflineSnapshot): void {
    const key = this.key(filter);
    if (key) void this.store.put(key, snapshot);
  }

  async load(filter: OpportunityFilter): Promise<OfflineSnapshot | undefined> {
    const key = this.key(filter);
    return key ? this.store.get(key) : undefined;
  }

  applies(error: unknown): boolean {
    return onFirstUse().isOfflineError(error);
  }

  dispose(): void {
    this.subscription.dispose();
    void this.kept?.dispose();
  }
}
