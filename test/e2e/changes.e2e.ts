// "What changed since you last looked" in a real VS Code (code-server + Chromium) with the packaged
// extension: look, the fake moves on (advance), Refresh, and what the user sees and picks.
import * as assert from 'node:assert/strict';
import type { EvolutionChange } from '../../src/fake/evolve';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { labelOf, opportunityRows, SUMMARY_VIEW, type TreeRow, useVSCode, keepForReadme } from './harness';

const KEY = 'api_changes_e2e_key';

describe('Changes since the last look', function () {
  this.timeout(180_000);
  let server: FakeServer;
  const made: EvolutionChange[] = [];
  const settings: Record<string, unknown> = { 'closeOpportunities.pageSize': 15 };

  before(async () => {
    server = await startFakeServer({ apiKey: KEY, opportunities: 500, seed: 9 });
    settings['closeOpportunities.apiBaseUrl'] = server.url;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings, viewport: { width: 1400, height: 900 } });

  /** A changed opportunity whose label no other row of the tree shows, and that label. */
  async function uniquelyLabelled(kind: EvolutionChange['kind']): Promise<{ id: string; label: string } | undefined> {
    const byId = new Map(server.dataset.opportunities.map((o) => [o.id, o]));
    const shown = opportunityRows(await vscode().treeRows()).map((r) => r.label);
    for (const change of made.filter((c) => c.kind === kind)) {
      const label = labelOf(byId.get(change.id)!);
      if (shown.filter((l) => l === label).length === 1) return { id: change.id, label };
    }
    return undefined;
  }

  /**
   * A first look at the fake's data as it is now: signed out (which forgets every remembered look), the key
   * set again, the first page and the summary shown. No change is made yet.
   */
  async function firstLook(): Promise<void> {
    await vscode().signedOut();
    made.length = 0;
    await vscode().connected(KEY);
    await vscode().waitForTreeRows((rows) => opportunityRows(rows).length === 15);
    await vscode().expandView(SUMMARY_VIEW);
    await vscode().webview().locator('[data-testid=summary][data-status=ready]').waitFor();
  }

  /** After a first look, the data moved on and Refresh marked it: the line at the top of the summary shows. */
  async function changesMarked(): Promise<void> {
    await firstLook();
    made.push(...server.advance(2));
    await vscode().viewTitleAction('Refresh');
    await vscode().webview().locator('[data-testid=changes-line]').waitFor({ timeout: 20_000 });
    const byId = new Map(server.dataset.opportunities.map((o) => [o.id, o]));
    const newest = made.filter((c) => c.kind === 'created').map((c) => labelOf(byId.get(c.id)!));
    await vscode().waitForTreeRows((rows) => newest.every((label) => rows.some((r) => r.label === label)));
  }

  it('marks nothing on the first look', async () => {
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().waitForWelcomeView();
    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput(KEY);
    await vscode().waitForNotification(/Connected as/);
    await vscode().firstScreenLeft();
    await vscode().waitForTreeRows((rows) => opportunityRows(rows).length === 15);
    await vscode().expandView(SUMMARY_VIEW);
    await vscode().webview().locator('[data-testid=summary][data-status=ready]').waitFor();
    assert.equal(await vscode().webview().locator('[data-testid=changes-line]').count(), 0);
  });

  it('after the data moved on, Refresh marks the changed rows and sums them up at the top of the summary', async () => {
    await firstLook();
    made.push(...server.advance(2));
    await vscode().viewTitleAction('Refresh');
    const line = vscode().webview().locator('[data-testid=changes-line]');
    await line.waitFor({ timeout: 20_000 });
    const text = (await line.innerText()).trim();
    const created = made.filter((c) => c.kind === 'created').length;
    assert.match(text, new RegExp(`Since \\w{3} \\d{2}:\\d{2}: ${created} new`));
    const won = made.filter((c) => c.kind === 'won').length;
    if (won > 0) assert.match(text, new RegExp(`${won} won \\(\\$[\\d.]+[KM]?\\)`));

    // What each changed row shows by its marker, a screen reader hears in the row's name (its aria-label).
    const byId = new Map(server.dataset.opportunities.map((o) => [o.id, o]));
    const newest = made.filter((c) => c.kind === 'created').map((c) => labelOf(byId.get(c.id)!));
    const since = String.raw`since \w{3} \d{2}:\d{2}`;
    /** Whether a row labelled `label` is named "<label>, New since Tue 10:42, …". */
    const heardAsNew = (rows: TreeRow[], label: string) =>
      rows.some((r) => r.label === label && r.ariaLabel.startsWith(`${label}, `) && new RegExp(`^New ${since}, `).test(r.ariaLabel.slice(label.length + 2)));
    const rows = await vscode().waitForTreeRows((shown) => newest.every((label) => heardAsNew(shown, label)));
    const changed = new Set(made.map((c) => labelOf(byId.get(c.id)!)));
    const unchanged = opportunityRows(rows).filter((r) => !changed.has(r.label));
    assert.ok(unchanged.length > 0);
    assert.deepEqual(
      unchanged.filter((r) => new RegExp(since).test(r.ariaLabel)).map((r) => r.ariaLabel),
      [],
      'no change in the names of the rows that did not change',
    );

    // The one hover of this spec: the tooltip says the same, once a loaded machine gets round to showing it.
    const fresh = await uniquelyLabelled('created');
    assert.ok(fresh, 'a new opportunity with a label of its own in the tree');
    await vscode().treeRowTooltip(fresh.label, { until: new RegExp(`^New ${since}`), timeoutMs: 60_000 });
    const file = await vscode().screenshot('change-markers');
    keepForReadme(file, 'changes.png');
  });

  it('lists every change in Show Changes and reveals the picked one', async () => {
    await changesMarked();
    await vscode().runCommand('Close: Show Changes Since Last Look');
    const byId = new Map(server.dataset.opportunities.map((o) => [o.id, o]));
    const labels = [...new Set(made.map((c) => labelOf(byId.get(c.id)!)))];
    await vscode().waitForQuickPickItems((shown) => labels.every((label) => shown.includes(label)));
    await vscode().screenshot('change-list');
    const moved = (await uniquelyLabelled('moved')) ?? (await uniquelyLabelled('created'))!;
    await vscode().pickQuickItem(moved.label);
    const selected = vscode().page.locator('.monaco-list-row.selected .label-name', { hasText: moved.label });
    await selected.first().waitFor({ timeout: 20_000 });
  });

  it('Mark All as Seen removes the line at the top of the summary', async () => {
    await changesMarked();
    await vscode().runCommand('Close: Mark All as Seen');
    await vscode().webview().locator('[data-testid=changes-line]').waitFor({ state: 'detached', timeout: 20_000 });
  });
});
