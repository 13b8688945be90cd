// The kept results' file in the extension's global storage (never settings, never the workspace), and how
// the tree and the summary reach it for the current connection. The store itself (./offlineResults.ts) is in
// dist/later.js: it is first needed when a load finishes or fails, by which time the client is loaded.
import * as vscode from 'vscode';
import type { OpportunityFilter } from '../../close/filter';
import type { OfflineFile, OfflineResults, OfflineSnapshot } from './offlineResults';
import { onFirstUse } from '../../shared/onFirstUse';
import { withEarlyRead } from './earlyRead';
import type * as OfflineLater from './later';

/** What the kept results need of the connection (state/connection.ts): whose results, and when they change. */
export interface KeptResultsAccount {
  readonly account: string | undefined;
  readonly generation: number;
  readonly ready: Promise<void>;
  /** True when the window starts with an organization that has a key (known before the key is read). */
  readonly startsWithKey: boolean;
  readonly onDidChangeAccount: vscode.Event<unknown>;
}

/** The organization's currency (state/referenceData.ts), kept with the results. */
export interface KeptResultsCurrency {
  organizationCurrency(): string | undefined;
  currency(): Promise<string | undefined>;
  noteCurrency(code: string): void;
}

export const OFFLINE_FILE = 'offline-results.json';

function storageFile(context: vscode.ExtensionContext): OfflineFile {
  const folder = context.globalStorageUri;
  const uri = vscode.Uri.joinPath(folder, OFFLINE_FILE);
  return {
    read: () => readText(uri),
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

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * The kept results of the signed-in account: only for a real key (sample data is always at hand), found by
 * the account the key belongs to, and kept with the organization's currency.
 */
export class KeptResults implements vscode.Disposable {
  private kept: OfflineResults | undefined;
  private readonly subscription: vscode.Disposable;
  /** Read from activation on, beside the key, when an organization with a key is shown: the start's kept rows need it first. */
  private readonly firstRead: Promise<string | undefined>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connection: KeptResultsAccount,
    private readonly referenceData: KeptResultsCurrency,
  ) {
    // Signing out, or another key (another organization), deletes what was kept: for those accounts only, when named.
    this.subscription = connection.onDidChangeAccount((accounts) => void (Array.isArray(accounts) ? this.store.forget(accounts) : this.store.clear()));
    this.firstRead = connection.startsWithKey ? readText(KeptResults.uri(context)) : Promise.resolve(undefined);
  }

  /** The store (made on first use). */
  get store(): OfflineResults {
    this.kept ??= new (onFirstUse<typeof OfflineLater>().OfflineResults)(withEarlyRead(storageFile(this.context), this.firstRead));
    return this.kept;
  }

  /** The file, for tests. */
  static uri(context: vscode.ExtensionContext): vscode.Uri {
    return vscode.Uri.joinPath(context.globalStorageUri, OFFLINE_FILE);
  }

  private key(filter: OpportunityFilter): string | undefined {
    const account = this.connection.account;
    if (!account) return undefined;
    return onFirstUse<typeof OfflineLater>().offlineKey(account, this.base(), filter);
  }

  private base(): string {
    return vscode.workspace.getConfiguration('closeOpportunities').get<string>('apiBaseUrl', 'https://api.close.com/api/v1/');
  }

  /** The newest kept row of this opportunity for this account on this Close, with when it was kept. */
  async findRow(id: string): Promise<{ row: { id: string }; at: number } | undefined> {
    const account = this.connection.account;
    if (!account) return undefined;
    return this.store.findRow(id, onFirstUse<typeof OfflineLater>().offlinePrefix(account, this.base()));
  }

  /** Keeps the results with the organization's currency (waiting for its answer, asked beside the first page). */
  save(filter: OpportunityFilter, snapshot: OfflineSnapshot): void {
    const key = this.key(filter);
    if (!key) return;
    const known = this.referenceData.organizationCurrency();
    const currency = known ? Promise.resolve(known) : this.referenceData.currency().catch(() => undefined);
    void currency.then((code) => this.store.put(key, code ? { ...snapshot, currency: code } : snapshot));
  }

  /** The results kept for this filter of the key's account; their currency is the organization's until Close says it. */
  async load(filter: OpportunityFilter): Promise<OfflineSnapshot | undefined> {
    // The store (dist/later.js) is loaded while the key is read, not after.
    const store = this.connection.startsWithKey || this.kept ? this.store : undefined;
    await this.connection.ready;
    const generation = this.connection.generation;
    const key = this.key(filter);
    const kept = key ? await (store ?? this.store).get(key) : undefined;
    if (kept?.currency && this.connection.generation === generation) this.referenceData.noteCurrency(kept.currency);
    return kept;
  }

  applies(error: unknown): boolean {
    return onFirstUse<typeof OfflineLater>().isOfflineError(error);
  }

  dispose(): void {
    this.subscription.dispose();
    void this.kept?.dispose();
  }
}
