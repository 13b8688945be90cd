// The kept results' file read at activation: used for the first read only, and never merged back once stale.
import * as assert from 'node:assert/strict';
import { withEarlyRead } from '../../../../src/features/offline/earlyRead';
import { OfflineResults, type OfflineFile } from '../../../../src/features/offline/offlineResults';

function memoryFile(text?: string): OfflineFile & { text: string | undefined; reads: number } {
  const file = {
    text,
    reads: 0,
    read() {
      file.reads++;
      return Promise.resolve(file.text);
    },
    write(next: string) {
      file.text = next;
      return Promise.resolve();
    },
    remove() {
      file.text = undefined;
      return Promise.resolve();
    },
  };
  return file;
}

const snapshot = (at: number) => ({ at, totals: { total_results: 1 } as never, rows: [] });

describe('the kept results read at activation', () => {
  it('answers the first read with the text read early, later ones from the file', async () => {
    const disk = memoryFile();
    const before = new OfflineResults(disk, undefined, { writeDelayMs: 0 });
    await before.put('orga_1/user_1 k', snapshot(1));
    await before.flush();
    const early = disk.text;
    disk.reads = 0;
    const file = withEarlyRead(disk, Promise.resolve(early));
    assert.equal(await file.read(), early);
    assert.equal(disk.reads, 0, 'no read of its own');
    await file.read();
    assert.equal(disk.reads, 1);
  });

  it('never brings back, after a sign-out, what was read early', async () => {
    const disk = memoryFile();
    const before = new OfflineResults(disk, undefined, { writeDelayMs: 0 });
    await before.put('orga_1/user_1 k', snapshot(1));
    await before.flush();
    // A new window reads the file early; the key is removed before the store is first used.
    const store = new OfflineResults(withEarlyRead(disk, Promise.resolve(disk.text)), undefined, { writeDelayMs: 0 });
    await store.clear();
    await store.put('orga_2/user_2 k', snapshot(2));
    await store.flush();
    assert.deepEqual(await new OfflineResults(disk).keys(), ['orga_2/user_2 k']);
  });
});
