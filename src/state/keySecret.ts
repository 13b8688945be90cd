// Where the API key is kept: VS Code's secret storage, shared by every window, with the origin the key is bound
// to and the account it belongs to (keyOrigin.ts).
import type * as vscode from 'vscode';
import type { Me } from '../close/types';
import { accountOf, parseStoredKey, serializeStoredKey, type StoredKey } from './keyOrigin';

/** One organization's key: a secret of its own (accounts.ts names it). */
export class KeySecret {
  /** Whose the stored key is ("orga_…/user_…"), as last read or stored; undefined when not known yet. */
  account: string | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly name: string,
  ) {}

  /** The stored key and its origin; undefined when no key is stored. */
  async read(): Promise<StoredKey | undefined> {
    const stored = parseStoredKey(await this.secrets.get(this.name));
    this.account = stored?.account;
    return stored;
  }

  store(stored: StoredKey): Thenable<void> {
    this.account = stored.account;
    return this.secrets.store(this.name, serializeStoredKey(stored));
  }

  /**
   * GET /me/ said whose the key in use is: stored with it, so what was kept for that account shows at the next
   * start before Close answers. True when the secret named another account (what was kept is not this one's).
   */
  learn(inUse: Omit<StoredKey, 'account'>, me: Me): boolean {
    const account = accountOf(me);
    if (!account || account === this.account) return false;
    const other = this.account !== undefined;
    void Promise.resolve(this.store({ ...inUse, account })).catch(() => undefined);
    return other;
  }

  delete(): Thenable<void> {
    this.account = undefined;
    return this.secrets.delete(this.name);
  }

  /** The stored key changed, here or in another window. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === this.name) listener();
    });
  }
}
