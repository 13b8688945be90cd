// The documented `query` examples through the palette's search: the box shows Close's example as a hint,
// and the sample server answers it (no 400).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER } from './extensionApi';
import { answering, inputBoxesShown } from './palette';

const EXAMPLE = 'status_change(old_status:active new_status:won date:yesterday)';

describe('Search examples from the palette (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 600, seed: 29, apiKey: 'api_search_test_key' });
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  for (const query of [EXAMPLE, 'note:important', 'opportunity_status_type:active', 'status_change(new_status:lost)']) {
    it(`searches for the documented form ${query}`, async () => {
      ext.services.filterState.set({ order_by: ORDER });
      await ext.treeProvider.getChildren();
      await answering([query], () => vscode.commands.executeCommand('closeOpportunities.search'));
      assert.equal(inputBoxesShown[0].placeHolder, EXAMPLE);
      assert.equal(ext.services.filterState.filter.query, query);
      const children = await ext.treeProvider.getChildren();
      assert.ok(!children.some((c) => c.kind === 'error'), 'no error row');
      const answers = server.requests.filter((r) => r.path === '/api/v1/opportunity/' && r.query.query === query);
      assert.ok(answers.length > 0 && answers.every((r) => r.status === 200), JSON.stringify(answers.map((r) => r.status)));
    });
  }
});
