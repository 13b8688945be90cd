// Browsing opportunities in a real VS Code (code-server + Chromium) with the packaged extension:
// what a user sees and clicks, from the welcome view to a filtered, grouped tree.
import * as assert from 'node:assert/strict';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { labelOf, opportunityRows, pollFor, SUMMARY_VIEW, type TreeRow, useVSCode, loadMoreRow } from './harness';

describe('Browse with sample data', function () {
  this.timeout(120_000);
  const vscode = useVSCode({ settings: { 'closeOpportunities.pageSize': 10 } });

  async function statusBarText(): Promise<string> {
    const items = await vscode().extensionStatusBarItems();
    return items.map((i) => i.text).join(' | ');
  }

  /** The sample data with no filter or grouping, its first page in the tree. */
  async function sampleDataUnfiltered(): Promise<void> {
    await vscode().sampleDataShown();
    await vscode().filtersReset();
  }

  it('offers an API key or sample data when there is no key', async () => {
    await vscode().signedOut();
    await vscode().openContainer();
    const welcome = await vscode().waitForWelcomeView();
    assert.deepEqual(welcome.buttons, ['Set API Key', 'Explore with Sample Data']);
    assert.match(welcome.text, /API key/);
    assert.equal(await statusBarText(), '', 'no status bar entry without a key');
    await vscode().screenshot('browse-1-welcome');
  });

  it('offers the same two ways in on the summary, with no empty Totals under them', async () => {
    await vscode().signedOut();
    await vscode().expandView(SUMMARY_VIEW);
    const connect = vscode().webview().locator('[data-testid=connect]');
    await connect.waitFor();
    assert.deepEqual(
      (await connect.locator('vscode-button').allInnerTexts()).map((label) => label.trim()),
      ['Set API Key', 'Explore with Sample Data'],
    );
    assert.equal(await vscode().webview().locator('#summary-section').isVisible(), false);
    assert.equal(await vscode().webview().locator('#filters-section').isVisible(), false);
  });

  it('shows the first page of sample opportunities with value, status and confidence', async () => {
    // The filter outlives signing out: it is cleared while the sample data shows, then the welcome view is back.
    await sampleDataUnfiltered();
    await vscode().signedOut();
    await vscode().clickWelcomeButton('Explore with Sample Data');
    const rows = await vscode().waitForTreeRows((r) => opportunityRows(r).length === 10 && loadMoreRow(r) !== undefined);
    for (const row of opportunityRows(rows)) {
      assert.match(row.description, /\d+%$/, `description of ${row.label}`);
      assert.ok(row.ariaLabel.startsWith(row.label), 'the accessible label reads the row');
    }
    assert.match(loadMoreRow(rows)!.label, /^Load more \(10 of [\d,]+\)$/);
    assert.match(await vscode().viewDescription(), /^Sample data/);
    assert.match(await vscode().viewMessage(), /^Sample data: a generated pipeline/);
    await vscode().page.waitForFunction(() => (document.querySelector('.part.statusbar')?.textContent ?? '').includes('opps'));
    // The sample organization bills in dollars; its opportunities also carry other currencies, so the sum says so.
    assert.match(await statusBarText(), /\$[\d.,]+[KMB]?( \(mixed currencies\))? · [\d,]+ opps/);
    await vscode().screenshot('browse-2-tree-ungrouped');
  });

  it('shows a tooltip with the opportunity’s details on hover', async () => {
    await sampleDataUnfiltered();
    const rows = opportunityRows(await vscode().treeRows());
    const tooltip = await vscode().treeRowTooltip(rows[0].label);
    assert.match(tooltip, /Status: /);
    assert.match(tooltip, /oppo_/);
  });

  it('grows the list with "Load more"', async () => {
    await sampleDataUnfiltered();
    // Room for 20 rows and the "Load more" row: the tree only renders the rows scrolled into view.
    const summaryHeader = vscode().viewPane('Summary').locator('> .pane-header');
    if ((await summaryHeader.getAttribute('aria-expanded')) === 'true') await summaryHeader.click();
    const before = await vscode().waitForTreeRows((r) => loadMoreRow(r) !== undefined);
    await vscode().clickTreeRow(loadMoreRow(before)!.label);
    const after = await vscode().waitForTreeRows((r) => opportunityRows(r).length >= 20);
    assert.match(loadMoreRow(after)?.label ?? '', /^Load more \(20 of /);
  });

  it('groups by owner from the palette and expands a group', async () => {
    await sampleDataUnfiltered();
    await vscode().runCommand('Close: Group By');
    // One pick: the owners A → Z (the reverse is its own item further down).
    await vscode().pickQuickItem('Owner');
    const groups = await vscode().waitForTreeRows((r) => r.length > 1 && r.every((row) => row.expanded === false));
    for (const group of groups) assert.match(group.description, /^[\d,]+ · \$/, `group ${group.label}`);
    const names = groups.map((g) => g.label);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    await vscode().clickTreeRow(groups[0].label);
    const expanded = await vscode().waitForTreeRows((r) => r.some((row) => row.level === 2));
    assert.equal(expanded[0].expanded, true);
    assert.ok(expanded.filter((r) => r.level === 2).length >= 1);
    await vscode().screenshot('browse-3-grouped-expanded');
  });

  it('filters by value period from the palette: the rows and the status bar change', async () => {
    await sampleDataUnfiltered();
    await vscode().waitForTreeRows((r) => opportunityRows(r).length === 10);
    const before = await statusBarText();
    await vscode().runCommand('Close: Filter by Value Period');
    await vscode().pickQuickItem('Monthly');
    await vscode().acceptQuickInput();
    await vscode().page.waitForFunction(
      (old) => {
        const text = Array.from(document.querySelectorAll('.part.statusbar .statusbar-item'))
          .map((e) => (e as HTMLElement).innerText)
          .join(' | ');
        return text.includes('opps') && !text.includes(old);
      },
      before.split(' | ').find((t) => t.includes('opps')) ?? before,
    );
    // Every row with a value shows it as monthly (an opportunity may have no value at all).
    const valueOf = (row: TreeRow) => row.description.split(' · ')[0];
    const rows = await vscode().waitForTreeRows(
      (r) =>
        opportunityRows(r).some((row) => valueOf(row).includes('monthly')) &&
        opportunityRows(r).every((row) => !/\d/.test(valueOf(row)) || valueOf(row).includes('monthly')),
    );
    assert.ok(opportunityRows(rows).length > 0);
    assert.match(await vscode().viewDescription(), /Monthly/);
    await vscode().screenshot('browse-4-filter-applied');
  });

  it('filters by picking a field, then a value, with "Filter…"', async () => {
    // Given a filter already (monthly values), the one picked here is added to it.
    await sampleDataUnfiltered();
    await vscode().runCommand('Close: Filter by Value Period');
    await vscode().pickQuickItem('Monthly');
    await vscode().acceptQuickInput();
    await pollFor(
      () => vscode().viewDescription(),
      (text) => text.includes('Monthly'),
      'the monthly filter in the description',
    );
    await vscode().runCommand('Close: Filter…');
    await vscode().pickQuickItem('Status Type');
    await vscode().pickQuickItem('Won');
    await vscode().acceptQuickInput();
    await vscode().page.waitForFunction(() => (document.querySelector('.pane-header .description')?.textContent ?? '').includes('Won'));
    const rows = await vscode().waitForTreeRows((r) => opportunityRows(r).length > 0 && opportunityRows(r).every((row) => row.description.endsWith('· 100%')));
    assert.ok(opportunityRows(rows).length > 0);
    assert.match(await vscode().viewDescription(), /Won · Monthly|Monthly · Won/);
  });

  it('filters by status from a multi-select of the organization’s statuses, showing the current choice ticked', async () => {
    await sampleDataUnfiltered();
    await vscode().runCommand('Close: Filter by Status');
    const labels = await vscode().quickPickItems();
    assert.ok(labels.includes('Won') && labels.includes('Lost'), `statuses: ${labels.join(', ')}`);
    await vscode().pickQuickItem('Lost');
    await vscode().acceptQuickInput();
    const rows = await vscode().waitForTreeRows((r) => opportunityRows(r).length > 0 && opportunityRows(r).every((row) => row.description.includes(' · Lost · ')));
    assert.ok(opportunityRows(rows).length > 0);
    assert.match(await vscode().viewDescription(), /Lost/);
    await vscode().runCommand('Close: Filter by Status');
    await vscode().waitForQuickInput();
    const ticked = await vscode()
      .page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: vscode().page.locator('input[type=checkbox]:checked, .monaco-custom-toggle.checked, [aria-checked="true"]') })
      .locator('.label-name')
      .allInnerTexts();
    assert.deepEqual(
      ticked.map((l) => l.trim()),
      ['Lost'],
    );
    await vscode().closeQuickInput();
    await vscode().runCommand('Close: Clear Filters');
  });

  it('refuses an impossible date and an end before the start, and changes nothing', async () => {
    await sampleDataUnfiltered();
    const description = await vscode().viewDescription();
    await vscode().runCommand('Close: Filter by Close Date');
    await vscode().pickQuickItem('Custom range…');
    await vscode().fillQuickInput('2026-02-30', { submit: false });
    await vscode().page.waitForFunction(() =>
      (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').includes('not a date in the calendar'),
    );
    await vscode().fillQuickInput('2026-03-01');
    await vscode().page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '').includes('(2/2)'));
    await vscode().fillQuickInput('2026-02-01', { submit: false });
    await vscode().page.waitForFunction(() =>
      (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').includes('must not be before the start date'),
    );
    await vscode().page.keyboard.press('Enter');
    assert.equal(await vscode().isQuickInputOpen(), true, 'Enter on an invalid date keeps the box open');
    await vscode().closeQuickInput();
    assert.equal(await vscode().viewDescription(), description);
  });
});

