// The summary webview, its filter controls and the hover in a real VS Code (code-server + Chromium) with
// the packaged extension, against the fake Close server: the numbers a user reads, the filter they change,
// the hover they see, in every kind of theme.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import type { OpportunityFilter } from '../../src/close/filter';
import { toQueryParams } from '../../src/close/query';
import type { Aggregates } from '../../src/close/types';
import { presetRange } from '../../src/commands/dateRanges';
import { listOpportunities } from '../../src/fake/query';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { opportunityRows, pollFor, SUMMARY_VIEW, type TreeRow, useVSCode, keepForReadme, loadMoreRow } from './harness';

const KEY = 'api_summary_e2e_key';

const UNKNOWN_ID = 'oppo_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ';

/** Theme kinds, by the name the color theme picker shows (with or without "Default ") and a file name. */
const THEMES = [
  [/^(Default )?Dark Modern/, 'dark'],
  [/^(Default )?Light Modern/, 'light'],
  [/^(Default )?(High Contrast|Dark High Contrast)$/, 'hc-dark'],
  [/^(Default )?(High Contrast Light|Light High Contrast)$/, 'hc-light'],
] as const;
type ThemeKind = (typeof THEMES)[number][1];
/** The class the workbench carries for each kind of theme. */
const WORKBENCH_THEME_CLASS: Record<ThemeKind, string> = { dark: 'vs-dark', light: 'vs', 'hc-dark': 'hc-black', 'hc-light': 'hc-light' };
/** Theme colours the summary is drawn with; the webview has the theme once they equal the workbench's. */
const THEME_VARIABLES = ['--vscode-foreground', '--vscode-sideBar-background', '--vscode-button-background', '--vscode-focusBorder'];

