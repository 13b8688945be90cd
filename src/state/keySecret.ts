// Where the API key is kept: VS Code's secret storage, shared by every window, with the origin the key is bound
// to (keyOrigin.ts).
import type * as vscode from 'vscode';
import { parseStoredKey, serializeStoredKey, type StoredKey } from './keyOrigin';

const SECRET_KEY = 'closeOpportunities.apiKey';

export class KeySecret {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The stored key and its origin; undefined when no key is stored. */
  async read(): Promise<StoredKey | undefined> {
    return parseStoredKey(await this.secrets.get(SECRET_KEY));
  }

  store(stored: StoredKey): Thenable<void> {
    return this.secrets.store(SECRET_KEY, serializeStoredKey(stored));
  }

  delete(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }

  /** The stored key changed, here or in another window. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) listener();
    });
  }
}
