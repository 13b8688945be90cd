// Browsing inside a real VS Code: the extension's tree, status bar, commands and key handling against
// the fake Close server started here, on loopback, with a key this test knows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Opportunity } from '../../src/close/types';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import type { TreeNode } from '../../src/views/tree/treeNodes';
import { activeSecretName, api, config, connectToFake, disconnectFromFake, EXTENSION_ID, ORDER, storedKey, textOf, waitFor } from './extensionApi';
import { answering } from './palette';
import { byUpdatedDesc } from '../support/order';

const SECRET = 'closeOpportunities.apiKey';

function rowIds(nodes: TreeNode[]): string[] {
  return nodes.filter((n) => n.kind === 'opportunity').map((n) => (n as { row: { id: string } }).row.id);
}

/** The label a group of `field` has for this opportunity, computed here independently of the extension. */
function groupLabelOf(o: Opportunity, field: string): string {
  if (field === 'user_id') return o.user_name ?? '';
  if (!o.date_won) return 'No close date';
  const [year, month, day] = o.date_won.split('-').map(Number);
  if (field === 'date_won__year') return String(year);
  if (field === 'date_won__quarter') return `Q${Math.ceil(month / 3)} ${year}`;
  if (field === 'date_won__month') return new Date(Date.UTC(year, month - 1, 15)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  // ISO week: the week with the year's first Thursday is week 1.
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `Week ${week}, ${weekYear}`;
}

describe('Browse (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 400, seed: 11, apiKey: 'api_known_test_key' }, { pageSize: 25 });
  });

  after(async () => {
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  async function show(filter: Parameters<CloseOpportunitiesApi['services']['filterState']['set']>[0]): Promise<TreeNode[]> {
    ext.services.filterState.set(filter);
    return ext.treeProvider.getChildren();
  }

  it('registers every command of the manifest', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.json'), 'utf8'));
    const declared: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      declared.filter((id) => !registered.has(id)),
      [],
    );
  });

  it('keeps the key in secret storage and nowhere in the settings', async () => {
    assert.equal(await storedKey(ext), server.key);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('closeOpportunities'));
    assert.ok(!settings.includes(server.key));
    assert.equal(ext.services.connection.kind, 'apiKey');
    assert.match(ext.services.connection.label ?? '', new RegExp(server.dataset.me.first_name!));
  });

  it('lists the first page of the most recently updated opportunities, then "Load more"', async () => {
    const children = await show({ order_by: ORDER });
    const expected = [...server.dataset.opportunities].sort(byUpdatedDesc).slice(0, 25);
    assert.deepEqual(
      rowIds(children),
      expected.map((o) => o.id),
    );
    const first = ext.treeProvider.getTreeItem(children[0]);
    const o = expected[0];
    assert.equal(first.label, o.lead_name || o.contact_name || o.id);
    assert.equal(first.id, `opportunity:${o.id}`);
    assert.equal(first.contextValue, 'opportunity');
    assert.match(String(first.description), new RegExp(`${o.confidence}%$`));
    // A screen reader hears the row, the status type its icon colours included.
    const type = o.status_label?.toLowerCase() === o.status_type ? '' : ` (${o.status_type})`;
    assert.ok(first.accessibilityInformation?.label.startsWith(`${textOf(first.label)}, `), first.accessibilityInformation?.label);
    assert.ok(first.accessibilityInformation?.label.includes(`, status ${o.status_label}${type}, `), first.accessibilityInformation?.label);
    assert.equal(first.accessibilityInformation?.role, 'treeitem');
    const more = ext.treeProvider.getTreeItem(children[children.length - 1]);
    assert.equal(more.label, 'Load more (25 of 400)');
    assert.equal(more.command?.command, 'closeOpportunities.loadMore');
    assert.deepEqual(more.accessibilityInformation, { label: 'Load more (25 of 400)', role: 'button' });
  });

  it('loads the next page with the "Load more" command', async () => {
    const children = await show({ order_by: ORDER });
    await vscode.commands.executeCommand('closeOpportunities.loadMore', children[children.length - 1]);
    const after = await ext.treeProvider.getChildren();
    assert.deepEqual(
      rowIds(after),
      [...server.dataset.opportunities]
        .sort(byUpdatedDesc)
        .slice(0, 50)
        .map((o) => o.id),
    );
    assert.equal(ext.treeProvider.getTreeItem(after[after.length - 1]).label, 'Load more (50 of 400)');
  });

  it('shows the total as the badge and in the status bar', async () => {
    await show({ order_by: ORDER });
    assert.equal(ext.treeView.view.badge?.value, 400);
    assert.equal(ext.treeView.view.badge?.tooltip, '400 opportunities');
    assert.match(ext.statusBar.item.text, /· 400 opps$/);
    assert.equal(ext.statusBar.item.command, 'closeOpportunities.focusSummary');
  });

  it('lists only the opportunities of the chosen statuses, and says so in the description', async () => {
    const won = server.dataset.statuses.filter((s) => s.type === 'won').map((s) => s.id);
    const children = await show({ order_by: ORDER, status_id: won });
    const expected = server.dataset.opportunities.filter((o) => won.includes(o.status_id)).sort(byUpdatedDesc);
    assert.deepEqual(
      rowIds(children),
      expected.slice(0, 25).map((o) => o.id),
    );
    assert.equal(ext.treeView.view.badge?.value, expected.length);
    assert.match(ext.statusBar.item.text, new RegExp(`· ${expected.length} opps$`));
    await waitFor('status names in the description', () => {
      const labels = server.dataset.statuses.filter((s) => won.includes(s.id)).map((s) => s.label);
      return labels.every((label) => (ext.treeView.view.description ?? '').includes(label));
    });
  });

  it('keeps the filter in words above the rows while one is set (the description is cut off in a narrow side bar)', async () => {
    await show({ order_by: ORDER, status_type: ['won'], value_period: ['monthly'] });
    assert.equal(ext.treeView.view.message, 'Filtered: Won · Monthly');
    await show({ order_by: ORDER, group_by: { field: 'user_id', descending: false } });
    assert.equal(ext.treeView.view.message, undefined, 'grouping and sort order filter nothing');
  });

  it('groups by owner: one node per owner with the server count', async () => {
    const children = await show({ order_by: ORDER, group_by: { field: 'user_id', descending: false } });
    const owners = new Map<string, { name: string; count: number }>();
    for (const o of server.dataset.opportunities) {
      const entry = owners.get(o.user_id) ?? { name: o.user_name ?? '', count: 0 };
      entry.count++;
      owners.set(o.user_id, entry);
    }
    assert.equal(children.length, owners.size);
    for (const node of children) {
      const item = ext.treeProvider.getTreeItem(node);
      const owner = [...owners.values()].find((e) => e.name === item.label);
      assert.ok(owner, `a group labelled ${textOf(item.label)}`);
      assert.match(String(item.description), new RegExp(`^${owner.count} · `));
      assert.match(item.accessibilityInformation?.label ?? '', new RegExp(`^${owner.name}, ${owner.count} opportunit(y|ies), \\$[\\d,.]+ annualized$`));
      assert.match(textOf(item.tooltip), new RegExp(`^${owner.name}\\n${owner.count} opportunit(y|ies) · \\$[\\d,.]+ annualized$`));
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    }
  });

  it('groups by close month, newest first, and lists a month’s opportunities when expanded', async () => {
    const children = await show({ order_by: ORDER, group_by: { field: 'date_won__month', descending: true } });
    const months = new Map<string, Opportunity[]>();
    for (const o of server.dataset.opportunities) {
      if (!o.date_won) continue;
      const key = o.date_won.slice(0, 7);
      months.set(key, [...(months.get(key) ?? []), o]);
    }
    const newest = [...months.keys()].sort().reverse()[0];
    const label = new Date(`${newest}-15T00:00:00Z`).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const group = children.find((n) => ext.treeProvider.getTreeItem(n).label === label);
    assert.ok(group, `a group labelled ${label}`);
    const datedGroups = children.filter((n) => ext.treeProvider.getTreeItem(n).label !== 'No close date');
    assert.equal(ext.treeProvider.getTreeItem(datedGroups[0]).label, label, 'newest month first');
    const inside = await ext.treeProvider.getChildren(group);
    assert.deepEqual(new Set(rowIds(inside)), new Set(months.get(newest)!.map((o) => o.id)));
    const ids = inside.map((n) => ext.treeProvider.getTreeItem(n).id);
    assert.ok(ids.every((id) => id?.startsWith(ext.treeProvider.getTreeItem(group).id + '/')));
  });

  it('keeps the loaded rows when a page fails and offers Retry on an error row', async () => {
    const children = await show({ order_by: ORDER, status_type: ['active'] });
    server.script({ status: 500, body: { error: 'Database is resting' }, path: /\/opportunity\/$/ });
    await vscode.commands.executeCommand('closeOpportunities.loadMore', children[children.length - 1]);
    const failed = await ext.treeProvider.getChildren();
    assert.equal(rowIds(failed).length, 25);
    const error = ext.treeProvider.getTreeItem(failed[failed.length - 1]);
    assert.equal(error.contextValue, 'error');
    assert.match(textOf(error.label), /Database is resting/);
    assert.equal(error.command?.command, 'closeOpportunities.retry');
    // What the red icon and "Retry" say, in words.
    assert.match(error.accessibilityInformation?.label ?? '', /^Could not load: .*Database is resting.* Click to try again\.$/);
    assert.equal(error.accessibilityInformation?.role, 'button');
    await vscode.commands.executeCommand('closeOpportunities.retry', failed[failed.length - 1]);
    assert.equal(rowIds(await ext.treeProvider.getChildren()).length, 50);
  });

  it('reloads by itself every autoRefreshMinutes, at least a minute apart', async () => {
    await show({ order_by: ORDER });
    server.resetRequests();
    await config().update('autoRefreshMinutes', 0.002, vscode.ConfigurationTarget.Global);
    try {
      // 0.12 s asked for, one minute used: the timer is not waited for here, its tick is what it would run.
      assert.equal(ext.autoRefresh.intervalMs, 60_000);
      ext.autoRefresh.tick();
      await waitFor('an automatic reload', () => server.requests.filter((r) => r.path.endsWith('/opportunity/')).length >= 1);
    } finally {
      await config().update('autoRefreshMinutes', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(ext.autoRefresh.intervalMs, undefined, 'no timer once it is 0 again');
  });

  for (const field of ['user_id', 'date_won__week', 'date_won__month', 'date_won__quarter', 'date_won__year'] as const) {
    for (const descending of [false, true]) {
      it(`groups by ${field}${descending ? ' descending' : ''}: each group once, labelled, with its own count`, async () => {
        const children = await show({ order_by: ORDER, group_by: { field, descending } });
        const expected = new Map<string, number>();
        for (const o of server.dataset.opportunities) {
          const label = groupLabelOf(o, field);
          expected.set(label, (expected.get(label) ?? 0) + 1);
        }
        const shown = new Map<string, number>();
        for (const node of children) {
          const item = ext.treeProvider.getTreeItem(node);
          assert.ok(!shown.has(textOf(item.label)), `${textOf(item.label)} shown twice`);
          shown.set(textOf(item.label), Number(String(item.description).split(' · ')[0].replace(/,/g, '')));
        }
        assert.deepEqual(new Map([...shown].sort()), new Map([...expected].sort()));
        const ordered = children.map(
          (n) => (n as { summary: { year?: number; month?: number; quarter?: number; weekyear?: number; week?: number; user_name?: string } }).summary,
        );
        const dated = ordered.filter((g) => (field === 'user_id' ? true : g.year != null || g.weekyear != null));
        const sortKey = (g: (typeof ordered)[number]) =>
          field === 'user_id'
            ? (g.user_name ?? '').toLowerCase()
            : field === 'date_won__week'
              ? (g.weekyear ?? 0) * 100 + (g.week ?? 0)
              : (g.year ?? 0) * 100 + (g.month ?? g.quarter ?? 0);
        const keys = dated.map(sortKey);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        assert.deepEqual(keys, descending ? sorted.reverse() : sorted, 'groups in order');
        if (expected.has('No close date')) assert.equal(textOf(ext.treeProvider.getTreeItem(children[children.length - 1]).label), 'No close date', 'undated last');
      });
    }
  }

  it('sorts by annualized value, highest first, as chosen', async () => {
    const children = await show({ order_by: { field: 'annualized_value', descending: true } });
    const value = (o: Opportunity) => o.annualized_value ?? -Infinity;
    const expected = [...server.dataset.opportunities].sort((a, b) => value(b) - value(a) || (a.id < b.id ? -1 : 1)).slice(0, 25);
    assert.deepEqual(
      rowIds(children),
      expected.map((o) => o.id),
    );
  });

  it('says "No opportunities match" when nothing matches', async () => {
    const children = await show({ order_by: ORDER, query: 'zzzz nothing like this' });
    assert.deepEqual(children, []);
    assert.match(ext.treeView.view.message ?? '', /^No opportunities match/);
  });

  it('reveals a loaded opportunity and shows its details as a card, titled with its lead and value', async () => {
    const children = await show({ order_by: ORDER });
    const id = rowIds(children)[3];
    const revealed = await vscode.commands.executeCommand<boolean>('closeOpportunities.revealInSidebar', id);
    assert.equal(revealed, true);
    // The selection comes back from the workbench asynchronously (slow on a loaded machine).
    await waitFor('the revealed row to be selected', () => rowIds([...ext.treeView.view.selection])[0] === id);
    const held = server.dataset.opportunities.find((o) => o.id === id)!;
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('closeOpportunities.showDetails', id);
    assert.equal(panel?.viewType, 'closeOpportunities.details');
    assert.ok(panel.title.startsWith(`${textOf(ext.treeProvider.getTreeItem(children[3]).label)} · `), panel.title);
    const page = panel.webview.html;
    const shown = (name: string) => new RegExp(`<dt>${name}</dt><dd>([^<]*)</dd>`).exec(page)?.[1];
    assert.equal(shown('Owner'), held.user_name);
    assert.equal(shown('id'), id);
    assert.equal(shown('lead_id'), held.lead_id);
    assert.equal(shown(held.status_type === 'active' ? 'Expected close' : held.status_type === 'won' ? 'Won' : 'Close date'), held.date_won ?? undefined);
    // Each custom field under Close's name for it.
    const nameOf = new Map(server.dataset.customFields.map((field) => [`custom.${field.id}`, field.name]));
    for (const key of Object.keys(held).filter((k) => k.startsWith('custom.'))) assert.ok(page.includes(`<dt>${nameOf.get(key)}</dt>`), key);
    assert.equal(panel.webview.options.enableScripts, false);
    panel.dispose();
  });

  it('shows the JSON of an opportunity from its card, as a read-only document', async () => {
    const children = await show({ order_by: ORDER });
    const id = rowIds(children)[2];
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('closeOpportunities.showDetails', id);
    const link = /<a href="command:closeOpportunities\.showDetails\?([^"]*)">Show JSON<\/a>/.exec(panel.webview.html);
    assert.ok(link, 'the card links to its JSON');
    const args = JSON.parse(decodeURIComponent(link[1].replace(/&amp;/g, '&'))) as unknown[];
    server.resetRequests();
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('closeOpportunities.showDetails', ...args);
    assert.equal(document?.languageId, 'json');
    assert.equal(document?.isUntitled, false, 'a read-only document, not an unsaved one');
    assert.equal(document?.uri.scheme, 'close-opportunity');
    assert.equal(JSON.parse(document.getText()).id, id);
    assert.deepEqual(
      server.requests.filter((r) => r.path.endsWith(`/opportunity/${id}/`)),
      [],
      'the card’s opportunity, not asked again',
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    panel.dispose();
  });

  it('copies an opportunity id to the clipboard', async () => {
    const children = await show({ order_by: ORDER });
    await vscode.commands.executeCommand('closeOpportunities.copyId', children[0]);
    assert.equal(await vscode.env.clipboard.readText(), rowIds(children)[0]);
  });

  it('copies the whole opportunity as JSON, as Close holds it', async () => {
    const children = await show({ order_by: ORDER });
    await vscode.commands.executeCommand('closeOpportunities.copyAsJson', children[1]);
    const copied = JSON.parse(await vscode.env.clipboard.readText());
    const held = server.dataset.opportunities.find((o) => o.id === rowIds(children)[1])!;
    assert.equal(copied.id, held.id);
    assert.equal(copied.note, held.note);
    assert.equal(copied.organization_id, held.organization_id);
  });

  it('refuses to send a key over plain http to another machine, and stores nothing', async () => {
    await config().update('apiBaseUrl', 'http://close.example.com/api/v1/', vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(ext.services.connection.setApiKey('api_other_key'), (error: { code?: string; message: string }) => {
        assert.equal(error.code, 'INSECURE_TRANSPORT');
        assert.ok(!error.message.includes('api_other_key'));
        return true;
      });
      assert.equal(await storedKey(ext), server.key);
    } finally {
      await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    }
  });

  it('switches to sample data with the demo setting and back to the key without it', async () => {
    await config().update('demo', true, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('sample data', () => ext.services.connection.kind === 'sampleData');
      const ours = new Set(server.dataset.opportunities.map((o) => o.id));
      const children = await show({ order_by: ORDER });
      assert.ok(rowIds(children).length > 0 && rowIds(children).every((id) => !ours.has(id)));
    } finally {
      await config().update('demo', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the key again', () => ext.services.connection.kind === 'apiKey');
    const children = await show({ order_by: ORDER });
    assert.deepEqual(
      rowIds(children),
      [...server.dataset.opportunities]
        .sort(byUpdatedDesc)
        .slice(0, 25)
        .map((o) => o.id),
    );
  });

  it('logs each request with its status and time, never the key', async () => {
    await show({ order_by: ORDER, status_type: ['lost'] });
    const logDir = ext.services.context.logUri.fsPath;
    await waitFor('the log file', () => fs.existsSync(logDir) && fs.readdirSync(logDir).some((f) => f.includes('Close')));
    const file = fs.readdirSync(logDir).find((f) => f.includes('Close'))!;
    await waitFor('a logged request', () => /GET opportunity\/\?.*status_type=lost.* → 200 \(\d+ ms\)/.test(fs.readFileSync(path.join(logDir, file), 'utf8')));
    assert.ok(!fs.readFileSync(path.join(logDir, file), 'utf8').includes(server.key));
  });

  it('refuses a wrong key, stores nothing and keeps the working one', async () => {
    await assert.rejects(ext.services.connection.setApiKey('api_wrong'), (error: { status?: number }) => error.status === 401);
    assert.equal(await storedKey(ext), server.key);
    assert.equal(ext.services.connection.connected, true);
  });

  it('turns a 401 into the set-a-key state, without a message hiding the welcome view', async () => {
    await show({ order_by: ORDER });
    // The tree's page (the summary asks for _limit=0 at the same time: either may arrive first).
    server.script({ status: 401, body: { error: 'The server could not verify that you are authorized.' }, path: /\/opportunity\/$/, query: { _limit: '25' } });
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    await waitFor('the refused state', () => ext.services.connection.keyRefused);
    assert.equal(ext.services.connection.connected, false);
    assert.equal(ext.treeView.view.message, undefined, 'no message, so the welcome view with its links shows');
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const refused = manifest.contributes.viewsWelcome.find((w: { when: string }) => w.when === 'closeOpportunities.keyRefused');
    assert.ok(refused, 'a welcome view for a refused key');
    assert.deepEqual(await ext.treeProvider.getChildren(), []);
    assert.equal(ext.statusBar.visible, false);
    // Setting the key again connects again.
    await ext.services.connection.setApiKey(server.key);
    assert.equal(ext.services.connection.connected, true);
    assert.equal(ext.treeView.view.message, undefined);
  });

  it('explores sample data with a server of its own, labelled as such', async () => {
    await vscode.commands.executeCommand('closeOpportunities.exploreSampleData');
    assert.equal(ext.services.connection.kind, 'sampleData');
    const children = await show({ order_by: ORDER });
    assert.ok(rowIds(children).length > 0);
    const ours = new Set(server.dataset.opportunities.map((o) => o.id));
    assert.ok(
      rowIds(children).every((id) => !ours.has(id)),
      'rows come from the sample data server, not the configured one',
    );
    assert.match(ext.treeView.view.description ?? '', /^Sample data/);
    assert.match(ext.treeView.view.message ?? '', /^Sample data/);
    assert.match(textOf(ext.statusBar.item.tooltip), /Sample data/);
    assert.equal(ext.statusBar.visible, true);
  });

  it('signs out: the key is removed and nothing is shown', async () => {
    await ext.services.connection.setApiKey(server.key);
    const secret = activeSecretName(ext);
    assert.ok(await ext.services.context.secrets.get(secret));
    // After sample data was explored there are two organizations: Sign Out asks which.
    const several = ext.services.connection.organizations.list().length > 1;
    await answering(several ? ['All Organizations'] : [], () => vscode.commands.executeCommand('closeOpportunities.signOut'));
    assert.deepEqual(ext.services.connection.organizations.list(), []);
    assert.equal(await ext.services.context.secrets.get(secret), undefined);
    assert.equal(await ext.services.context.secrets.get(SECRET), undefined);
    assert.equal(ext.services.connection.kind, 'none');
    assert.equal(await ext.services.connection.client(), undefined);
    assert.equal(ext.statusBar.visible, false);
    assert.deepEqual(await ext.treeProvider.getChildren(), []);
    await ext.services.connection.setApiKey(server.key);
  });
});
