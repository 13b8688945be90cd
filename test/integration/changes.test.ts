// "What changed since you last looked" inside a real VS Code: a first look, the fake moves on (advance),
// a refresh, and what the user sees: row markers, the tooltip line, the summary line, Show Changes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { changeItems, revealChange, type ChangeItem } from '../../src/features/changes/changeCommands';
import type { OpportunityFilter } from '../../src/close/filter';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { Opportunity } from '../../src/close/types';
import type { Dataset } from '../../src/fake/dataset';
import type { EvolutionChange } from '../../src/fake/evolve';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import type { OpportunityNode, TreeNode } from '../../src/views/tree/treeNodes';
import { api, config, disconnectFromFake, ORDER, textOf, waitFor } from './extensionApi';

const KINDS: Record<EvolutionChange['kind'], string> = { created: 'new', won: 'won', lost: 'lost', moved: 'moved', value: 'value', reassigned: 'reassigned' };
const BADGES: Record<string, string> = { new: 'N', won: 'W', lost: 'L', moved: 'M', value: 'V', reassigned: 'R', left: 'X', updated: 'U' };

/** Connects to `server` and forgets every look, also the one the reconnection itself makes. */
async function connectAndForget(ext: CloseOpportunitiesApi, server: FakeServer): Promise<void> {
  const before = ext.changes.completedLooks;
  await ext.services.connection.setApiKey(server.key);
  if (ext.model.started) {
    await ext.treeProvider.getChildren();
    await waitFor('the reconnection to be looked at', () => ext.changes.completedLooks > before);
  }
  await ext.changes.clear();
}

