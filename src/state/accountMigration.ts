// The first start with several organizations, and where each organization's saved filters are kept.
// In dist/later.js: activation loads it only when a key of before is still stored. No 'vscode' here.
import { LEGACY_SECRET, secretNameOf, type Account, type AccountStore } from './accounts';
import { parseStoredKey } from './keyOrigin';
import { SAVED_FILTERS_KEY, type MementoLike } from './savedFilters';

/** The part of `vscode.SecretStorage` the migration uses. */
export interface SecretsLike {
  get(key: string): Thenable<string | undefined> | Promise<string | undefined>;
  store(key: string, value: string): Thenable<void> | Promise<void>;
  delete(key: string): Thenable<void> | Promise<void>;
}

/** The globalState key of one organization's saved filters. */
export function savedFiltersKeyOf(accountId: string | undefined): string {
  return accountId ? `${SAVED_FILTERS_KEY}.${accountId}` : SAVED_FILTERS_KEY;
}

/**
 * The first start with several organizations: the one key stored before becomes the first account (its own
 * secret, its saved filters), without asking anything. Returns that account, or undefined when there was none.
 */
export async function migrateStoredKey(store: AccountStore, secrets: SecretsLike, global: MementoLike, label: string): Promise<Account | undefined> {
  if (store.list().some((a) => a.kind !== 'sample')) return undefined;
  const legacy = await secrets.get(LEGACY_SECRET);
  const stored = parseStoredKey(legacy);
  if (!legacy || !stored) return undefined;
  const account: Account = { id: stored.account ?? 'migrated', label, origin: stored.origin, kind: 'key' };
  await secrets.store(secretNameOf(account.id), legacy);
  await store.put(account);
  const saved = global.get<unknown>(SAVED_FILTERS_KEY);
  if (Array.isArray(saved) && global.get<unknown>(savedFiltersKeyOf(account.id)) === undefined) {
    await global.update(savedFiltersKeyOf(account.id), saved);
  }
  await secrets.delete(LEGACY_SECRET);
  return account;
}
