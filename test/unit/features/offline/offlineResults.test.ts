// The kept results of recent filters: bounded by filters, rows, groups and size, least recently used
// dropped first, merged with what another window wrote, and never holding the key.
import * as assert from 'node:assert/strict';
import { NetworkError, NotFoundError, ServerError, TimeoutError, AuthError } from '../../../../src/close/errors';
import { isOfflineError, offlineKey, offlinePrefix, OfflineResults, type OfflineFile, type OfflineSnapshot } from '../../../../src/features/offline/offlineResults';
import type { OpportunityRow } from '../../../../src/views/tree/rows';

/** A file in memory, counting writes. */
function memoryFile(initial?: string): OfflineFile & { text: string | undefined; writes: number } {
  const file = {
    text: initial,
    writes: 0,
    read() {
      return Promise.resolve(file.text);
    },
    write(text: string) {
      file.writes++;
      file.text = text;
      return Promise.resolve();
    },
    remove() {
      file.text = undefined;
      return Promise.resolve();
    },
  };
  return file;
}

function rows(n: number, prefix = 'a'): OpportunityRow[] {
  return Array.from({ length: n }, (_, i) => ({ id: `oppo_${prefix}${String(i).padStart(12, '0')}`, lead_name: `Lead ${i}` }));
}

function snapshot(at: number, rowCount = 3, prefix = 'a'): OfflineSnapshot {
  return { at, totals: { total_results: 1000 + rowCount } as OfflineSnapshot['totals'], rows: rows(rowCount, prefix) };
}

const limits = { filters: 3, rows: 5, groups: 4, chars: 1_000_000 };
const ACCOUNT = 'orga_1234/user_5678';

