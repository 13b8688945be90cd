import * as assert from 'node:assert/strict';
import type { OpportunityFilter } from '../../../src/close/filter';
import { SAVED_FILTERS_KEY, SavedFilterStore } from '../../../src/state/savedFilters';
import { JsonMemento } from '../../support/memento';

const WON: OpportunityFilter = { status_type: ['won'], date_won: { gte: '2024-01-01', lte: '2024-03-31' }, order_by: { field: 'value', descending: true } };

describe('saved filters', () => {
  it('saves a filter under a name and gives it back', async () => {
    const store = new SavedFilterStore(new JsonMemento(), () => new Date('2026-01-02T03:04:05Z'));
    await store.save('  Won Q1 ', WON);
    assert.deepEqual(store.list(), [{ name: 'Won Q1', filter: WON, savedAt: '2026-01-02T03:04:05.000Z' }]);
  });

  it('replaces a filter saved under the same name (ignoring case)', async () => {
    const store = new SavedFilterStore(new JsonMemento());
    await store.save('Won', WON);
    await store.save('won', { status_type: ['lost'] });
    assert.deepEqual(
      store.list().map((s) => [s.name, s.filter.status_type]),
      [['won', ['lost']]],
    );
  });

  it('lists by name and deletes by name', async () => {
    const store = new SavedFilterStore(new JsonMemento());
    await store.save('b', {});
    await store.save('a', {});
    assert.deepEqual(
      store.list().map((s) => s.name),
      ['a', 'b'],
    );
    assert.equal(await store.delete('B'), true);
    assert.equal(await store.delete('missing'), false);
    assert.deepEqual(
      store.list().map((s) => s.name),
      ['a'],
    );
  });

  it('refuses an empty or over-long name and stores nothing', async () => {
    const memento = new JsonMemento();
    const store = new SavedFilterStore(memento);
    await assert.rejects(store.save('   ', WON), /needs a name/);
    await assert.rejects(store.save('x'.repeat(81), WON), /at most 80/);
    assert.equal(memento.values.size, 0);
  });

  it('stores only filter fields: anything else on the object never reaches globalState', async () => {
    const memento = new JsonMemento();
    const store = new SavedFilterStore(memento);
    const sneaky = { ...WON, apiKey: 'secret-key-123', credentials: { apiKey: 'secret-key-123' } } as unknown as OpportunityFilter;
    await store.save('x', sneaky);
    const raw = memento.values.get(SAVED_FILTERS_KEY) ?? '';
    assert.ok(!raw.includes('secret-key-123'));
    assert.deepEqual(store.get('x')?.filter, WON);
  });

  it('skips stored entries that are not well-formed', async () => {
    const memento = new JsonMemento();
    await memento.update(SAVED_FILTERS_KEY, [{ name: 'ok', filter: {}, savedAt: 'x' }, { name: 5 }, null, 'junk', { name: 'arr', filter: [], savedAt: 'x' }]);
    assert.deepEqual(
      new SavedFilterStore(memento).list().map((s) => s.name),
      ['ok'],
    );
  });

  it('keeps the saved copy apart from the live filter', async () => {
    const store = new SavedFilterStore(new JsonMemento());
    const live: OpportunityFilter = { status_type: ['won'] };
    await store.save('live', live);
    live.status_type?.push('lost');
    assert.deepEqual(store.get('live')?.filter.status_type, ['won']);
  });
});