describe('Changes since the last look (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await startFakeServer({ opportunities: 400, seed: 21, apiKey: 'api_changes_test_key' });
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 25, vscode.ConfigurationTarget.Global);
    await connectAndForget(ext, server);
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  /** Shows `filter` (or refreshes it) and waits until the look was compared with the last one. */
  async function look(run: () => unknown): Promise<TreeNode[]> {
    const before = ext.changes.completedLooks;
    await run();
    await ext.treeProvider.getChildren();
    await waitFor('the look to be checked', () => ext.changes.completedLooks > before);
    return ext.treeProvider.getChildren();
  }
  const show = (filter: OpportunityFilter) => look(() => ext.services.filterState.set(filter));
  const refresh = () => look(() => vscode.commands.executeCommand('closeOpportunities.refresh'));
  const changeChecks = () => server.requests.filter((r) => r.path.endsWith('/opportunity/') && r.query.date_updated__gt !== undefined);
  const eventRequests = () => server.requests.filter((r) => r.path.endsWith('/event/'));
  const report = () => ext.changes.report;
  const rows = (nodes: TreeNode[]) => nodes.filter((n): n is OpportunityNode => n.kind === 'opportunity');
  const decoration = (node: OpportunityNode) => {
    const uri = ext.treeProvider.getTreeItem(node).resourceUri;
    assert.ok(uri, 'every row has a resourceUri for its marker');
    return ext.changeDecorations.provideFileDecoration(uri);
  };
  const items = () =>
    changeItems({
      services: ext.services,
      tree: ext.treeView,
      tracker: ext.changes,
      names: () => ({ statuses: ext.services.referenceData.statusLabels(), users: ext.services.referenceData.userNames() }),
      currency: () => 'USD',
    }).filter((item): item is ChangeItem => 'change' in item);

  it('only remembers on the first look at a filter: no markers, no summary line, no change check', async () => {
    server.resetRequests();
    const children = await show({ order_by: ORDER });
    assert.equal(ext.changes.report, undefined);
    assert.ok(rows(children).every((node) => decoration(node) === undefined));
    assert.equal(ext.summary.lastPostedState?.changes, undefined);
    assert.equal(changeChecks().length, 0);
  });

  it('after the data moves on, a refresh marks each changed row with its kind and says what changed', async () => {
    const made = server.advance(3);
    server.resetRequests();
    const children = await refresh();
    const report = ext.changes.report!;
    assert.ok(report, 'the changes were checked');
    const expected = new Map(made.map((c) => [c.id, KINDS[c.kind]]));
    assert.deepEqual(new Map(report.changes.map((c) => [c.id, c.kind])), expected);

    // Changed rows are the most recently updated: all on the first page, each with its marker.
    for (const node of rows(children)) {
      const kind = expected.get(node.row.id);
      const marker = decoration(node);
      if (!kind) {
        assert.equal(marker, undefined, `no marker on ${node.row.id}`);
        continue;
      }
      assert.equal(marker?.badge, BADGES[kind], node.row.id);
      assert.match(marker.tooltip!, / since \w{3} \d{2}:\d{2}$/);
      // A screen reader hears the marker's words right after the row's name.
      const name = ext.treeProvider.getTreeItem(node).accessibilityInformation?.label ?? '';
      assert.ok(name.startsWith(`${textOf(ext.treeProvider.getTreeItem(node).label)}, ${marker.tooltip}, `), name);
    }
    const unchanged = rows(children).filter((node) => !expected.has(node.row.id));
    assert.ok(unchanged.length > 0);
    assert.deepEqual(
      unchanged.map((node) => ext.treeProvider.getTreeItem(node).accessibilityInformation?.label).filter((name) => name?.includes(' since ')),
      [],
    );
    const moved = made.find((c) => c.kind === 'moved');
    if (moved) {
      const node = rows(children).find((n) => n.row.id === moved.id)!;
      assert.match(decoration(node)!.tooltip!, new RegExp(`^Moved: .+ → ${node.row.status_label} since `));
      const item = ext.treeProvider.resolveTreeItem(ext.treeProvider.getTreeItem(node), node);
      const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
      assert.match(tooltip, /^Moved: .+ since /, 'the row tooltip starts with what changed');
    }
  });

  it('puts the count of each kind at the top of the summary, the won value in the organization currency', () => {
    const report = ext.changes.report!;
    const line = ext.summary.lastPostedState?.changes ?? '';
    const count = (kind: string) => report.changes.filter((c) => c.kind === kind).length;
    assert.match(line, /^Since \w{3} \d{2}:\d{2}: /);
    assert.ok(line.includes(`${count('new')} new`), line);
    if (count('won') > 0) assert.match(line, new RegExp(`${count('won')} won \\(\\$[\\d.]+[KM]?\\)`));
    if (count('lost') > 0) assert.ok(line.includes(`${count('lost')} lost`), line);
  });

  it('asks the server once what changed (and the Event Log once for the state before)', () => {
    assert.equal(changeChecks().length, 1);
    const check = changeChecks()[0];
    assert.equal(check.query._order_by, '-date_updated');
    assert.ok(!check.query._fields.split(',').includes('note'), 'no notes');
    assert.ok(eventRequests().length <= 1, `event log requests: ${eventRequests().length}`);
  });

  it('lists the changes for Show Changes, grouped by kind; the picked one is revealed in the tree', async () => {
    const listed = items();
    assert.equal(listed.length, ext.changes.report!.changes.length);
    assert.ok(listed.every((item) => (item.description ?? '').includes(' since ')));
    const order = ['new', 'won', 'lost', 'moved', 'value', 'reassigned', 'left', 'updated'];
    const positions = listed.map((item) => order.indexOf(item.change.kind));
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
      'grouped by kind',
    );
    const first = listed[0];
    // What the command does with the picked item (the quick pick itself is driven in the e2e spec).
    await revealChange({ services: ext.services, tree: ext.treeView }, first.change.id);
    await waitFor('the picked row to be selected', () => (ext.treeView.view.selection[0] as OpportunityNode | undefined)?.row?.id === first.change.id);
  });

  it('Mark All as Seen removes every marker and the line; the next refresh finds nothing new', async () => {
    await vscode.commands.executeCommand('closeOpportunities.markAllSeen');
    assert.equal(ext.changes.report, undefined);
    assert.equal(ext.summary.lastPostedState?.changes, undefined);
    const children = await refresh();
    assert.deepEqual(report()?.changes, []);
    assert.ok(rows(children).every((node) => decoration(node) === undefined));
    assert.match(ext.summary.lastPostedState?.changes ?? '', /^No changes since /);
  });

  it('says which seen opportunities left the filter (won or lost while the filter is "active")', async () => {
    await config().update('pageSize', 100, vscode.ConfigurationTarget.Global);
    try {
      const filter: OpportunityFilter = { order_by: ORDER, status_type: ['active'] };
      let children = await show(filter);
      // Every active opportunity seen: load the rest, then mark them seen.
      while (children.some((n) => n.kind === 'loadMore')) {
        await vscode.commands.executeCommand(
          'closeOpportunities.loadMore',
          children.find((n) => n.kind === 'loadMore'),
        );
        children = await ext.treeProvider.getChildren();
      }
      await vscode.commands.executeCommand('closeOpportunities.markAllSeen');
      const made = server.advance(4);
      await refresh();
      // The fake stamps its first change in the click's millisecond: Mark All as Seen counts from the load, so it is found.
      await waitFor('the report of the refresh', () => made.every((change) => ext.changes.report?.changes.some((c) => c.id === change.id)));
      const kinds = new Map(ext.changes.report!.changes.map((c) => [c.id, c.kind]));
      for (const change of made) {
        const expected = change.kind === 'won' || change.kind === 'lost' ? 'left' : KINDS[change.kind];
        assert.equal(kinds.get(change.id), expected, `${change.kind} ${change.id}`);
      }
      assert.ok([...kinds.values()].includes('left'));
      assert.match(ext.summary.lastPostedState?.changes ?? '', / left the filter/);
    } finally {
      await config().update('pageSize', 25, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps a first look that a quicker look superseded, so that look still checks what changed since the first', async () => {
    // A filter nothing here has looked at; two looks at it, the second started before the first was done (a quick refresh).
    const filter: OpportunityFilter = { order_by: ORDER, status_type: ['lost'], value_period: ['one_time'] };
    const client = await ext.services.connection.client();
    assert.ok(client, 'connected');
    const page = (await client.listOpportunities(filter, { skip: 0, limit: 25 })).data as Opportunity[];
    const checksBefore = changeChecks().length;
    const first = ext.changes.looked(filter, page, Date.now() - 1000, client);
    const second = ext.changes.looked(filter, page, Date.now(), client);
    assert.equal(await first, undefined, 'the first look only remembers');
    const checked = await second;
    assert.ok(checked, 'the second look compared with the first instead of becoming the first');
    assert.equal(changeChecks().length, checksBefore + 1, 'one change check, by the second look');
  });

  it('keeps the looks in the extension global storage, without names, notes or the key; sign out deletes them', async () => {
    await ext.changes.flush();
    const file = ext.changes.file();
    assert.ok(file.fsPath.startsWith(ext.services.context.globalStorageUri.fsPath));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const someone = server.dataset.opportunities.find((o) => o.lead_name && o.note)!;
    assert.ok(text.includes(server.dataset.opportunities[0].id.slice(0, 5)));
    for (const secret of [server.key, someone.lead_name!, someone.note!, someone.user_name ?? server.key])
      assert.ok(!text.includes(secret), `not in the file: ${secret}`);
    assert.ok(!JSON.stringify(config()).includes('oppo_'), 'nothing in the settings');
    await ext.services.connection.signOut();
    await waitFor('the file to be deleted', async () => {
      try {
        await vscode.workspace.fs.stat(file);
        return false;
      } catch {
        return true;
      }
    });
    await ext.services.connection.setApiKey(server.key);
  });
});