describe('OfflineResults (kept results of recent filters)', () => {
  it('gives back what was kept for a key, and nothing for another', async () => {
    const store = new OfflineResults(memoryFile(), limits);
    await store.put('k1', snapshot(1000));
    assert.deepEqual(
      (await store.get('k1'))?.rows?.map((r) => (r as { lead_name?: string }).lead_name),
      ['Lead 0', 'Lead 1', 'Lead 2'],
    );
    assert.equal((await store.get('k1'))?.totals.total_results, 1003);
    assert.equal(await store.get('k2'), undefined);
  });

  it('keeps at most the configured number of rows and groups per filter', async () => {
    const store = new OfflineResults(memoryFile(), limits);
    await store.put('rows', snapshot(1000, 9));
    const groups = Array.from({ length: 7 }, (_, i) => ({ key: `g${i}`, label: `G${i}`, total_results: i }) as never);
    await store.put('groups', { at: 1000, totals: { total_results: 21 } as never, groups });
    assert.equal((await store.get('rows'))?.rows?.length, 5);
    assert.deepEqual(
      (await store.get('groups'))?.groups?.map((g) => g.key),
      ['g0', 'g1', 'g2', 'g3'],
    );
  });

  it('drops the least recently used filter beyond the limit (a look counts as a use)', async () => {
    const store = new OfflineResults(memoryFile(), limits);
    await store.put('k1', snapshot(1));
    await store.put('k2', snapshot(2));
    await store.put('k3', snapshot(3));
    await store.get('k1'); // k2 is now the least recently used
    await store.put('k4', snapshot(4));
    assert.deepEqual(await store.keys(), ['k3', 'k1', 'k4']);
    assert.equal(await store.get('k2'), undefined);
  });

  it('replaces the results of a filter saved again, without counting it twice', async () => {
    const store = new OfflineResults(memoryFile(), limits);
    await store.put('k1', snapshot(1, 2, 'a'));
    await store.put('k1', snapshot(2, 4, 'b'));
    assert.deepEqual(await store.keys(), ['k1']);
    assert.equal((await store.get('k1'))?.at, 2);
    assert.equal((await store.get('k1'))?.rows?.[0].id, 'oppo_b000000000000');
  });

  it('drops least recently used filters until the file fits its size limit', async () => {
    const store = new OfflineResults(memoryFile(), { ...limits, filters: 10, chars: 1500 });
    for (let i = 1; i <= 5; i++) await store.put(`k${i}`, snapshot(i, 5));
    const kept = await store.keys();
    assert.ok(kept.length < 5 && kept.length > 0, `kept ${kept.length}`);
    assert.equal(kept[kept.length - 1], 'k5');
    await store.flush();
  });

  it('writes once for several saves in a row, and reads the file back in a new window', async () => {
    const file = memoryFile();
    const store = new OfflineResults(file, limits, { writeDelayMs: 5 });
    await store.put('k1', snapshot(1));
    await store.put('k2', snapshot(2));
    await store.flush();
    assert.equal(file.writes, 1);
    const again = new OfflineResults(file, limits);
    assert.deepEqual(await again.keys(), ['k1', 'k2']);
    assert.equal((await again.get('k2'))?.totals.total_results, 1003);
  });

  it('merges with what another window wrote meanwhile, newest results winning', async () => {
    const file = memoryFile();
    const one = new OfflineResults(file, { ...limits, filters: 5 });
    const two = new OfflineResults(file, { ...limits, filters: 5 });
    await one.keys(); // both have read the empty file
    await two.keys();
    await one.put('shared', snapshot(10, 1, 'a'));
    await one.put('mine', snapshot(11));
    await one.flush();
    await two.put('shared', snapshot(5, 1, 'b')); // older than window one's
    await two.put('theirs', snapshot(12));
    await two.flush();
    const reader = new OfflineResults(file, { ...limits, filters: 5 });
    assert.deepEqual((await reader.keys()).sort(), ['mine', 'shared', 'theirs']);
    assert.equal((await reader.get('shared'))?.at, 10);
  });

  it('forgets everything and deletes the file on clear (sign-out)', async () => {
    const file = memoryFile();
    const store = new OfflineResults(file, limits, { writeDelayMs: 5 });
    await store.put('k1', snapshot(1));
    await store.flush();
    assert.ok(file.text);
    await store.put('k2', snapshot(2)); // pending write must not bring it back
    await store.clear();
    // flush() writes whatever clear() left pending, so no wait for the 5 ms timer is needed to see it.
    await store.flush();
    assert.equal(file.text, undefined);
    assert.deepEqual(await store.keys(), []);
    assert.equal(await new OfflineResults(file, limits).get('k1'), undefined);
  });

  it('forgets the results of the accounts signed out of, and keeps the others’, also in the file another window reads', async () => {
    const OTHER = 'orga_9999/user_0000';
    const file = memoryFile();
    const store = new OfflineResults(file, { ...limits, filters: 5 }, { writeDelayMs: 5 });
    await store.put(offlineKey(ACCOUNT, 'https://api.close.com/api/v1/', {}), snapshot(1));
    await store.put(offlineKey(OTHER, 'https://api.close.com/api/v1/', {}), snapshot(2));
    await store.put(offlineKey(OTHER, 'https://api.close.com/api/v1/', { status_type: ['won'] }), snapshot(3));
    await store.flush();
    await store.forget([OTHER]);
    await store.flush();
    const kept = [ACCOUNT, OTHER].map((account) => new OfflineResults(file, limits).keys().then((keys) => keys.filter((key) => key.startsWith(`${account} `)).length));
    assert.deepEqual(await Promise.all(kept), [1, 0]);
    assert.deepEqual((await store.keys()).length, 1);
  });

  it('treats a damaged or foreign file as empty', async () => {
    for (const text of [
      '{not json',
      '{"version":99,"entries":[]}',
      '{"version":2,"entries":[{"key":"k","used":1,"snapshot":{"at":"x"}}]}',
      'null',
      '{"version":2,"entries":[{"key":"k","used":1,"snapshot":{"at":1,"totals":{"total_results":1},"rows":[{"id":"oppo_1234567890/../x"}]}}]}',
    ]) {
      const store = new OfflineResults(memoryFile(text), limits);
      assert.deepEqual(await store.keys(), [], text);
    }
  });

  it('finds the newest kept row of an opportunity on one Close, for a hover when Close cannot be reached', async () => {
    const store = new OfflineResults(memoryFile(), limits);
    const here = offlinePrefix(ACCOUNT, 'https://api.close.com/api/v1/');
    await store.put(offlineKey(ACCOUNT, 'https://api.close.com/api/v1/', { status_type: ['won'] }), snapshot(2000));
    await store.put(offlineKey(ACCOUNT, 'https://api.close.com/api/v1/', {}), { ...snapshot(1000), rows: [{ id: rows(1)[0].id, lead_name: 'Older' } as OpportunityRow] });
    await store.put(offlineKey(ACCOUNT, 'https://other.example/api/v1/', {}), {
      ...snapshot(3000),
      rows: [{ id: rows(1)[0].id, lead_name: 'Elsewhere' } as OpportunityRow],
    });
    const found = await store.findRow(rows(1)[0].id, here);
    assert.deepEqual(found && { at: found.at, name: (found.row as { lead_name?: string }).lead_name }, { at: 2000, name: 'Lead 0' });
    assert.equal(await store.findRow('oppo_unknown', here), undefined);
  });

  it('keys filters by the account, the API address without credentials and the filter in a fixed order', () => {
    const account = 'orga_1234/user_5678';
    const a = offlineKey(account, 'https://user:secret@api.close.com/api/v1/', { status_type: ['won'], order_by: { field: 'date_updated', descending: true } });
    const b = offlineKey(account, 'https://api.close.com/api/v1/', { order_by: { field: 'date_updated', descending: true }, status_type: ['won'] });
    assert.equal(a, b);
    assert.ok(!a.includes('secret'));
    assert.notEqual(a, offlineKey(account, 'https://api.close.com/api/v1/', { status_type: ['lost'], order_by: { field: 'date_updated', descending: true } }));
    assert.notEqual(a, offlineKey(account, 'https://other.example/api/v1/', { status_type: ['won'], order_by: { field: 'date_updated', descending: true } }));
    // Another key at the same address (another organization, or another user of it) finds nothing of these.
    assert.notEqual(
      a,
      offlineKey('orga_other/user_5678', 'https://api.close.com/api/v1/', { status_type: ['won'], order_by: { field: 'date_updated', descending: true } }),
    );
    assert.notEqual(
      a,
      offlineKey('orga_1234/user_other', 'https://api.close.com/api/v1/', { status_type: ['won'], order_by: { field: 'date_updated', descending: true } }),
    );
    // The fields asked for are not part of what the filter shows.
    assert.equal(offlineKey(account, 'https://x/', { fields: ['id'] }), offlineKey(account, 'https://x/', {}));
  });

  it('keeps the organization’s currency with the results, and drops a file of the version before accounts', async () => {
    const file = memoryFile();
    const store = new OfflineResults(file, limits, { writeDelayMs: 0 });
    await store.put('k', { at: 1, totals: { total_results: 1 } as never, rows: [], currency: 'EUR' });
    await store.flush();
    assert.equal((await new OfflineResults(file, limits).get('k'))?.currency, 'EUR');
    const old = memoryFile('{"version":1,"entries":[{"key":"https://api.close.com/api/v1/?","used":1,"snapshot":{"at":1,"totals":{"total_results":1}}}]}');
    assert.deepEqual(await new OfflineResults(old, limits).keys(), []);
  });

  it('keeps the pipelines status groups were counted with, and drops an entry whose pipelines are damaged', async () => {
    const file = memoryFile();
    const store = new OfflineResults(file, limits, { writeDelayMs: 0 });
    const pipelines = [{ id: 'pipe_1', name: 'Sales', statuses: [{ id: 'stat_1', label: 'Active', type: 'active' as const }] }];
    await store.put('k', { at: 1, totals: { total_results: 1 } as never, groups: [], pipelines });
    await store.flush();
    assert.deepEqual((await new OfflineResults(file, limits).get('k'))?.pipelines, pipelines);
    const damaged = memoryFile('{"version":2,"entries":[{"key":"k","used":1,"snapshot":{"at":1,"totals":{"total_results":1},"pipelines":[{"id":"pipe_1"}]}}]}');
    assert.deepEqual(await new OfflineResults(damaged, limits).keys(), []);
  });

  it('counts only failures to reach Close as offline, not answers', () => {
    assert.ok(isOfflineError(new NetworkError('refused', 'connect')));
    assert.ok(isOfflineError(new NetworkError('reset', 'reset')));
    assert.ok(isOfflineError(new NetworkError('dns', 'dns')));
    assert.ok(isOfflineError(new TimeoutError('slow')));
    assert.ok(!isOfflineError(new NetworkError('bad certificate', 'certificate')));
    assert.ok(!isOfflineError(new NotFoundError('gone')));
    assert.ok(!isOfflineError(new AuthError('refused key')));
    assert.ok(!isOfflineError(new ServerError('boom', 500)));
    assert.ok(!isOfflineError(new Error('other')));
  });
});
