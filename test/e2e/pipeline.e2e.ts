// The pipeline by stage in a real VS Code (code-server + Chromium) with the packaged extension and its
// sample data: Group By → Status from the palette, the statuses in pipeline order in the tree, and the
// pipeline chart in the summary.
import * as assert from 'node:assert/strict';
import { SUMMARY_VIEW, useVSCode, keepForReadme } from './harness';

/** The sample organization's statuses, pipeline by pipeline (src/fake/vocabulary.ts). */
const SALES = ['Active', 'Demo Scheduled', 'Proposal Sent', 'Won', 'Lost'];

describe('The pipeline by stage', function () {
  this.timeout(180_000);
  const vscode = useVSCode({ settings: { 'closeOpportunities.pageSize': 10 } });

  it('starts with the sample data', async () => {
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().waitForWelcomeView();
    await vscode().clickWelcomeButton('Explore with Sample Data');
    await vscode().waitForTreeRows((r) => r.length > 1);
  });

  it('groups the tree by status from the palette, in pipeline order', async () => {
    await vscode().sampleDataShown();
    await vscode().filtersReset();
    await vscode().runCommand('Close: Group By');
    // One pick, and "stage" finds it: the statuses in pipeline order at once.
    await vscode().fillQuickInput('stage', { submit: false });
    await vscode().waitForQuickPickItems((labels) => labels.includes('Status') && !labels.includes('Owner'));
    await vscode().pickQuickItem('Status');
    const groups = await vscode().waitForTreeRows((r) => r.length > 5 && r.every((row) => row.expanded === false));
    // Close's order: the Sales pipeline's statuses first, each labelled with its pipeline.
    assert.deepEqual(
      groups.slice(0, SALES.length).map((g) => g.label),
      SALES.map((s) => `${s} (Sales)`),
    );
    for (const group of groups) assert.match(group.description, /^[\d,]+ · \$/, `group ${group.label}`);
  });

  it('charts the pipeline by status in the summary', async () => {
    await vscode().sampleDataShown();
    await vscode().filtersReset();
    await vscode().groupedBy('Status');
    const groups = await vscode().treeRows();
    await vscode().expandView(SUMMARY_VIEW);
    const summary = vscode().webview();
    const chart = summary.locator('[data-testid=pipeline-chart]');
    await chart.waitFor();
    const bars = await chart.locator('.bar-row title').allTextContents();
    assert.equal(bars.length, groups.length);
    assert.match(bars[0], /^Active \(Sales\): [\d,]+ · Annualized \$[\d,.]+ · Expected \$[\d,.]+$/, bars[0]);
    assert.deepEqual(await chart.locator('.pipeline-name').allTextContents(), ['Sales', 'Renewals', 'Partnerships']);
    const grouping = await summary
      .locator('#group_by')
      .evaluate((d) => ({ value: (d as HTMLElement & { value: string }).value, text: (d as HTMLElement & { displayValue: string }).displayValue }));
    assert.deepEqual(grouping, { value: 'status_id', text: 'Status' });
    const page = vscode().page;
    const size = page.viewportSize() ?? { width: 1400, height: 900 };
    await page.setViewportSize({ width: 1400, height: 1300 });
    try {
      await chart.evaluate((e) => e.scrollIntoView({ block: 'start' }));
      keepForReadme(await vscode().screenshot('pipeline-grouping'), 'pipeline-grouping.png');
    } finally {
      await page.setViewportSize(size);
    }
  });
});
