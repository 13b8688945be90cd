import * as assert from 'node:assert/strict';
import { ACCOUNTS_KEY, AccountStore, type Account } from '../../../src/state/accounts';
import type { MementoLike } from '../../../src/state/savedFilters';

/** globalState / workspaceState stand-in that stores JSON, as VS Code does. */
class Memento implements MementoLike {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

const ORGA = 'orga_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const USER = 'user_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const ACME: Account = { id: `${ORGA}/${USER}`, label: 'Alice (Acme)', origin: 'https://api.close.com', kind: 'key' };
const BETA: Account = { id: 'orga_2/user_2', label: 'Bob (Beta)', origin: 'http://127.0.0.1:4000', kind: 'key' };

describe('accounts', () => {
  it('keeps every organization added, and the one a window chose', async () => {
    const global = new Memento();
    const store = new AccountStore(global, new Memento());
    await store.put(ACME);
    await store.put(BETA);
    assert.equal(store.active()?.id, ACME.id, 'the first one until the window chooses');
    await store.setActive(BETA.id);
    assert.equal(store.active()?.id, BETA.id);
    // Another window sees the same organizations and keeps its own choice.
    const other = new AccountStore(global, new Memento());
    assert.deepEqual(
      other.list().map((a) => a.id),
      [ACME.id, BETA.id],
    );
    assert.equal(other.active()?.id, ACME.id);
  });

  it('replaces an organization added again and forgets one removed', async () => {
    const store = new AccountStore(new Memento(), new Memento());
    await store.put(ACME);
    await store.put({ ...ACME, label: 'Alice (Acme Inc)' });
    assert.deepEqual(
      store.list().map((a) => a.label),
      ['Alice (Acme Inc)'],
    );
    await store.remove(ACME.id);
    assert.deepEqual(store.list(), []);
    assert.equal(store.active(), undefined);
  });

  it('skips entries that are not accounts, and never holds a key', async () => {
    const global = new Memento();
    await global.update(ACCOUNTS_KEY, [ACME, { id: 'x' }, 'api_secret', { ...BETA, kind: 'password' }]);
    const store = new AccountStore(global, new Memento());
    assert.deepEqual(
      store.list().map((a) => a.id),
      [ACME.id],
    );
    await store.put(BETA);
    assert.ok(!global.values.get(ACCOUNTS_KEY)?.includes('api_'));
  });
});