describe('Summary, filters and hover', function () {
  this.timeout(180_000);
  let server: FakeServer;
  let hoverId = '';
  let hoverLead = '';
  // Filled in before VS Code starts (the harness reads them then): the fake's port is random.
  const settings: Record<string, unknown> = { 'closeOpportunities.pageSize': 10 };
  const files: Record<string, string> = {};

  before(async () => {
    server = await startFakeServer({ apiKey: KEY, opportunities: 500, seed: 7 });
    settings['closeOpportunities.apiBaseUrl'] = server.url;
    const o = server.dataset.opportunities.find((x) => x.lead_name && x.note)!;
    hoverId = o.id;
    hoverLead = o.lead_name!;
    files['support-ticket.md'] = `# Ticket 4711\n\nCustomer asks about ${hoverId} (renewal).\nAlso seen: ${UNKNOWN_ID}\n`;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings, files });

  /** The aggregates the fake computes for a filter (its own query engine). */
  function fakeAggregates(filter: OpportunityFilter): Aggregates {
    const response = listOpportunities(server.dataset, toQueryParams(filter, { skip: 0, limit: 0 }));
    return response.body as Aggregates;
  }

  function summary(): FrameLocator {
    return vscode().webview();
  }

  /** Waits until the webview shows numbers (not loading) whose total is `total`. */
  async function waitForTotal(total: number): Promise<void> {
    const text = total.toLocaleString('en-US');
    await summary()
      .locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', { hasText: new RegExp(`^${text}$`) })
      .waitFor({ timeout: 20_000 });
  }

  async function cell(testId: string): Promise<string> {
    return (await summary().locator(`[data-testid=${testId}]`).innerText()).trim();
  }

  /** Picks a color theme in "Preferences: Color Theme" by the label it shows, and waits until the summary is drawn in it. */
  async function setTheme(label: RegExp, kind: ThemeKind): Promise<string[]> {
    await vscode().runCommand('Preferences: Color Theme');
    const row = vscode()
      .page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: vscode().page.locator('.label-name', { hasText: label }) })
      .first();
    await row.waitFor();
    await row.click();
    await vscode().page.locator('.quick-input-widget .quick-input-list').waitFor({ state: 'hidden' });
    const workbench = await pollFor(
      () =>
        vscode().page.evaluate(
          ({ names, themeClass }) => {
            const element = document.querySelector('.monaco-workbench');
            if (!element?.classList.contains(themeClass)) return undefined;
            const style = getComputedStyle(element);
            return names.map((name) => style.getPropertyValue(name).trim());
          },
          { names: THEME_VARIABLES, themeClass: WORKBENCH_THEME_CLASS[kind] },
        ),
      (colours) => colours?.every((colour) => colour !== '') === true,
      `the workbench in the ${kind} theme`,
    );
    // The webview takes the new --vscode-* variables from the workbench a little later.
    return pollFor(
      () =>
        summary()
          .locator('html')
          .evaluate((html, names) => {
            const style = getComputedStyle(html);
            return names.map((name) => style.getPropertyValue(name).trim());
          }, THEME_VARIABLES),
      (colours) => colours.every((colour, i) => colour === workbench![i]),
      `the summary in the ${kind} theme's colours ${JSON.stringify(workbench)}`,
    );
  }

  /** Connected, no filter, no grouping and no edit left in the form: the summary open, totalling everything. */
  async function everythingShown(): Promise<void> {
    await vscode().connected(KEY);
    await vscode().expandView(SUMMARY_VIEW);
    await summary().locator('[data-testid=summary][data-status=ready]').waitFor();
    // Reset in the summary drops every filter and what was typed in the form but not applied; like Clear
    // Filters it keeps the grouping, which goes from the palette.
    await summary().locator('[data-testid=reset]').click();
    await waitForTotal(fakeAggregates({}).total_results);
    if ((await vscode().treeRows()).some((row) => row.expanded !== undefined)) {
      await vscode().runCommand('Close: Group By');
      await vscode().pickQuickItem('No Grouping');
    }
    await vscode().waitForTreeRows((rows) => opportunityRows(rows).length === 10);
  }

  /** Drags the sash on the side bar's right edge to `x` (VS Code keeps the bar at its minimum width). */
  async function dragSideBarEdgeTo(x: number): Promise<void> {
    const page = vscode().page;
    const bar = (await page.locator('.part.sidebar').boundingBox())!;
    const edge = bar.x + bar.width;
    const sashes = await page
      .locator('.monaco-sash.vertical')
      .evaluateAll((all) => all.map((s) => s.getBoundingClientRect()).map((r) => ({ x: r.x + r.width / 2, w: r.width })));
    const sash = sashes.find((s) => s.w > 0 && Math.abs(s.x - edge) < 6)!;
    await page.mouse.move(sash.x, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(x, bar.y + bar.height / 2, { steps: 8 });
    await page.mouse.up();
  }

  /** Whether the element is drawn inside the summary's own window (nothing to scroll to see it). */
  async function inView(testId: string): Promise<{ text: string; top: number; bottom: number; height: number }> {
    return summary()
      .locator(`[data-testid=${testId}]`)
      .evaluate((e) => {
        const r = e.getBoundingClientRect();
        return { text: (e.textContent ?? '').trim(), top: r.top, bottom: r.bottom, height: window.innerHeight };
      });
  }

  /** Won opportunities only (from the palette), and the summary totalling them. */
  async function wonOnly(): Promise<void> {
    await vscode().runCommand('Close: Filter…');
    await vscode().pickQuickItem('Status Type');
    await vscode().pickQuickItem('Won');
    await vscode().acceptQuickInput();
    await waitForTotal(fakeAggregates({ status_type: ['won'] }).total_results);
  }

  /** `everythingShown`, then grouped by owner, A → Z, the summary drawing the groups. */
  async function groupedByOwner(): Promise<void> {
    await everythingShown();
    await vscode().groupedBy('Owner', 'A → Z');
    await summary().locator('[data-testid=groups] tbody tr').first().waitFor({ timeout: 20_000 });
    // What needs attention arrives with the Needs Attention view's review: measure the summary once it has.
    await summary().locator('[data-testid=attention][data-status=loading]').waitFor({ state: 'detached', timeout: 20_000 });
  }

  it('connects with a key and shows the totals of everything in the summary', async () => {
    // The filter outlives signing out: it is cleared while connected, then the key is removed.
    await everythingShown();
    await vscode().signedOut();
    await vscode().openContainer();
    await vscode().waitForWelcomeView();
    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput(KEY);
    await vscode().waitForNotification(/Connected as/);
    await vscode().expandView(SUMMARY_VIEW);
    const all = fakeAggregates({});
    await waitForTotal(all.total_results);
    assert.equal(await cell('total_value_annualized'), all.total_value_annualized_formatted);
    assert.equal(await cell('expected_value_annualized'), all.expected_value_annualized_formatted);
    assert.equal(await cell('count_monthly'), String(all.count_by_value_period.monthly ?? 0));
  });

  it('changes the tree when a filter is applied in the webview', async () => {
    await everythingShown();
    const won = fakeAggregates({ status_type: ['won'] });
    await summary().locator('vscode-checkbox[data-field="status_type"][data-value="won"]').click();
    await summary().locator('[data-testid=apply]').click();
    await waitForTotal(won.total_results);
    assert.equal(await cell('total_value_annualized'), won.total_value_annualized_formatted ?? '$0');
    const rows = await vscode().waitForTreeRows((r) => loadMoreRow(r)?.label === `Load more (10 of ${won.total_results.toLocaleString('en-US')})`);
    assert.equal(opportunityRows(rows).length, 10);
    assert.match(await vscode().viewDescription(), /Won/);
  });

  it('leaves what Apply did in view, beside the button: the new totals', async () => {
    await everythingShown();
    const won = fakeAggregates({ status_type: ['won'] });
    await summary().locator('vscode-checkbox[data-field="status_type"][data-value="won"]').click();
    await summary().locator('[data-testid=apply]').click();
    await waitForTotal(won.total_results);
    const count = won.total_results.toLocaleString('en-US');
    const shown = await pollFor(
      () => inView('apply-result'),
      (r) => r.text.startsWith(`${count} opportunit`),
      'the new totals beside Apply',
    );
    assert.equal(shown.text, `${count} ${won.total_results === 1 ? 'opportunity' : 'opportunities'} · Annualized ${won.total_value_annualized_formatted ?? '$0'}`);
    assert.ok(shown.top >= 0 && shown.bottom <= shown.height + 0.5, `in view: ${JSON.stringify(shown)}`);
  });

  it('shows a filter chosen in the palette in the webview', async () => {
    await everythingShown();
    await wonOnly();
    await vscode().runCommand('Close: Filter by Value Period');
    await vscode().pickQuickItem('Monthly');
    await vscode().acceptQuickInput();
    const expected = fakeAggregates({ status_type: ['won'], value_period: ['monthly'] });
    await waitForTotal(expected.total_results);
    const monthly = summary().locator('vscode-checkbox[data-field="value_period"][data-value="monthly"]');
    assert.equal(await monthly.evaluate((box) => (box as HTMLElement & { checked: boolean }).checked), true);
    assert.equal(await cell('total_value_monthly'), expected.total_value_monthly_formatted ?? '$0');
  });

  /** Picks how a date field's day is meant (on, after, before, between) in its dropdown, by clicking the option. */
  async function chooseDateForm(field: string, form: 'on' | 'after' | 'before' | 'between'): Promise<void> {
    await summary().locator(`#${field}-form`).click();
    await summary().locator(`#${field}-form vscode-option[value="${form}"]`).click();
    await summary().locator(`#${field}-from:not([hidden])`).waitFor();
  }

  it('filters on the days after a day typed in the form: Close is asked from the next day on', async () => {
    await everythingShown();
    await chooseDateForm('date_won', 'after');
    assert.equal(await summary().locator('#date_won-to').isHidden(), true, 'after has one day, not two');
    await summary().locator('#date_won-from').click();
    await vscode().page.keyboard.type('2025-01-01');
    const seen = server.requests.length;
    await vscode().page.keyboard.press('Enter');
    await waitForTotal(fakeAggregates({ date_won: { gt: '2025-01-01' } }).total_results);
    const sent = server.requests.slice(seen).find((r) => r.path.endsWith('/opportunity/'));
    assert.equal(sent?.query.date_won__gt, '2025-01-01');
    assert.match(await vscode().viewDescription(), /close date after 2025-01-01/);
  });

  it('fills a date field from a preset with the keyboard alone, the preset named for screen readers', async () => {
    await everythingShown();
    const preset = summary().locator('#date_updated-preset');
    assert.equal(await preset.getAttribute('aria-label'), 'Date updated: Preset period');
    await preset.focus();
    // Closed, the list takes the arrow keys: the first preset after "Pick a period" is Today, then Yesterday.
    await vscode().page.keyboard.press('ArrowDown');
    await vscode().page.keyboard.press('ArrowDown');
    const yesterday = presetRange('yesterday', new Date());
    const valueOf = (id: string) =>
      summary()
        .locator(`#${id}`)
        .evaluate((box) => (box as HTMLElement & { value: string }).value);
    await pollFor(
      () => valueOf('date_updated-from'),
      (day) => day === yesterday.gte,
      'the first day of yesterday',
    );
    assert.equal(await valueOf('date_updated-form'), 'between');
    assert.equal(await valueOf('date_updated-to'), yesterday.lte);
    await summary().locator('#date_updated-from').focus();
    const seen = server.requests.length;
    await vscode().page.keyboard.press('Enter');
    await waitForTotal(fakeAggregates({ date_updated: yesterday }).total_results);
    const sent = server.requests.slice(seen).find((r) => r.path.endsWith('/opportunity/') && r.query.date_updated__gte !== undefined);
    assert.equal(sent?.query.date_updated__gte, toQueryParams({ date_updated: yesterday }, { skip: 0, limit: 0 }).get('date_updated__gte'));
  });

  it('refuses an impossible date in the webview and keeps the filter', async () => {
    await everythingShown();
    await wonOnly();
    const before = await cell('total_results');
    await chooseDateForm('date_won', 'between');
    await summary().locator('#date_won-from').click();
    await vscode().page.keyboard.type('2026-02-30');
    await vscode().page.keyboard.press('Enter');
    await summary()
      .locator('#date_won-error', { hasText: /YYYY-MM-DD/ })
      .waitFor();
    assert.equal(await cell('total_results'), before);
    await vscode().screenshot('summary-invalid-date');
  });

  it('resets every filter with Reset', async () => {
    await everythingShown();
    await wonOnly();
    await vscode().runCommand('Close: Filter by Value Period');
    await vscode().pickQuickItem('Monthly');
    await vscode().acceptQuickInput();
    await waitForTotal(fakeAggregates({ status_type: ['won'], value_period: ['monthly'] }).total_results);
    await pollFor(
      () => vscode().viewDescription(),
      (text) => /Won · Monthly|Monthly · Won/.test(text),
      'both filters in the description',
    );
    await summary().locator('[data-testid=reset]').click();
    await waitForTotal(fakeAggregates({}).total_results);
    assert.equal(
      await vscode()
        .viewDescription()
        .then((d) => /Won|Monthly/.test(d)),
      false,
    );
  });

  it('applies search text with Enter, from the keyboard alone', async () => {
    await everythingShown();
    const field = summary().locator('#query');
    await field.click();
    await vscode().page.keyboard.type('zzzz nothing like this');
    await vscode().page.keyboard.press('Enter');
    await waitForTotal(0);
    assert.match(await vscode().viewDescription(), /zzzz nothing like this/);
    await summary().locator('[data-testid=reset]').click();
    await waitForTotal(fakeAggregates({}).total_results);
  });

  it('says "1 opportunity" when one matches', async () => {
    await everythingShown();
    const names = [...new Set(server.dataset.opportunities.map((o) => o.lead_name).filter((n): n is string => !!n && /^[A-Za-z ]+$/.test(n)))];
    const query = names.find((name) => fakeAggregates({ query: name }).total_results === 1);
    assert.ok(query, 'a lead name only one opportunity has');
    await summary().locator('#query').click();
    await vscode().page.keyboard.type(query);
    await vscode().page.keyboard.press('Enter');
    await waitForTotal(1);
    assert.equal((await summary().locator('[data-testid=totals] caption').innerText()).trim(), '1 opportunity');
    await summary().locator('[data-testid=reset]').click();
    await waitForTotal(fakeAggregates({}).total_results);
  });

  it('keeps edits not applied yet when the view is hidden and shown again', async () => {
    await everythingShown();
    await summary().locator('#query').click();
    await vscode().page.keyboard.type('draft words');
    await summary().locator('vscode-checkbox[data-field="status_type"][data-value="lost"]').click();
    const header = vscode().viewPane(SUMMARY_VIEW).locator('> .pane-header');
    await header.click();
    await vscode().page.waitForFunction(() => document.querySelectorAll('iframe.webview.ready').length === 0);
    await vscode().expandView(SUMMARY_VIEW);
    await summary().locator('[data-testid=summary][data-status=ready]').waitFor();
    assert.equal(
      await summary()
        .locator('#query')
        .evaluate((f) => (f as HTMLElement & { value: string }).value),
      'draft words',
    );
    assert.equal(
      await summary()
        .locator('vscode-checkbox[data-field="status_type"][data-value="lost"]')
        .evaluate((b) => (b as HTMLElement & { checked: boolean }).checked),
      true,
    );
    // Not applied: the tree still shows everything.
    assert.doesNotMatch(await vscode().viewDescription(), /draft words|Lost/);
    await summary().locator('[data-testid=reset]').click();
    await waitForTotal(fakeAggregates({}).total_results);
  });

  it('draws the groups as a chart and a table when grouped', async () => {
    await everythingShown();
    await vscode().runCommand('Close: Group By');
    await vscode().pickQuickItem('Owner');
    const groups = summary().locator('[data-testid=groups] tbody tr');
    await groups.first().waitFor({ timeout: 20_000 });
    const owners = new Set(server.dataset.opportunities.map((o) => o.user_id));
    assert.equal(await groups.count(), owners.size);
    const bars = summary().locator('[data-testid=chart] rect.bar');
    assert.equal(await bars.count(), owners.size);
    assert.equal(await summary().locator('[data-testid=chart]').getAttribute('role'), 'img');
    const widths = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
    assert.equal(Math.max(...widths), 300, 'the largest group fills the chart');
  });

  it('shows a grouping chosen in the palette in the webview, and Apply there keeps it', async () => {
    await groupedByOwner();
    // What the closed dropdown shows (the toolkit's displayValue) and what Apply reads (value).
    const shown = await summary()
      .locator('#group_by')
      .evaluate((d) => ({ value: (d as HTMLElement & { value: string }).value, text: (d as HTMLElement & { displayValue: string }).displayValue }));
    assert.deepEqual(shown, { value: 'user_id', text: 'Owner' });
    await summary().locator('vscode-checkbox[data-field="status_type"][data-value="active"]').click();
    await summary().locator('[data-testid=apply]').click();
    const active = fakeAggregates({ status_type: ['active'] }).total_results;
    await waitForTotal(active);
    // Still one row per owner, now counting only the active opportunities.
    const count = (row: TreeRow) => Number(row.description.split(' · ')[0].replace(/\D/g, ''));
    await vscode().waitForTreeRows((r) => r.length > 0 && r.every((row) => row.expanded !== undefined) && r.reduce((sum, row) => sum + count(row), 0) === active);
    await summary().locator('vscode-checkbox[data-field="status_type"][data-value="active"]').click();
    await summary().locator('[data-testid=apply]').click();
    await waitForTotal(fakeAggregates({}).total_results);
  });

  it('fits the narrowest side bar: no control sticks out, no amount runs into its label', async () => {
    await groupedByOwner();
    const page = vscode().page;
    const wide = (await page.locator('.part.sidebar').boundingBox())!;
    await dragSideBarEdgeTo(wide.x + 100);
    try {
      await summary().locator('[data-testid=groups] tbody tr').first().waitFor();
      // The side bar animates to its new width: measure once the summary is narrow and no longer changing.
      await pollFor(
        () =>
          summary()
            .locator('body')
            .evaluate(
              () =>
                new Promise<{ width: number; steady: boolean }>((resolve) => {
                  const size = () => `${document.documentElement.clientWidth}×${document.body.scrollWidth}×${document.body.scrollHeight}`;
                  const first = size();
                  requestAnimationFrame(() => requestAnimationFrame(() => resolve({ width: document.documentElement.clientWidth, steady: size() === first })));
                }),
            ),
        (layout) => layout.width <= 220 && layout.steady,
        'the summary laid out narrow',
      );
      const problems = await summary()
        .locator('body')
        .evaluate(() => {
          const found: string[] = [];
          const width = document.documentElement.clientWidth;
          const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent ?? '').trim().slice(0, 30)}"`;
          if (width > 220) found.push(`the side bar did not get narrow (${width}px)`);
          for (const e of Array.from(document.querySelectorAll('body *'))) {
            const r = e.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && r.right > width + 0.5 && !e.closest('.visually-hidden, thead'))
              found.push(`${name(e)} sticks out (${Math.round(r.right)} > ${width})`);
          }
          for (const row of Array.from(document.querySelectorAll('table.responsive tbody tr'))) {
            const label = row.querySelector('th')?.getBoundingClientRect();
            const count = row.querySelector('td.count')?.getBoundingClientRect();
            if (label && count && label.right > count.left + 0.5 && label.bottom > count.top + 0.5 && count.bottom > label.top + 0.5)
              found.push(`${name(row)}: label runs into the count`);
            for (const cell of Array.from(row.querySelectorAll('td:not(.count)'))) {
              if (cell.scrollWidth > cell.clientWidth + 1) found.push(`${name(cell)} is cut off`);
            }
          }
          return found;
        });
      assert.deepEqual(problems, []);
      await vscode().screenshot('summary-narrow');
    } finally {
      await dragSideBarEdgeTo(wide.x + wide.width);
    }
  });

  it('keeps the numbers at the narrowest side bar: a group row says its count and value, the chart gives way to the table', async () => {
    await groupedByOwner();
    const page = vscode().page;
    const wide = (await page.locator('.part.sidebar').boundingBox())!;
    await dragSideBarEdgeTo(wide.x + 100);
    try {
      await pollFor(
        async () => (await page.locator('.part.sidebar').boundingBox())!.width,
        (width) => width <= 190,
        'the side bar at its narrowest',
      );
      const owners = new Map<string, number>();
      for (const o of server.dataset.opportunities) owners.set(o.user_name ?? '', (owners.get(o.user_name ?? '') ?? 0) + 1);
      const groups = (await vscode().treeRows()).filter((row) => row.expanded !== undefined);
      assert.ok(groups.length > 0);
      for (const group of groups) {
        const count = owners.get(group.label);
        assert.ok(count, `an owner's group: ${group.label}`);
        assert.match(group.ariaLabel, new RegExp(`^${group.label}, ${count} opportunit(y|ies), \\$[\\d,.]+ annualized$`));
      }
      await summary().locator('[data-testid=groups]').scrollIntoViewIfNeeded();
      const first = groups[0];
      const tooltip = await vscode().treeRowTooltip(first.label);
      assert.match(tooltip, new RegExp(`^${first.label}\\s+${owners.get(first.label)} opportunit(y|ies) · \\$[\\d,.]+ annualized$`));
      // The chart's labels would shrink under 9 px: the table, which wraps, says the same.
      await pollFor(
        () => summary().locator('[data-testid=chart]').first().isVisible(),
        (visible) => !visible,
        'the chart hidden in the narrow summary',
      );
      assert.ok(await summary().locator('[data-testid=groups] tbody tr').first().isVisible());
      keepForReadme(await vscode().screenshot('narrow-side-bar'), 'narrow-side-bar.png');
      await vscode().clearHover();
    } finally {
      await dragSideBarEdgeTo(wide.x + wide.width);
    }
  });

  it('opens the Sort by list where every choice can be seen, at the bottom of the view', async () => {
    await groupedByOwner();
    // The side bar holds three views (the tree, Needs Attention's header, the summary): a window of 1200 px
    // gives the summary the room for the eight choices above its last row.
    const page = vscode().page;
    const size = page.viewportSize() ?? { width: 1400, height: 900 };
    await page.setViewportSize({ width: size.width, height: 1200 });
    await summary()
      .locator('body')
      .evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const sortBy = summary().locator('#order_by');
    await sortBy.click();
    try {
      const options = await sortBy.locator('vscode-option').evaluateAll((all) =>
        all.map((o) => {
          const r = o.getBoundingClientRect();
          return { text: (o.textContent ?? '').trim(), visible: r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 0.5 };
        }),
      );
      assert.equal(options.length, 8);
      assert.deepEqual(
        options.filter((o) => !o.visible).map((o) => o.text),
        [],
      );
    } finally {
      await vscode().page.keyboard.press('Escape');
      await page.setViewportSize(size);
    }
  });

  it('draws the summary in the colours of the dark, light and both high-contrast themes (screenshots for review)', async () => {
    await groupedByOwner();
    // Room for the whole summary in the screenshots: a taller window, the webview scrolled to the top.
    const page = vscode().page;
    const size = page.viewportSize() ?? { width: 1400, height: 900 };
    await page.setViewportSize({ width: 1400, height: 1400 });
    try {
      const drawn = new Map<ThemeKind, string>();
      for (const [theme, kind] of THEMES) {
        const colours = await setTheme(theme, kind);
        await summary().locator('[data-testid=chart]').waitFor();
        // The total is written in the theme's foreground: each theme draws it in a colour of its own.
        const text = await summary()
          .locator('[data-testid=total_results]')
          .evaluate((element) => getComputedStyle(element).color);
        drawn.set(kind, text);
        assert.ok(
          colours.every((colour) => colour !== ''),
          `the ${kind} theme's colours in the summary`,
        );
        await summary()
          .locator('body')
          .evaluate(() => window.scrollTo(0, 0));
        const file = await vscode().screenshot(`summary-theme-${kind}`);
        if (kind === 'dark') keepForReadme(file, 'summary.png');
      }
      assert.equal(new Set(drawn.values()).size, THEMES.length, `the total's colour in each theme: ${JSON.stringify(Object.fromEntries(drawn))}`);
    } finally {
      await setTheme(THEMES[0][0], THEMES[0][1]);
      await page.setViewportSize(size);
    }
  });

  it('shows the lead name when hovering an opportunity id in an editor', async () => {
    await everythingShown();
    keepForReadme(await vscode().screenshot('tree'), 'tree.png');
    await vscode().openFile('support-ticket.md');
    const text = await vscode().hoverInEditor(hoverId, /Open in Close/);
    assert.ok(text.includes(hoverLead), text);
    assert.match(text, /Open in Close/);
    assert.match(text, /Copy ID/);
    keepForReadme(await vscode().screenshot('hover'), 'hover.png');
  });

  it('says an unknown id is not in this organization', async () => {
    await vscode().connected(KEY);
    await vscode().openFile('support-ticket.md');
    await vscode().page.mouse.move(5, 5);
    await vscode().page.keyboard.press('Escape');
    const text = await vscode().hoverInEditor(UNKNOWN_ID, /Not found in this Close organization/);
    assert.match(text, /Not found in this Close organization/);
  });
});