describe('Changes since the last look without the Event Log (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await startFakeServer({ opportunities: 300, seed: 22, apiKey: 'api_changes_no_log_key', eventLog: 'forbidden' });
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 10, vscode.ConfigurationTarget.Global);
    await connectAndForget(ext, server);
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  async function lookAt(run: () => unknown): Promise<void> {
    const before = ext.changes.completedLooks;
    await run();
    await ext.treeProvider.getChildren();
    await waitFor('the look to be checked', () => ext.changes.completedLooks > before);
  }

  it('shows a change to an opportunity never seen here as "updated", and asks the Event Log only once', async () => {
    await lookAt(() => ext.services.filterState.set({ order_by: ORDER }));
    const seen = new Set(ext.model.loadedRows().map((r) => r.id));
    let made = server.advance(2);
    server.resetRequests();
    await lookAt(() => vscode.commands.executeCommand('closeOpportunities.refresh'));
    const kinds = new Map(ext.changes.report!.changes.map((c) => [c.id, c.kind]));
    for (const change of made) {
      const expected = change.kind === 'created' ? 'new' : seen.has(change.id) ? KINDS[change.kind] : 'updated';
      assert.equal(kinds.get(change.id), expected, `${change.kind} ${change.id}`);
    }
    assert.equal(server.requests.filter((r) => r.path.endsWith('/event/') && r.status === 403).length, 1);
    made = server.advance(1);
    server.resetRequests();
    await lookAt(() => vscode.commands.executeCommand('closeOpportunities.refresh'));
    assert.equal(server.requests.filter((r) => r.path.endsWith('/event/')).length, 0, 'a refused Event Log is not asked again');
    assert.ok(made.every((c) => ext.changes.report!.byId.has(c.id)));
  });
});

