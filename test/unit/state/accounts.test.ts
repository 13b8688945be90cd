import * as assert from 'node:assert/strict';
import { ACCOUNTS_KEY, AccountStore, type Account } from '../../../src/state/accounts';
import { JsonMemento } from '../../support/memento';

const ORGA = 'orga_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const USER = 'user_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const ACME: Account = { id: `${ORGA}/${USER}`, label: 'Alice (Acme)', origin: 'https://api.close.com', kind: 'key' };
const BETA: Account = { id: 'orga_2/user_2', label: 'Bob (Beta)', origin: 'http://127.0.0.1:4000', kind: 'key' };

describe('accounts', () => {
  it('keeps every organization added, and the one a window chose', async () => {
    const global = new JsonMemento();
    const store = new AccountStore(global, new JsonMemento());
    await store.put(ACME);
    await store.put(BETA);
    assert.equal(store.active()?.id, ACME.id, 'the first one until the window chooses');
    await store.setActive(BETA.id);
    assert.equal(store.active()?.id, BETA.id);
    // Another window sees the same organizations and keeps its own choice.
    const other = new AccountStore(global, new JsonMemento());
    assert.deepEqual(
      other.list().map((a) => a.id),
      [ACME.id, BETA.id],
    );
    assert.equal(other.active()?.id, ACME.id);
  });

  it('replaces an organization added again and forgets one removed', async () => {
    const store = new AccountStore(new JsonMemento(), new JsonMemento());
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
    const global = new JsonMemento();
    await global.update(ACCOUNTS_KEY, [ACME, { id: 'x' }, 'api_secret', { ...BETA, kind: 'password' }]);
    const store = new AccountStore(global, new JsonMemento());
    assert.deepEqual(
      store.list().map((a) => a.id),
      [ACME.id],
    );
    await store.put(BETA);
    assert.ok(!global.values.get(ACCOUNTS_KEY)?.includes('api_'));
  });
});
