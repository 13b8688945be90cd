// Several filters typed on one line in the palette's Filter… ("owner:me close-date:this-quarter"): the query the
// fake Close server receives, and a line with a problem, which changes nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { presetRange } from '../../src/commands/dateRanges';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER } from './extensionApi';
import { answering, typedPicksLeftOpen } from './palette';

describe('Filter… with a typed line (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 300, seed: 31, apiKey: 'api_filter_line_test_key' });
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  /** The list requests the tree sent since `from`, as the fake received them. */
  const listQueries = (from: number) =>
    server.requests
      .slice(from)
      .filter((r) => r.path === '/api/v1/opportunity/' && r.query._limit !== '0')
      .map((r) => r.query);

  it('sends the owner (by first name), the status type and this quarter’s close dates to Close', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    const firstNames = server.dataset.users.map((u) => u.first_name);
    const owner = server.dataset.users.find((u) => u.id !== server.dataset.me.id && firstNames.filter((n) => n === u.first_name).length === 1)!;
    const from = server.requests.length;
    await answering([{ type: `owner:${owner.first_name!.toLowerCase()} status-type:won close-date:this-quarter` }], () =>
      vscode.commands.executeCommand('closeOpportunities.filter'),
    );
    const quarter = presetRange('this_quarter', new Date());
    assert.deepEqual(ext.services.filterState.filter, { order_by: ORDER, user_id: [owner.id], status_type: ['won'], date_won: quarter });
    await ext.treeProvider.getChildren();
    const sent = listQueries(from).at(-1)!;
    assert.deepEqual(
      { user_id: sent.user_id, status_type: sent.status_type, gte: sent.date_won__gte, lte: sent.date_won__lte },
      { user_id: owner.id, status_type: 'won', gte: quarter.gte, lte: quarter.lte },
    );
  });

  it('takes "me" for the user the key belongs to, and keeps the fields the line does not name', async () => {
    ext.services.filterState.set({ order_by: ORDER, value_period: ['monthly'] });
    const from = server.requests.length;
    await answering([{ type: 'owner:me' }], () => vscode.commands.executeCommand('closeOpportunities.filter'));
    await ext.treeProvider.getChildren();
    const sent = listQueries(from).at(-1)!;
    assert.deepEqual({ user_id: sent.user_id, value_period: sent.value_period }, { user_id: server.dataset.me.id, value_period: 'monthly' });
  });

  it('says what is wrong with a line in the pick, and changes nothing', async () => {
    const before = { order_by: ORDER, status_type: ['lost' as const] };
    ext.services.filterState.set(before);
    for (const [line, problem] of [
      ['owner:Nobody status-type:won', '$(error) owner: nothing is named “Nobody”. Choose from: me, '],
      ['status-type:won close-date:2026-02-30', '$(error) close-date: 2026-02-30 is not a date in the calendar.'],
      ['colour:red', '$(error) “colour” is not a filter. Filters: status-type: '],
    ]) {
      await answering([{ type: line }], () => vscode.commands.executeCommand('closeOpportunities.filter'));
      assert.ok(typedPicksLeftOpen[0]?.[0]?.startsWith(problem), `${line}: ${typedPicksLeftOpen[0]?.[0]}`);
      assert.deepEqual(ext.services.filterState.filter, before, line);
    }
  });

  it('still picks a field by its name, then its value', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await answering(['Owner', (items) => items.find((i) => i.label === 'Me')], () => vscode.commands.executeCommand('closeOpportunities.filter'));
    assert.deepEqual(ext.services.filterState.filter.user_id, [server.dataset.me.id]);
  });
});
