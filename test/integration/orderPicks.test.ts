// Group By… and Sort By… from the palette in one pick: the natural order at once, the reverse as items of
// their own, and "stage" finding the status grouping.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER } from './extensionApi';
import { answering } from './palette';

/** The item with this label and direction (its description), as a user picks it. */
const item = (label: string, direction: string) => (items: readonly vscode.QuickPickItem[]) =>
  items.find((i) => i.label === label && (i.description ?? '').startsWith(direction));

describe('Group By and Sort By in one pick (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 200, seed: 31, apiKey: 'api_order_picks_key' });
  });

  after(() => disconnectFromFake(ext, server));

  beforeEach(async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    server.resetRequests();
  });

  it('groups by status in two actions (the command, one pick), in pipeline order; "stage" finds it', async () => {
    let shown: readonly vscode.QuickPickItem[] = [];
    const asked = await answering(
      [
        (items) => {
          shown = items;
          return items.find((i) => i.label === 'Status');
        },
      ],
      () => vscode.commands.executeCommand('closeOpportunities.groupBy'),
    );
    assert.deepEqual(asked, ['Group By'], 'one question');
    assert.deepEqual(ext.services.filterState.filter.group_by, { field: 'status_id', descending: false });
    const groups = await ext.treeProvider.getChildren();
    assert.ok(groups.length > 1 && groups.every((node) => node.kind === 'group'));
    // What typing "stage" keeps (the quick pick matches on descriptions): the status grouping, both ways.
    const stage = shown.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator && `${i.label} ${i.description ?? ''}`.toLowerCase().includes('stage'));
    assert.deepEqual(
      stage.map((i) => [i.label, i.description]),
      [
        ['Status', 'stages in pipeline order'],
        ['Status', 'stages in reverse pipeline order'],
      ],
    );
  });

  it('sorts by value highest first on the first pick, and lowest first from its reverse item, each one question', async () => {
    assert.deepEqual(await answering(['Value'], () => vscode.commands.executeCommand('closeOpportunities.sortBy')), ['Sort By']);
    assert.deepEqual(ext.services.filterState.filter.order_by, { field: 'value', descending: true });
    await ext.treeProvider.getChildren();
    assert.deepEqual(ext.services.filterState.filter.order_by, { field: 'value', descending: true });
    assert.ok(
      server.requests.some((r) => r.path.endsWith('/opportunity/') && r.query._order_by === '-value'),
      'Close was asked for the highest values first',
    );

    server.resetRequests();
    await answering([item('Value', 'Lowest first')], () => vscode.commands.executeCommand('closeOpportunities.sortBy'));
    assert.deepEqual(ext.services.filterState.filter.order_by, { field: 'value', descending: false });
    await ext.treeProvider.getChildren();
    assert.ok(server.requests.some((r) => r.path.endsWith('/opportunity/') && r.query._order_by === 'value'));
  });

  it('marks the order in use as current, and No Grouping ungroups', async () => {
    ext.services.filterState.update({ group_by: { field: 'date_won__month', descending: true } });
    let shown: readonly vscode.QuickPickItem[] = [];
    await answering(
      [
        (items) => {
          shown = items;
          return items.find((i) => i.label === 'No Grouping');
        },
      ],
      () => vscode.commands.executeCommand('closeOpportunities.groupBy'),
    );
    assert.deepEqual(
      shown.filter((i) => (i.description ?? '').endsWith('current')).map((i) => [i.label, i.description]),
      [['Close Month (Expected or Won)', 'Newest first · current']],
    );
    assert.equal(ext.services.filterState.filter.group_by, undefined);
  });
});