describe('Changes since the last look, kept apart per organization (inside VS Code)', function () {
  this.timeout(60_000);
  const PASSWORD = 'url-Passw0rd';
  let ext: CloseOpportunitiesApi;
  let server: FakeServer;
  let port: number;
  /** The first organization's data as it moved on, and what moved. */
  let first: { key: string; dataset: Dataset; made: EvolutionChange[] };

  before(async () => {
    ext = await api();
    server = await startFakeServer({ opportunities: 200, seed: 23, apiKey: 'api_first_org_key' });
    port = Number(new URL(server.url).port);
    // A user name and password in the setting: never sent, and never written to disk with the looks.
    await config().update('apiBaseUrl', server.url.replace('http://', `http://tester:${PASSWORD}@`), vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 25, vscode.ConfigurationTarget.Global);
    await connectAndForget(ext, server);
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  async function lookAt(run: () => unknown): Promise<TreeNode[]> {
    const before = ext.changes.completedLooks;
    await run();
    await ext.treeProvider.getChildren();
    await waitFor('the look to be checked', () => ext.changes.completedLooks > before);
    return ext.treeProvider.getChildren();
  }
  /** Another Close answers at the same address (the same port): `dataset`, with `apiKey`. */
  async function replaceServer(apiKey: string, dataset: Dataset): Promise<void> {
    await server.close();
    server = await startFakeServer({ port, apiKey, dataset });
  }
  const marked = (nodes: TreeNode[]) =>
    nodes.filter(
      (n): n is OpportunityNode => n.kind === 'opportunity' && ext.changeDecorations.provideFileDecoration(ext.treeProvider.getTreeItem(n).resourceUri!) !== undefined,
    );

  it('files the looks under the address without its user name and password', async () => {
    await lookAt(() => ext.services.filterState.set({ order_by: ORDER }));
    assert.equal(ext.changes.report, undefined, 'a first look');
    await ext.changes.flush();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(ext.changes.file()));
    assert.ok(text.includes(`127.0.0.1:${port}`), 'the looks are there');
    assert.ok(!text.includes(PASSWORD) && !text.includes('tester'), text.slice(0, 300));
  });

  it("another organization's key at the same address: its first look marks nothing and checks nothing", async () => {
    const made = server.advance(3);
    first = { key: server.key, dataset: server.dataset, made };
    // The same opportunities, moved on since the first organization's look, but another organization's.
    const other = { ...first.dataset.organization, id: 'orga_SecondOrganization000000000000000000000' };
    await replaceServer('api_second_org_key', { ...first.dataset, organization: other, me: { ...first.dataset.me, organizations: [other] } });
    const children = await lookAt(() => ext.services.connection.setApiKey(server.key));
    assert.equal(ext.changes.report, undefined, "the first organization's look is not this one's");
    assert.deepEqual(
      marked(children).map((n) => n.row.id),
      [],
    );
    assert.equal(server.requests.filter((r) => r.query.date_updated__gt !== undefined).length, 0, 'no change check');
  });

  it("the first organization's looks are still its own when its key is set again", async () => {
    await replaceServer(first.key, first.dataset);
    const children = await lookAt(() => ext.services.connection.setApiKey(server.key));
    assert.deepEqual(new Set(ext.changes.report?.changes.map((c) => c.id)), new Set(first.made.map((c) => c.id)));
    assert.ok(marked(children).length > 0);
  });
});
