// Needs Attention in a real VS Code (code-server + Chromium) with the packaged extension and its sample data:
// the four kinds with their counts, and stepping through the review from the keyboard alone.
import * as assert from 'node:assert/strict';
import { pollFor, useVSCode, keepForReadme } from './harness';

const VIEW = 'Needs Attention';

describe('Needs Attention', function () {
  this.timeout(180_000);
  const vscode = useVSCode({ settings: { 'closeOpportunities.pageSize': 20 } });

  /** Runs a palette command with keys only: F1, its title typed, Enter. */
  async function byKeyboard(title: string): Promise<void> {
    const page = vscode().page;
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await vscode().quickInputBox().waitFor();
    await page.keyboard.type(title);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** The selected row of the view and the title of the active editor tab. */
  async function selection(): Promise<{ row: string; tab: string }> {
    const page = vscode().page;
    const row = await vscode()
      .viewPane(VIEW)
      .locator('.monaco-list-row.selected')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    const tab = await page.locator('.tabs-container .tab.active').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-label') ?? ''));
    return { row: row[0] ?? '', tab: tab[0] ?? '' };
  }

  it('starts with the sample data and shows the four kinds with their counts', async () => {
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().waitForWelcomeView();
    await vscode().clickWelcomeButton('Explore with Sample Data');
    await vscode().waitForTreeRows((r) => r.length > 1);
    await vscode().expandView(VIEW);
    const kinds = await vscode().waitForTreeRows((rows) => rows.length >= 4, VIEW);
    assert.deepEqual(
      kinds.slice(0, 4).map((k) => k.label),
      ['Stalled', 'Overdue', 'No close date', 'Quiet for 30+ days'],
    );
    for (const kind of kinds.slice(0, 4)) assert.match(kind.description, /^[\d,]+ · \$/, kind.label);
  });

  it('steps through the review from the keyboard: each step selects the next row and shows its details', async () => {
    await vscode().sampleDataShown();
    await vscode().expandView(VIEW);
    await vscode().waitForTreeRows((rows) => rows.length >= 4, VIEW);
    await byKeyboard('Close: Next Needing Attention');
    // The details card is titled with the row's lead and value.
    const card = (s: { row: string; tab: string }) => s.tab.includes(' · ') && s.row.startsWith(s.tab.split(' · ')[0]);
    const first = await pollFor(selection, (s) => s.row !== '' && card(s), 'the first row selected and its details open');
    // The row says why: Close's stall status or suggestion, or what put it in its kind.
    assert.match(first.row, /Stalled|Suggested|expected to close|no close date|last updated/, first.row);
    await byKeyboard('Close: Next Needing Attention');
    const second = await pollFor(selection, (s) => s.row !== '' && s.row !== first.row && card(s) && s.tab !== first.tab, 'the next row');
    await byKeyboard('Close: Previous Needing Attention');
    const back = await pollFor(selection, (s) => s.row === first.row && s.tab === first.tab, 'back to the first row');
    assert.notEqual(second.row, back.row);
    const page = vscode().page;
    const size = page.viewportSize() ?? { width: 1400, height: 900 };
    await page.setViewportSize({ width: 1400, height: 900 });
    try {
      keepForReadme(await vscode().screenshot('attention'), 'attention.png');
    } finally {
      await page.setViewportSize(size);
    }
  });
});
