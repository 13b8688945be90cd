// The last results when Close cannot be reached, and `oppo_…` ids as links, in a real VS Code (code-server +
// Chromium) with the packaged extension against the fake Close server, which is stopped and started again.
import * as assert from 'node:assert/strict';
import type { Opportunity } from '../../src/close/types';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { labelOf, labelsOf, opportunityRows, SUMMARY_VIEW, pollFor, useVSCode, keepForReadme } from './harness';
import { byUpdatedDesc } from '../support/order';

const KEY = 'api_offline_e2e_key';

describe('Offline results and id links', function () {
  this.timeout(180_000);
  let server: FakeServer;
  /** The fake's dataset while it listens, undefined while it is stopped. */
  let answering: { opportunities: number; seed: number } | undefined;
  let port = 0;
  let notLoaded: Opportunity;
  const settings: Record<string, unknown> = { 'closeOpportunities.pageSize': 10 };
  const files: Record<string, string> = {};

  before(async () => {
    server = await startFakeServer({ apiKey: KEY, opportunities: 300, seed: 5 });
    answering = { opportunities: 300, seed: 5 };
    port = Number(new URL(server.url).port);
    settings['closeOpportunities.apiBaseUrl'] = server.url;
    notLoaded = [...server.dataset.opportunities].sort(byUpdatedDesc)[200];
    files['sync.log'] = `2026-11-30 10:40:12 [warn] sync failed for ${notLoaded.id}: timeout\n2026-11-30 10:40:13 [info] retry scheduled\n`;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings, files });

  async function statusBarText(): Promise<string> {
    return (await vscode().extensionStatusBarItems()).map((i) => i.text).join(' | ');
  }

  /** The fake Close answers on its port with this dataset (started again, or in place of another, when it does not). */
  async function closeAnswers(opportunities: number, seed: number): Promise<void> {
    if (answering?.opportunities === opportunities && answering.seed === seed) return;
    await server.close().catch(() => undefined);
    answering = undefined;
    server = await startFakeServer({ apiKey: KEY, opportunities, seed, port });
    answering = { opportunities, seed };
  }

  /** Stops the fake Close: the extension can no longer reach it. */
  async function closeStops(): Promise<void> {
    answering = undefined;
    await server.close().catch(() => undefined);
  }

  /** Connected to the fake with its 300 opportunities, the tree and the summary current (not offline). */
  async function onlineWith300(): Promise<void> {
    await closeAnswers(300, 5);
    await vscode().connected(KEY);
    const current = (text: string) => text.includes(' 300 opps') && !text.includes('Offline');
    if (!current(await statusBarText())) await vscode().runCommand('Close: Refresh');
    await pollFor(statusBarText, current, 'the totals of the 300 opportunities, not offline', 60_000);
    await vscode().expandView(SUMMARY_VIEW);
    await vscode().webview().locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', { hasText: /^300$/ }).waitFor({ timeout: 20_000 });
  }

  it('connects and shows the first page and the totals', async () => {
    await closeAnswers(300, 5);
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().waitForWelcomeView();
    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput(KEY);
    await vscode().waitForNotification(/Connected as/);
    await vscode().firstScreenLeft();
    const expected = labelsOf([...server.dataset.opportunities].sort(byUpdatedDesc).slice(0, 10));
    const rows = await vscode().waitForTreeRows((r) => opportunityRows(r).length === 10);
    assert.deepEqual(
      opportunityRows(rows).map((r) => r.label),
      expected,
    );
    await vscode().expandView(SUMMARY_VIEW);
    await vscode().webview().locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', { hasText: /^300$/ }).waitFor({ timeout: 20_000 });
  });

  it('opens the details of an id that is not loaded on Ctrl+click in an editor', async () => {
    await onlineWith300();
    await vscode().openFile('sync.log');
    await vscode().hoverInEditor(notLoaded.id);
    const page = vscode().page;
    await page.keyboard.down('Control');
    await page.mouse.down();
    await page.mouse.up();
    await page.keyboard.up('Control');
    // Its details card, titled with its lead and value.
    await page
      .locator(`.tabs-container .tab[aria-label^=${JSON.stringify(`${labelOf(notLoaded)} · `)}]`)
      .first()
      .waitFor();
    await vscode().screenshot('links');
  });

  it('shows the last results marked offline when Close cannot be reached', async () => {
    await onlineWith300();
    const before = opportunityRows(await vscode().treeRows()).map((r) => r.label);
    await closeStops();
    await vscode().viewTitleAction('Refresh');
    // The client retries a refused connection a few times (about 8–15 s) before giving up.
    await vscode().page.waitForFunction(() => (document.querySelector('.part.statusbar')?.textContent ?? '').includes('Offline — as of'), undefined, { timeout: 60_000 });
    // The status bar, the view's message and its description reach the window separately.
    await pollFor(
      () => vscode().viewMessage(),
      (text) => /^Offline — as of .*: Close cannot be reached/.test(text),
      'the offline message',
    );
    await pollFor(
      () => vscode().viewDescription(),
      (text) => text.includes('Offline — as of'),
      'the offline description',
    );
    assert.match(await statusBarText(), /Offline — as of .* · 300 opps/);
    assert.deepEqual(
      opportunityRows(await vscode().treeRows()).map((r) => r.label),
      before,
    );
    const notice = vscode().webview().locator('[data-testid=offline]');
    await notice.waitFor({ timeout: 60_000 });
    assert.match(await notice.innerText(), /Offline — as of .*not current/);
    assert.equal((await vscode().webview().locator('[data-testid=total_results]').innerText()).trim(), '300');
    await vscode().runCommand('View: Close All Editors');
    await vscode()
      .page.locator('.editor-instance .monaco-editor')
      .first()
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
    keepForReadme(await vscode().screenshot('offline'), 'offline.png');
  });

  it('shows fresh results, unmarked, once Close answers again', async () => {
    // Given the last results marked offline, as the test before leaves them.
    await onlineWith300();
    await closeStops();
    await vscode().viewTitleAction('Refresh');
    await vscode().page.waitForFunction(() => (document.querySelector('.part.statusbar')?.textContent ?? '').includes('Offline — as of'), undefined, { timeout: 60_000 });
    await vscode().webview().locator('[data-testid=offline]').waitFor({ timeout: 60_000 });
    // Close answers again, with other data.
    await closeAnswers(80, 6);
    await vscode().viewTitleAction('Refresh');
    const expected = labelsOf([...server.dataset.opportunities].sort(byUpdatedDesc).slice(0, 10));
    const rows = await vscode().waitForTreeRows((r) => opportunityRows(r)[0]?.label === expected[0], undefined, 30_000);
    assert.deepEqual(
      opportunityRows(rows).map((r) => r.label),
      expected,
    );
    await vscode().page.waitForFunction(() => !(document.querySelector('.part.statusbar')?.textContent ?? '').includes('Offline'));
    await pollFor(
      () => vscode().viewMessage(),
      (text) => !text.includes('Offline'),
      'no offline message',
    );
    await pollFor(
      () => vscode().viewDescription(),
      (text) => !text.includes('Offline'),
      'no offline description',
    );
    await vscode().webview().locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', { hasText: /^80$/ }).waitFor({ timeout: 30_000 });
    assert.equal(await vscode().webview().locator('[data-testid=offline]').count(), 0);
  });
});
