// The export's data path against the fake Close server: only the columns written are asked for, pages go
// to a temporary file beside the target as they arrive, and the target is replaced only at the end.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportOpportunities, TempFileSink } from '../../../../src/features/export/exportFile';
import { CSV_COLUMNS, ExportChunks, toCsv, toJson } from '../../../../src/features/export/exportWriter';
import type { Opportunity } from '../../../../src/close/types';
import { byDateUpdatedDesc, type FakeServer, rejection, startFakeServer, testClient } from '../../../support/testClient';

describe('export to a file, page by page', () => {
  let server: FakeServer;
  let dir: string;
  before(async () => {
    server = await startFakeServer({ opportunities: 450, seed: 17 });
  });
  after(() => server.close());
  beforeEach(() => {
    server.resetRequests();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'close-export-unit-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const customKeys = () => server.dataset.customFields.map((f) => `custom.${f.id}`).sort();

  it('asks only for the CSV columns, the organization’s custom fields included', async () => {
    const { client } = testClient(server);
    const target = path.join(dir, 'all.csv');
    const count = await exportOpportunities(client, {}, 'csv', await TempFileSink.open(target));
    assert.equal(count, 450);
    const pages = server.requests.filter((r) => r.path.endsWith('/v1/opportunity/'));
    assert.ok(pages.length >= 5);
    for (const request of pages) assert.equal(request.query._fields, [...CSV_COLUMNS, ...customKeys()].join(','));
    const lines = fs.readFileSync(target, 'utf8').split('\r\n');
    assert.equal(lines[0], `\ufeff${[...CSV_COLUMNS, ...customKeys()].join(',')}`);
    assert.deepEqual(
      lines.slice(1, -1).map((line) => line.split(',')[0]),
      byDateUpdatedDesc(server.dataset.opportunities),
    );
    await client.close();
  });

  it('writes each page to a temporary file beside the target while the others are still coming', async () => {
    const { client } = testClient(server, { maxConcurrency: 1 });
    const target = path.join(dir, 'streamed.csv');
    const seenDuring: { files: string[]; rows: number }[] = [];
    await exportOpportunities(client, {}, 'csv', await TempFileSink.open(target), {
      onProgress: (loaded) => {
        if (loaded !== 200) return; // the second page arrived; the first was handed over before
        const files = fs.readdirSync(dir);
        const rows = files.length === 1 ? fs.readFileSync(path.join(dir, files[0]), 'utf8').split('\r\n').length - 2 : -1;
        seenDuring.push({ files, rows });
      },
    });
    assert.equal(seenDuring.length, 1);
    assert.match(seenDuring[0].files[0], /^\.streamed\.csv\.[0-9a-f]+\.part$/);
    assert.ok(seenDuring[0].rows >= 100, `${seenDuring[0].rows} rows on disk while paging`);
    assert.deepEqual(fs.readdirSync(dir), ['streamed.csv']);
    await client.close();
  });

  it('keeps the permissions of the file it replaces (a private file stays private)', async function () {
    if (process.platform === 'win32') this.skip(); // no POSIX permission bits
    const { client } = testClient(server);
    for (const mode of [0o600, 0o640, 0o444]) {
      const target = path.join(dir, `private-${mode.toString(8)}.csv`);
      fs.writeFileSync(target, 'the earlier export');
      fs.chmodSync(target, mode); // whatever the umask
      await exportOpportunities(client, { status_type: ['won'] }, 'csv', await TempFileSink.open(target));
      assert.equal(fs.statSync(target).mode & 0o777, mode, `mode ${mode.toString(8)}`);
      assert.notEqual(fs.readFileSync(target, 'utf8'), 'the earlier export');
    }
    await client.close();
  });

  it('writes JSON objects as Close returns them, in server order', async () => {
    const { client } = testClient(server);
    const target = path.join(dir, 'all.json');
    await exportOpportunities(client, { status_type: ['lost'] }, 'json', await TempFileSink.open(target));
    const exported = JSON.parse(fs.readFileSync(target, 'utf8')) as Opportunity[];
    const expected = server.dataset.opportunities.filter((o) => o.status_type === 'lost');
    assert.deepEqual(
      exported.map((o) => o.id),
      byDateUpdatedDesc(expected),
    );
    assert.equal(server.requests.filter((r) => r.path.endsWith('/v1/opportunity/') && r.query._fields !== undefined).length, 0);
    await client.close();
  });

  it('leaves an earlier file as it was and no temporary file when a page fails', async () => {
    const { client } = testClient(server);
    const target = path.join(dir, 'earlier.csv');
    fs.writeFileSync(target, 'the earlier export');
    let failed = false;
    const error = await rejection(
      exportOpportunities(client, {}, 'csv', await TempFileSink.open(target), {
        onProgress: () => {
          if (!failed) server.script({ status: 500, path: /\/opportunity\/$/, body: { error: 'boom' } });
          failed = true;
        },
      }),
    );
    assert.match(error.message, /internal error \(500\) \(boom\)/);
    assert.deepEqual(fs.readdirSync(dir), ['earlier.csv']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'the earlier export');
    await client.close();
  });

  it('leaves an earlier file as it was and no temporary file when cancelled', async () => {
    const { client } = testClient(server);
    const target = path.join(dir, 'earlier.json');
    fs.writeFileSync(target, '[]');
    const controller = new AbortController();
    const error = await rejection(
      exportOpportunities(client, {}, 'json', await TempFileSink.open(target), { signal: controller.signal, onProgress: () => controller.abort() }),
    );
    assert.equal(error.name, 'AbortError');
    assert.deepEqual(fs.readdirSync(dir), ['earlier.json']);
    assert.equal(fs.readFileSync(target, 'utf8'), '[]');
    await client.close();
  });
});

describe('export chunks', () => {
  const objects = [
    { id: 'oppo_1', lead_name: 'A', 'custom.cf_x': 'x', note: 'line\nbreak' },
    { id: 'oppo_2', lead_name: '=B', value: 1050 },
    { id: 'oppo_3', lead_name: 'C', nested: { a: [1, 2] } },
  ] as unknown as Opportunity[];

  it('add up to the whole CSV and JSON, whatever the page sizes', () => {
    for (const pages of [[objects], [objects.slice(0, 1), [], objects.slice(1)], [[], []]]) {
      const all = pages.flat();
      const csv = new ExportChunks('csv', ['custom.cf_x']);
      const json = new ExportChunks('json');
      assert.equal(
        csv.start() + pages.map((p) => Buffer.from(csv.page(p)).toString('utf8')).join('') + csv.end(),
        toCsv(all.length ? all : []).replace(/^\ufeff[^\r]*/, `\ufeff${[...CSV_COLUMNS, 'custom.cf_x'].join(',')}`),
      );
      assert.equal(json.start() + pages.map((p) => Buffer.from(json.page(p)).toString('utf8')).join('') + json.end(), toJson(all));
    }
  });
});
