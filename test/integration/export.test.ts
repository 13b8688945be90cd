// Export Opportunities… and saved filters inside a real VS Code, against the fake Close server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Opportunity } from '../../src/close/types';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER } from './extensionApi';
import { answering, saveDialogsShown } from './palette';

describe('Export and saved filters (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;
  let dir: string;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 450, seed: 41, apiKey: 'api_export_test_key' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'close-export-'));
  });

  const savedFiltersKey = () => `closeOpportunities.savedFilters.${ext.services.connection.activeAccount?.id}`;

  after(async () => {
    await ext.services.context.globalState.update(savedFiltersKey(), undefined);
    await disconnectFromFake(ext, server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports everything the filter matches to CSV, grouped or not, with a BOM and a header', async () => {
    ext.services.filterState.set({ order_by: ORDER, status_type: ['won', 'active'], group_by: { field: 'user_id', descending: false } });
    const expected = server.dataset.opportunities.filter((o) => o.status_type === 'won' || o.status_type === 'active');
    const uri = vscode.Uri.file(path.join(dir, 'won.csv'));
    server.resetRequests();
    let written: vscode.Uri | undefined;
    const asked = await answering(['CSV', { save: uri }], async () => {
      written = await vscode.commands.executeCommand<vscode.Uri | undefined>('closeOpportunities.exportView');
    });
    assert.deepEqual(asked, ['Export Opportunities', 'Export Opportunities']);
    assert.deepEqual(saveDialogsShown[0].filters, { CSV: ['csv'] });
    assert.equal(written?.fsPath, uri.fsPath);
    const bytes = fs.readFileSync(uri.fsPath);
    assert.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf');
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.match(
      lines[0],
      /^id,lead_name,contact_name,status_label,status_type,pipeline_name,value,value_currency,value_period,confidence,expected_value,annualized_value,user_name,date_won,date_created,date_updated,note/,
    );
    const ids = new Set(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .filter((id) => id.startsWith('oppo_')),
    );
    assert.deepEqual(ids, new Set(expected.map((o) => o.id)));
    // Only the columns the file has are asked for.
    // The export's pages: ungrouped and for the whole filter. The tree and the summary, loading meanwhile, ask for
    // groups, counts, one owner's rows (user_id) or their own row fields (which start with id,lead_id).
    const pages = server.requests.filter(
      (r) =>
        r.path.endsWith('/v1/opportunity/') &&
        r.query._limit === '100' &&
        r.query._group_by === undefined &&
        r.query.user_id === undefined &&
        !(r.query._fields ?? '').startsWith('id,lead_id,'),
    );
    assert.ok(pages.length > 0);
    for (const page of pages) assert.match(page.query._fields ?? '', /^id,lead_name,contact_name,.*,note(,custom\.cf_\w+)*$/);
  });

  it('exports JSON objects equal to what the server holds', async () => {
    ext.services.filterState.set({ order_by: ORDER, status_type: ['lost'] });
    const uri = vscode.Uri.file(path.join(dir, 'lost.json'));
    await answering([{ save: uri }], () => vscode.commands.executeCommand('closeOpportunities.exportView', { format: 'json' }));
    const exported = JSON.parse(fs.readFileSync(uri.fsPath, 'utf8')) as Opportunity[];
    const expected = server.dataset.opportunities.filter((o) => o.status_type === 'lost');
    assert.equal(exported.length, expected.length);
    const byId = new Map(expected.map((o) => [o.id, o]));
    for (const o of exported) assert.equal(o.lead_name, byId.get(o.id)?.lead_name);
  });

  it('leaves an earlier file as it was, and no partial file, when the export fails', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    const uri = vscode.Uri.file(path.join(dir, 'failed.csv'));
    fs.writeFileSync(uri.fsPath, 'the earlier export');
    const before = fs.readdirSync(dir).sort();
    server.setOptions({ faults: { malformedRate: 1 } });
    try {
      let written: unknown;
      await answering([{ save: uri }], async () => {
        written = await vscode.commands.executeCommand('closeOpportunities.exportView', { format: 'csv' });
      });
      assert.equal(written, undefined);
    } finally {
      server.setOptions({ faults: {} });
    }
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), 'the earlier export');
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
  });

  it('writes only the file the save dialog names, never one a command argument names', async () => {
    ext.services.filterState.set({ order_by: ORDER, status_type: ['won'] });
    const named = vscode.Uri.file(path.join(dir, 'named-by-an-argument.csv'));
    fs.writeFileSync(named.fsPath, 'not to be overwritten');
    // Dismissed: nothing is written, wherever the argument points.
    const asked = await answering([{ save: undefined }], () => vscode.commands.executeCommand('closeOpportunities.exportView', { format: 'csv', uri: named }));
    assert.deepEqual(asked, ['Export Opportunities']);
    assert.equal(fs.readFileSync(named.fsPath, 'utf8'), 'not to be overwritten');
    // Chosen: the dialog's file is written, the argument's is not.
    const chosen = vscode.Uri.file(path.join(dir, 'chosen.csv'));
    let written: vscode.Uri | undefined;
    await answering([{ save: chosen }], async () => {
      written = await vscode.commands.executeCommand<vscode.Uri | undefined>('closeOpportunities.exportView', { format: 'csv', uri: named });
    });
    assert.equal(written?.fsPath, chosen.fsPath);
    assert.match(fs.readFileSync(chosen.fsPath, 'utf8'), /^\ufeffid,lead_name,/);
    assert.equal(fs.readFileSync(named.fsPath, 'utf8'), 'not to be overwritten');
  });

  it('saves the current filter under a name and applies it later', async () => {
    const filter = { order_by: ORDER, status_type: ['won' as const], value_period: ['monthly' as const] };
    ext.services.filterState.set(filter);
    assert.equal(await vscode.commands.executeCommand('closeOpportunities.saveFilter', 'Monthly wins'), 'Monthly wins');
    ext.services.filterState.clear();
    assert.equal(await vscode.commands.executeCommand('closeOpportunities.applySavedFilter', 'Monthly wins'), true);
    assert.deepEqual(ext.services.filterState.filter, filter);
    // Kept for the organization shown (its status and user ids mean nothing to another one).
    const stored = JSON.stringify(ext.services.context.globalState.get(savedFiltersKey()));
    assert.ok(stored.includes('Monthly wins'));
    assert.ok(!stored.includes(server.key));
  });
});