describe('Connect with an API key', function () {
  this.timeout(120_000);
  const KEY = 'api_known_e2e_key';
  let server: FakeServer;
  // Filled in before VS Code starts (the harness reads the settings then): the fake's port is random.
  const settings: Record<string, unknown> = {};
  before(async () => {
    server = await startFakeServer({ apiKey: KEY, opportunities: 250, seed: 3 });
    settings['closeOpportunities.apiBaseUrl'] = server.url;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings });

  it('shows why a wrong key is refused, and stores nothing', async () => {
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().waitForWelcomeView();
    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput('api_wrong_key');
    await vscode().page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').includes('refused this key'));
    assert.match(await vscode().quickInputMessage(), /Close refused this key \(401 Unauthorized\)/);
    assert.ok(!(await vscode().quickInputMessage()).includes('api_wrong_key'));
    await vscode().screenshot('browse-5-wrong-key');
    await vscode().closeQuickInput();
    assert.equal((await vscode().waitForWelcomeView()).buttons[0], 'Set API Key');
  });

  it('connects with the right key and shows who it is connected as and the tree', async () => {
    await vscode().signedOut();
    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput(KEY);
    const me = server.dataset.me;
    const notice = await vscode().waitForNotification(/Connected as/);
    assert.match(notice, new RegExp(`Connected as ${me.first_name} ${me.last_name}`));
    await vscode().firstScreenLeft();
    const rows = await vscode().waitForTreeRows((r) => opportunityRows(r).length > 0);
    assert.ok(opportunityRows(rows).length > 0);
    assert.ok(server.requests.some((r) => r.path.endsWith('/opportunity/') && r.status === 200));
    await vscode().screenshot('browse-6-connected');
  });

  it('opens an opportunity by a pasted id, refusing what is not an id and saying when it does not exist', async () => {
    await vscode().connected(KEY);
    const id = server.dataset.opportunities[5].id;
    await vscode().runCommand('Close: Open Opportunity by ID');
    await vscode().fillQuickInput('lead_123', { submit: false });
    await vscode().page.waitForFunction(() => (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').includes('starts with "oppo_"'));
    await vscode().fillQuickInput('oppo_doesNotExist123');
    await vscode().waitForNotification('No opportunity oppo_doesNotExist123 in this Close organization.');
    await vscode().runCommand('Close: Open Opportunity by ID');
    // A whole log line pasted: the one id in it is what opens.
    await vscode().fillQuickInput(`2026-11-27 12:00:01 [warn] sync failed for ${id}: timeout`);
    // Its details card, titled with its lead and value.
    await vscode()
      .page.locator(`.tabs-container .tab[aria-label^=${JSON.stringify(`${labelOf(server.dataset.opportunities[5])} · `)}]`)
      .first()
      .waitFor();
    await vscode().screenshot('browse-7-details');
  });

  it('asks for a new key when Close later refuses the stored one', async () => {
    await vscode().connected(KEY);
    server.script({ status: 401, body: { error: 'The server could not verify that you are authorized to access the URL requested.' }, path: /\/opportunity\/$/ });
    await vscode().runCommand('Close: Refresh');
    await vscode().waitForNotification(/Close refused the API key/);
    const welcome = await vscode().waitForWelcomeView();
    assert.deepEqual(welcome.buttons, ['Set API Key', 'Sign Out']);
    assert.match(welcome.text, /Close refused the API key \(401 Unauthorized\)/);
    assert.equal((await vscode().extensionStatusBarItems()).filter((i) => i.text.includes('opps')).length, 0, 'no totals without a working key');
    await vscode().screenshot('browse-8-key-refused');
    await vscode().clickNotificationButton(/Close refused the API key/, 'Set API Key');
    assert.match((await vscode().quickInputPrompt()).title, /Close API Key/);
    await vscode().closeQuickInput();
  });
});
