import * as assert from 'node:assert/strict';
import { AccountStore, LEGACY_SECRET, secretNameOf, type Account } from '../../../src/state/accounts';
import { migrateStoredKey, savedFiltersKeyOf, type SecretsLike } from '../../../src/state/accountMigration';
import { SAVED_FILTERS_KEY } from '../../../src/state/savedFilters';
import { JsonMemento } from '../../support/memento';

class Secrets implements SecretsLike {
  readonly values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

const ORGA = 'orga_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const USER = 'user_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const ACME: Account = { id: `${ORGA}/${USER}`, label: 'Alice (Acme)', origin: 'https://api.close.com', kind: 'key' };
const BETA: Account = { id: 'orga_2/user_2', label: 'Bob (Beta)', origin: 'http://127.0.0.1:4000', kind: 'key' };

describe('the key stored before several organizations', () => {
  const stored = JSON.stringify({ key: 'api_OLD.key', origin: 'https://api.close.com', account: ACME.id });

  it('becomes the first organization, with its own secret and its saved filters, without asking', async () => {
    const global = new JsonMemento();
    const secrets = new Secrets();
    await secrets.store(LEGACY_SECRET, stored);
    await global.update(SAVED_FILTERS_KEY, [{ name: 'Won', filter: { status_type: ['won'] }, savedAt: '2026-01-01T00:00:00Z' }]);
    const store = new AccountStore(global, new JsonMemento());
    const account = await migrateStoredKey(store, secrets, global, 'Close');
    assert.deepEqual(account, { id: ACME.id, label: 'Close', origin: 'https://api.close.com', kind: 'key' });
    assert.deepEqual(store.list(), [account]);
    assert.equal(store.active()?.id, ACME.id);
    assert.equal(secrets.values.get(secretNameOf(ACME.id)), stored, 'the key and the origin it is bound to moved as they were');
    assert.equal(secrets.values.has(LEGACY_SECRET), false);
    assert.deepEqual(
      global.get<{ name: string }[]>(savedFiltersKeyOf(ACME.id))?.map((s) => s.name),
      ['Won'],
    );
  });

  it('keeps the origin a plain key of before was bound to (Close itself), before its account is known', async () => {
    const global = new JsonMemento();
    const secrets = new Secrets();
    await secrets.store(LEGACY_SECRET, 'api_PLAIN.key');
    const store = new AccountStore(global, new JsonMemento());
    const account = await migrateStoredKey(store, secrets, global, 'Close');
    assert.equal(account?.origin, 'https://api.close.com');
    assert.equal(secrets.values.get(secretNameOf(account.id)), 'api_PLAIN.key');
  });

  it('is done once: a second start, or one with organizations already, changes nothing', async () => {
    const global = new JsonMemento();
    const secrets = new Secrets();
    const store = new AccountStore(global, new JsonMemento());
    assert.equal(await migrateStoredKey(store, secrets, global, 'Close'), undefined, 'no key stored: nothing');
    await store.put(BETA);
    await secrets.store(LEGACY_SECRET, stored);
    assert.equal(await migrateStoredKey(store, secrets, global, 'Close'), undefined);
    assert.deepEqual(
      store.list().map((a) => a.id),
      [BETA.id],
    );
  });

  it('gives each organization its own secret and saved filters', () => {
    assert.notEqual(secretNameOf(ACME.id), secretNameOf(BETA.id));
    assert.notEqual(secretNameOf(ACME.id), LEGACY_SECRET);
    assert.notEqual(savedFiltersKeyOf(ACME.id), savedFiltersKeyOf(BETA.id));
  });
});
