// Answers at a glance in a real VS Code (code-server + Chromium) with the packaged extension and a fake Close:
// each question asked as a user does, counting the actions it takes from the first screen, and the answer shown
// checked against the fake's own data.
import * as assert from 'node:assert/strict';
import { toQueryParams } from '../../src/close/query';
import type { Aggregates } from '../../src/close/types';
import { listOpportunities } from '../../src/fake/query';
import type { FakeServer } from '../../src/fake/server';
import { startFakeUpToToday } from '../support/fakeUpToToday';
import { keepForReadme, pollFor, SUMMARY_VIEW, TREE_VIEW, type TreeRow, useVSCode } from './harness';

describe('Answers at a glance', function () {
  this.timeout(180_000);
  const KEY = 'api_answers_e2e_key';
  let server: FakeServer;
  // Filled in before VS Code starts (the harness reads the settings then): the fake's port is random.
  const settings: Record<string, unknown> = { 'closeOpportunities.pageSize': 10 };
  before(async () => {
    // Dated up to today, so some open deals are expected to close this month.
    server = await startFakeUpToToday({ apiKey: KEY, opportunities: 400, seed: 20 });
    settings['closeOpportunities.apiBaseUrl'] = server.url;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings });

  /** Each status group with the count it says ("Proposal Sent (Sales)", 12). */
  function groupCounts(rows: TreeRow[]): [string, number][] {
    return rows.filter((row) => row.level === 1).map((row) => [row.label, Number(/^([\d,]+) ·/.exec(row.description)?.[1].replace(/,/g, ''))]);
  }

  /** The fake's statuses holding active opportunities that `keep` takes, in pipeline order, with their counts. */
  function expectedGroups(keep: (o: FakeServer['dataset']['opportunities'][number]) => boolean): [string, number][] {
    return server.dataset.pipelines.flatMap((pipeline) =>
      pipeline.statuses
        .map((status): [string, number] => [
          `${status.label} (${pipeline.name})`,
          server.dataset.opportunities.filter((o) => o.status_id === status.id && o.status_type === 'active' && keep(o)).length,
        ])
        .filter(([, count]) => count > 0),
    );
  }

  const grouped = (rows: TreeRow[]) => rows.length > 0 && rows.every((row) => row.level > 1 || row.expanded !== undefined);

  it('What is in my pipeline, by stage? The first screen answers it: no action after the key', async () => {
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput(KEY);
    await vscode().waitForNotification(/Connected as/);
    const actions = 0;
    const expected = expectedGroups(() => true);
    const rows = await pollFor(
      () => vscode().treeRows(),
      (shown) => grouped(shown) && groupCounts(shown).length === expected.length,
      'the open pipeline by stage',
    );
    assert.deepEqual(groupCounts(rows), expected);
    assert.ok(actions <= 1);
    assert.match(await vscode().viewDescription(), /(^| · )Active$/);
    // Everything is one action away: Clear Filters is in the view's title bar.
    assert.equal(await vscode().viewPane(TREE_VIEW).locator('> .pane-header .actions .action-label[aria-label^="Clear Filters"]').count(), 1);
    keepForReadme(await vscode().screenshot('answers-first-screen'), 'first-screen.png');
  });

  it('Which deals close this month? Two actions from the first screen: the close date filter, This month', async () => {
    await vscode().openContainer();
    await pollFor(
      () => vscode().viewDescription(),
      (text) => /(^| · )Active$/.test(text),
      'the first screen',
    );
    const today = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const first = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-01`;
    const last = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(new Date(today.getFullYear(), today.getMonth() + 1, 0).getDate())}`;
    let actions = 0;
    // Typing "close" in the palette finds the close-date filter.
    await vscode().runCommand('Close: Filter by Close Date (Expected or Won)…');
    actions++;
    await vscode().pickQuickItem('This month');
    actions++;
    assert.ok(actions <= 3, `${actions} actions`);
    const description = await pollFor(
      () => vscode().viewDescription(),
      (text) => text.includes('closing'),
      'the filter in words',
    );
    assert.match(description, new RegExp(`Active · closing ${first} – ${last}$`));
    const expected = expectedGroups((o) => !!o.date_won && o.date_won >= first && o.date_won <= last);
    const rows = await pollFor(
      () => vscode().treeRows(),
      (shown) => grouped(shown) && JSON.stringify(groupCounts(shown)) === JSON.stringify(expected),
      `the deals closing this month by stage: ${JSON.stringify(expected)}`,
    );
    assert.deepEqual(groupCounts(rows), expected);
  });

  it('Which deals close this month? Two actions in the summary form: the preset This month, Apply', async () => {
    // Given the first screen again: the close date back to any time.
    await vscode().runCommand('Close: Filter by Close Date (Expected or Won)…');
    await vscode().pickQuickItem('Any time');
    await pollFor(
      () => vscode().viewDescription(),
      (text) => /(^| · )Active$/.test(text),
      'the first screen',
    );
    await vscode().expandView(SUMMARY_VIEW);
    const summary = vscode().webview();
    await summary.locator('[data-testid=summary][data-status=ready]').waitFor();
    const today = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const first = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-01`;
    const last = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(new Date(today.getFullYear(), today.getMonth() + 1, 0).getDate())}`;
    const seen = server.requests.length;
    const actions: string[] = [];
    const act = async (what: string, action: () => Promise<void>) => {
      actions.push(what);
      await action();
    };
    await act('choose the preset This month', async () => {
      await summary.locator('#date_won-preset').click();
      await summary.locator('#date_won-preset vscode-option[value="this_month"]').click();
    });
    // The preset shows its real days, and fills the field with them.
    assert.equal((await summary.locator('#date_won-preset vscode-option[value="this_month"]').innerText()).trim(), `This month · ${first} – ${last}`);
    assert.equal(await summary.locator('#date_won-from').evaluate((box) => (box as HTMLElement & { value: string }).value), first);
    assert.equal(await summary.locator('#date_won-to').evaluate((box) => (box as HTMLElement & { value: string }).value), last);
    // A long preset does not widen the view: nothing to scroll sideways.
    const widths = await summary.locator('html').evaluate((html) => ({ scroll: html.scrollWidth, client: html.clientWidth }));
    assert.ok(widths.scroll <= widths.client, JSON.stringify(widths));
    await summary.locator('#date_won-preset').scrollIntoViewIfNeeded();
    await vscode().screenshot('answers-summary-preset');
    await act('Apply', () => summary.locator('[data-testid=apply]').click());
    assert.ok(actions.length <= 3, actions.join(', '));

    const filter = { status_type: ['active' as const], date_won: { gte: first, lte: last } };
    const expected = listOpportunities(server.dataset, toQueryParams(filter, { skip: 0, limit: 0 })).body as Aggregates;
    assert.ok(expected.total_results > 0, 'some open deals close this month in the fake');
    await summary
      .locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', { hasText: new RegExp(`^${expected.total_results.toLocaleString('en-US')}$`) })
      .waitFor({ timeout: 20_000 });
    const sent = server.requests.slice(seen).find((r) => r.path.endsWith('/opportunity/') && r.query.date_won__gte !== undefined);
    assert.equal(sent?.query.date_won__gte, first);
    assert.equal(sent?.query.date_won__lte, last);
    assert.equal(sent?.query.status_type, 'active');
    assert.equal((await summary.locator('[data-testid=total_value_annualized]').innerText()).trim(), expected.total_value_annualized_formatted ?? '$0');
    assert.match(await vscode().viewDescription(), new RegExp(`Active · closing ${first} – ${last}$`));
  });

  it('What is this deal? Show Details opens a readable card titled with its lead and value', async () => {
    const region = server.dataset.customFields.find((field) => field.name === 'Region')!;
    const o = server.dataset.opportunities.find((x) => x.status_type === 'active' && x.lead_name && x.date_won && typeof x[`custom.${region.id}`] === 'string')!;
    await vscode().runCommand('Close: Open Opportunity by ID');
    await vscode().fillQuickInput(o.id);
    await vscode()
      .page.locator(`.tabs-container .tab[aria-label^=${JSON.stringify(`${o.lead_name} · `)}]`)
      .first()
      .waitFor();
    // The card is the webview whose heading is the lead's name; its facts are a definition list.
    const card = await pollFor(
      async () => {
        const frames = await vscode().page.locator('iframe.webview.ready').count();
        for (let i = 0; i < frames; i++) if ((await vscode().webview(i).locator('h1', { hasText: o.lead_name! }).count()) > 0) return i;
        return -1;
      },
      (index) => index >= 0,
      'the details card drawn',
    );
    const page = vscode().webview(card);
    assert.equal(
      await page
        .locator('dt', { hasText: /^Expected close$/ })
        .locator('xpath=following-sibling::dd[1]')
        .innerText(),
      o.date_won,
    );
    // Custom fields by the names Close gives them, not their ids.
    assert.equal(
      await page
        .locator('dt', { hasText: /^Region$/ })
        .locator('xpath=following-sibling::dd[1]')
        .innerText(),
      o[`custom.${region.id}`],
    );
    assert.equal(await page.locator('dt', { hasText: region.id }).count(), 0);
    assert.equal(await page.locator('a', { hasText: 'Show JSON' }).count(), 1);
    keepForReadme(await vscode().screenshot('answers-details-card'), 'details-card.png');
  });
});
