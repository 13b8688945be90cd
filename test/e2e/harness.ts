/**
 * Helpers for end-to-end specs: the packaged extension (.vsix) installed into a fresh code-server
 * profile (the real VS Code workbench + Node extension host), driven by headless Chromium.
 *
 * A spec (`test/e2e/*.e2e.ts`, run by `npm run test:e2e` or `npm test`) usually reads:
 *
 * ```ts
 * import { useVSCode } from './harness';
 *
 * describe('Sample data', function () {
 *   const vscode = useVSCode({ settings: { 'closeOpportunities.demo': true } });
 *
 *   it('lists opportunities in the tree', async () => {
 *     await vscode().openContainer();
 *     const rows = await vscode().waitForTreeRows((rows) => rows.length > 1);
 *     assert.match(rows[0].description, /\$/);
 *   });
 * });
 * ```
 *
 * Every session has its own user-data dir, extensions dir, workspace folder, browser profile (so its
 * SecretStorage starts empty) and port. `session.page` is the Playwright page for anything the
 * helpers do not cover. Selectors are the ones that work on VS Code 1.139 (code-server 4.139.1).
 *
 * One session serves every test of its `describe`, and a test does not rely on what the tests before it
 * left: it starts with the "given" steps it needs (`connected(key)`, `signedOut()`, `sampleDataShown()`,
 * `filtersReset()`, …; each does nothing when the window is already so), after `useVSCode`'s `beforeEach`
 * has closed whatever a test left open (quick input, menus, hovers, notifications, editors).
 *
 * Environment: `CLOSE_VSIX` (the .vsix to install; default `<repo>/close-opportunities-<version>.vsix`,
 * written by `npm run package`, which the e2e runner does first), `CLOSE_E2E_HEADED=1` (visible browser),
 * `CLOSE_E2E_KEEP=1` (keep the scratch folders; their path is printed), `CLOSE_E2E_ORDER=reverse`,
 * `shuffle` or `shuffle:<seed>` (run the tests of each `describe` in that order; the seed is printed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor } from '../support/waitFor';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');
/** How long a helper waits for something to appear before it fails. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** Title of the activity-bar container and names of its views, as in package.nls.json. */
export const CONTAINER_TITLE = 'Close';
export const TREE_VIEW = 'Opportunities';
export const SUMMARY_VIEW = 'Summary';

/** What `startVSCode` accepts. */
export interface VSCodeOptions {
  /** User settings on top of the quiet defaults (no walkthroughs, telemetry, trust prompts, updates). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host (e.g. a fake server's URL). */
  env?: Record<string, string>;
  /** The .vsix to install; default `CLOSE_VSIX` or `<repo>/<name>-<version>.vsix`. */
  vsix?: string;
  /** Files to create in the opened workspace folder, by relative path (e.g. for hover specs). */
  files?: Record<string, string>;
  /** Browser window size; default 1400×900. */
  viewport?: { width: number; height: number };
}

/** One row of a tree view as the user sees it. */
export interface TreeRow {
  /** The item's label (`.label-name`). */
  label: string;
  /** The grey text after the label (`.label-description`), '' when none. */
  description: string;
  /** What a screen reader reads for the row (the item's accessibilityInformation, or label + description). */
  ariaLabel: string;
  /** Depth in the tree, 1 for top-level rows. */
  level: number;
  /** true/false for collapsible rows, undefined for leaves. */
  expanded: boolean | undefined;
  /** How many rows the tree has at this row's level under its parent, rendered or not (`aria-setsize`). */
  siblings: number;
}

/** The opportunity rows among `rows`: top-level leaves other than "Load more" (not groups, not their rows). */
export function opportunityRows(rows: TreeRow[]): TreeRow[] {
  return rows.filter((r) => !r.label.startsWith('Load more') && r.expanded === undefined && r.level === 1);
}

/** The "Load more" row among `rows`, if the tree shows one. */
export function loadMoreRow(rows: TreeRow[]): TreeRow | undefined {
  return rows.find((r) => r.label.startsWith('Load more'));
}

/** The label the tree gives an opportunity: its lead name, else its contact name, else its id. */
export function labelOf(o: { id: string; lead_name?: string | null; contact_name?: string | null }): string {
  return o.lead_name?.trim() || o.contact_name?.trim() || o.id;
}

/**
 * The labels the tree gives a list of opportunities, in its order: `labelOf` each, except that one of a lead's
 * several opportunities in the list starts with its value ("$3,000 monthly · Acme Corp").
 */
export function labelsOf(
  list: readonly { id: string; lead_id?: string | null; lead_name?: string | null; contact_name?: string | null; value_formatted?: string | null }[],
): string[] {
  const perLead = new Map<string, number>();
  for (const o of list) if (o.lead_id) perLead.set(o.lead_id, (perLead.get(o.lead_id) ?? 0) + 1);
  return list.map((o) => (o.lead_id && (perLead.get(o.lead_id) ?? 0) > 1 && o.value_formatted ? `${o.value_formatted} · ${labelOf(o)}` : labelOf(o)));
}

/** Who the tree is connected as: nobody (welcome view), a refused key, the sample data or an API key. */
export type ConnectionState = 'none' | 'refused' | 'sampleData' | 'apiKey';

/** A status-bar entry. */
export interface StatusBarItem {
  /** Element id, `<extension id>.<item id>` for extension items. */
  id: string;
  text: string;
  ariaLabel: string;
}

// Shapes of the parts of test/support/vscode-server.mjs used here (it is plain ESM JavaScript).
interface ServerProfile {
  scratch: string;
  browserDir: string;
  workspace: string;
  xdg: Record<string, string>;
}
interface RunningServer {
  url: string;
  port: number;
  workspace: string;
  profile: ServerProfile;
  logFile: string;
  stop(): Promise<void>;
}
interface VSCodeServerModule {
  startCodeServer(options: {
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
    extension?: { vsix?: string; folder?: string };
    keep?: boolean;
    workspace?: string;
  }): Promise<RunningServer>;
  launchBrowser(options: {
    userDataDir: string;
    headless?: boolean;
    viewport?: { width: number; height: number };
    env?: Record<string, string>;
  }): Promise<BrowserContext>;
}

// TypeScript compiles import() to require() under CommonJS, which cannot load an .mjs file.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import(), which TypeScript would compile away
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

function loadServerModule(): Promise<VSCodeServerModule> {
  const file = path.join(REPO_ROOT, 'test', 'support', 'vscode-server.mjs');
  return importEsm(pathToFileURL(file).href) as Promise<VSCodeServerModule>;
}

/** The .vsix the harness installs unless told otherwise. */
export function defaultVsixPath(): string {
  if (process.env.CLOSE_VSIX) return path.resolve(process.env.CLOSE_VSIX);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

/** VS Code's message in a tree view before its extension registered the view's data provider. */
const NO_PROVIDER_YET = /no data provider registered/i;

/** Errors every offline workbench logs: the gallery on a closed port, missing optional resources. */
const WORKBENCH_NOISE = /127\.0\.0\.1:9\b|Failed to load resource/;

function cssString(value: string): string {
  return JSON.stringify(value);
}

/** {@link waitFor} for a value read from the page: waits until `accept` takes it, and fails naming the last value read. */
export async function pollFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  let last: T | undefined;
  const seen = () => `last seen: ${JSON.stringify(last, null, 1)}`;
  const found = await waitFor(what, async () => ((last = await read()), accept(last) && { value: last }), timeoutMs, seen, 200);
  return found.value;
}

/** Keeps a screenshot as the README's picture `name` (media/screenshots/), only when asked (`CLOSE_UPDATE_README_SCREENSHOTS=1`), so a test run leaves the tree clean. */
export function keepForReadme(file: string, name: string): void {
  if (process.env.CLOSE_UPDATE_README_SCREENSHOTS !== '1') return;
  const folder = path.join(REPO_ROOT, 'media', 'screenshots');
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(file, path.join(folder, name));
}

/**
 * A running VS Code (code-server) with the extension installed, and the browser page showing it.
 * Create with {@link startVSCode} or {@link useVSCode}; always {@link VSCodeSession.stop} it.
 */
export class VSCodeSession {
  /** Errors the workbench page logged (uncaught exceptions and console errors), for diagnosis. */
  readonly pageErrors: string[] = [];

  private constructor(
    /** The Playwright page with the workbench. */
    readonly page: Page,
    /** The browser context (persistent profile: its storage holds SecretStorage). */
    readonly context: BrowserContext,
    private readonly server: RunningServer,
    /** The user settings this session started with. */
    private readonly settings: Record<string, unknown>,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !WORKBENCH_NOISE.test(message.text())) this.pageErrors.push(message.text());
    });
  }

  /** Base URL of the workbench, `http://127.0.0.1:<port>/`. */
  get url(): string {
    return this.server.url;
  }

  /** Absolute path of the workspace folder the window has open. */
  get workspace(): string {
    return this.server.workspace;
  }

  /** code-server's own log (server and extension host output). */
  get serverLog(): string {
    return this.server.logFile;
  }

  /** @internal use {@link startVSCode}. */
  static async start(options: VSCodeOptions = {}): Promise<VSCodeSession> {
    const vscodeServer = await loadServerModule();
    const vsix = options.vsix ?? defaultVsixPath();
    if (!fs.existsSync(vsix)) throw new Error(`No .vsix at ${vsix}: run \`npm run package\` (the e2e runner does it first).`);
    const keep = process.env.CLOSE_E2E_KEEP === '1';
    // Sample data that stays put while a spec reads it (the demo's moves on every 20 s).
    const env = { CLOSE_SAMPLE_DATA_EVOLVE_MS: '0', ...(options.env ?? {}) };
    const server = await vscodeServer.startCodeServer({ settings: options.settings, env, extension: { vsix }, keep });
    let context: BrowserContext | undefined;
    try {
      for (const [relative, content] of Object.entries(options.files ?? {})) {
        const file = path.join(server.workspace, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
      if (keep) process.stderr.write(`[harness] keeping ${server.profile.scratch}\n`);
      context = await vscodeServer.launchBrowser({
        userDataDir: server.profile.browserDir,
        headless: process.env.CLOSE_E2E_HEADED !== '1',
        viewport: options.viewport,
        env: server.profile.xdg,
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
      const session = new VSCodeSession(page, context, server, options.settings ?? {});
      await page.goto(`${server.url}?folder=${encodeURIComponent(server.workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await session.activityBarItem(CONTAINER_TITLE).waitFor({ timeout: 60_000 });
      return session;
    } catch (error) {
      await context?.close().catch(() => undefined);
      await server.stop();
      throw error;
    }
  }

  /** Closes the browser and stops code-server (removing the scratch folders unless CLOSE_E2E_KEEP=1). */
  async stop(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.server.stop();
  }

  // -------------------------------------------------------------------------------------------
  // Activity bar and views

  /** The activity-bar entry whose title starts with `title`. */
  activityBarItem(title: string = CONTAINER_TITLE): Locator {
    return this.page.locator(`.part.activitybar .action-item a.action-label[aria-label^=${cssString(title)}]`).first();
  }

  /** Opens the "Close" container in the side bar (does nothing when it is already open). */
  async openContainer(title: string = CONTAINER_TITLE): Promise<void> {
    const item = this.activityBarItem(title);
    await item.waitFor();
    const open = await this.page.locator(`.part.activitybar li.action-item.checked:has(> a.action-label[aria-label^=${cssString(title)}])`).count();
    if (open === 0) await item.click();
    await this.viewPane(TREE_VIEW).waitFor();
  }

  /** The pane (header + body) of the view with this name in the side bar. */
  viewPane(viewName: string = TREE_VIEW): Locator {
    return this.page.locator(`.part.sidebar .pane:has(> .pane-header[aria-label^=${cssString(viewName)}])`).first();
  }

  /** Expands a collapsed view pane (e.g. "Summary") in the open container. */
  async expandView(viewName: string): Promise<void> {
    const header = this.viewPane(viewName).locator('> .pane-header');
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  }

  /** The description shown next to a view's title (TreeView.description), '' when none. */
  async viewDescription(viewName: string = TREE_VIEW): Promise<string> {
    // Read without waiting: the element may go between a count and a read (a locator read would wait for it).
    const texts = await this.viewPane(viewName)
      .locator('> .pane-header .description')
      .evaluateAll((found) => found.map((element) => element.textContent ?? ''));
    return (texts[0] ?? '').trim();
  }

  /** The message shown above a tree (TreeView.message), '' when none. */
  async viewMessage(viewName: string = TREE_VIEW): Promise<string> {
    // Read without waiting: the message may go between a count and a read (a locator read would wait 20 s for it).
    const texts = await this.viewPane(viewName)
      .locator('.message:not(.hide)')
      .evaluateAll((found) => found.map((element) => (element as HTMLElement).innerText));
    return (texts[0] ?? '').trim();
  }

  /** Clicks a view's title-bar action (e.g. "Refresh"), opening the "..." menu when the action is in it. */
  async viewTitleAction(title: string, viewName: string = TREE_VIEW): Promise<void> {
    const pane = this.viewPane(viewName);
    await pane.locator('> .pane-header').hover();
    const action = pane.locator(`> .pane-header .actions .action-label[aria-label^=${cssString(title)}]`);
    if ((await action.count()) > 0) {
      await action.first().click();
      return;
    }
    await pane.locator('> .pane-header .actions .action-label[aria-label^="More Actions"]').click();
    await this.page
      .locator(`.context-view .action-menu-item:has-text(${cssString(title)})`)
      .first()
      .click();
  }

  // -------------------------------------------------------------------------------------------
  // Welcome view and tree rows

  /** The welcome view's text and button labels (shown when the tree is empty, e.g. no API key). */
  async welcomeView(viewName: string = TREE_VIEW): Promise<{ text: string; buttons: string[] }> {
    // Read without waiting: the welcome view may go between a check and a read (a locator read would wait 20 s).
    const [found] = await this.viewPane(viewName)
      .locator('.welcome-view-content')
      .evaluateAll((all) =>
        all
          .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
          })
          .map((element) => ({
            text: (element as HTMLElement).innerText,
            buttons: Array.from(element.querySelectorAll('.monaco-button')).map((button) => (button as HTMLElement).innerText),
          })),
      );
    if (!found) return { text: '', buttons: [] };
    return { text: found.text.trim(), buttons: found.buttons.map((label) => label.trim()) };
  }

  /** Waits until the welcome view shows, then returns it. */
  async waitForWelcomeView(viewName: string = TREE_VIEW): Promise<{ text: string; buttons: string[] }> {
    return pollFor(
      () => this.welcomeView(viewName),
      (view) => view.buttons.length > 0,
      `the welcome view of "${viewName}"`,
    );
  }

  /** Clicks a welcome-view button by its label. */
  async clickWelcomeButton(label: string, viewName: string = TREE_VIEW): Promise<void> {
    await this.viewPane(viewName).locator('.welcome-view-content .monaco-button', { hasText: label }).first().click();
  }

  /** The rows the tree currently renders (only those scrolled into view are in the DOM). */
  async treeRows(viewName: string = TREE_VIEW): Promise<TreeRow[]> {
    const rows = this.viewPane(viewName).locator('.monaco-list-row');
    return rows.evaluateAll((elements) =>
      elements.map((row) => {
        const expanded = row.getAttribute('aria-expanded');
        return {
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          ariaLabel: row.getAttribute('aria-label') ?? '',
          level: Number(row.getAttribute('aria-level') ?? '1'),
          expanded: expanded === null ? undefined : expanded === 'true',
          siblings: Number(row.getAttribute('aria-setsize') ?? '0'),
        };
      }),
    );
  }

  /** Waits until the tree's rows satisfy `accept` (default: at least one row), then returns them. */
  async waitForTreeRows(
    accept: (rows: TreeRow[]) => boolean = (rows) => rows.length > 0,
    viewName: string = TREE_VIEW,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<TreeRow[]> {
    return pollFor(() => this.treeRows(viewName), accept, `rows in "${viewName}"`, timeoutMs);
  }

  /** The row whose label is exactly `label` (or matches the RegExp). */
  treeRow(label: string | RegExp, viewName: string = TREE_VIEW): Locator {
    const name =
      typeof label === 'string'
        ? this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
        : this.page.locator('.label-name', { hasText: label });
    return this.viewPane(viewName).locator('.monaco-list-row').filter({ has: name }).first();
  }

  /** Clicks a row (selects it; expands or collapses a collapsible one; runs a leaf's command). */
  async clickTreeRow(label: string | RegExp, viewName: string = TREE_VIEW): Promise<void> {
    await this.treeRow(label, viewName).click();
  }

  /** Clicks an inline action (the icons shown on hover) of a row, by its title. */
  async treeRowAction(label: string | RegExp, actionTitle: string, viewName: string = TREE_VIEW): Promise<void> {
    const row = this.treeRow(label, viewName);
    await row.hover();
    await row
      .locator(`.actions .action-label[aria-label^=${cssString(actionTitle)}]`)
      .first()
      .click();
  }

  /** Opens a row's context menu and clicks the entry `entry`. */
  async treeRowContextMenu(label: string | RegExp, entry: string, viewName: string = TREE_VIEW): Promise<void> {
    await this.treeRow(label, viewName).click({ button: 'right' });
    await this.page
      .locator(`.context-view .action-menu-item:has-text(${cssString(entry)})`)
      .first()
      .click();
  }

  /**
   * Hovers a row and returns its tooltip's text (the TreeItem.tooltip, resolved lazily by resolveTreeItem) once it
   * shows what `until` expects (default: any text). A hover a loaded machine did not deliver is made again.
   */
  async treeRowTooltip(label: string | RegExp, options: { until?: RegExp; timeoutMs?: number; viewName?: string } = {}): Promise<string> {
    const row = this.treeRow(label, options.viewName ?? TREE_VIEW);
    const hover = this.page.locator('.workbench-hover-container .workbench-hover').first();
    const until = options.until ?? /\S/;
    return pollFor(
      async () => {
        if (!(await hover.isVisible())) {
          await this.clearHover();
          await row.hover();
          await hover.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
        }
        return (await hover.isVisible()) ? (await hover.innerText()).trim() : '';
      },
      (text) => until.test(text) && !/^Loading\.\.\.$/m.test(text),
      `the tooltip of row ${String(label)} to show ${String(until)}`,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }

  /** Moves the mouse to an empty spot and waits until no workbench hover (tooltip) is showing. */
  async clearHover(): Promise<void> {
    const size = this.page.viewportSize() ?? { width: 1400, height: 900 };
    await this.page.mouse.move(size.width * 0.6, size.height * 0.6);
    await this.page.keyboard.press('Escape');
    await this.page
      .locator('.workbench-hover-container')
      .first()
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------
  // Command palette and quick input

  /**
   * Runs a command from the palette by its title as shown there, e.g. `"Close: Refresh"`
   * (category + title) or a unique part of it.
   */
  async runCommand(title: string): Promise<void> {
    try {
      await this.openPalette(title, 5_000);
    } catch {
      // Seen rarely: the palette opens inert behind a dialog or a closing widget. Escape both, try once more.
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Escape');
      await this.openPalette(title, DEFAULT_TIMEOUT_MS);
    }
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor();
    await row.click();
    // The palette closes (or turns into the command's own quick input) before the command's UI can be read.
    await pollFor(
      () =>
        this.page.evaluate(() => {
          const box = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
          return !box?.offsetParent || !box.value.startsWith('>');
        }),
      (closed) => closed,
      `the command palette to close after "${title}"`,
    );
  }

  /** Opens the command palette with `>title` typed in. */
  private async openPalette(title: string, timeout: number): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInputBox();
    await input.waitFor({ timeout });
    await input.fill(`>${title}`, { timeout });
  }

  /** The quick input's text box (quick pick filter or input box). */
  quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget:not([style*="display: none"]) .quick-input-box input').first();
  }

  /** Waits for a quick input (input box or quick pick) to be open. */
  async waitForQuickInput(): Promise<void> {
    await this.quickInputBox().waitFor({ state: 'visible' });
  }

  /** The prompt and title of the open quick input. */
  async quickInputPrompt(): Promise<{ title: string; placeholder: string; prompt: string }> {
    await this.waitForQuickInput();
    const widget = this.page.locator('.quick-input-widget').first();
    const text = async (selector: string) => {
      const element = widget.locator(selector);
      return (await element.count()) > 0 && (await element.first().isVisible()) ? (await element.first().innerText()).trim() : '';
    };
    return {
      title: await text('.quick-input-title'),
      placeholder: (await this.quickInputBox().getAttribute('placeholder')) ?? '',
      prompt: await text('.quick-input-message'),
    };
  }

  /** Types `text` into the open input box or quick pick filter (replacing what was there), and presses Enter unless `submit` is false. */
  async fillQuickInput(text: string, options: { submit?: boolean } = {}): Promise<void> {
    await this.waitForQuickInput();
    await this.quickInputBox().fill(text);
    if (options.submit !== false) await this.page.keyboard.press('Enter');
  }

  /** The validation or prompt message under the quick input (e.g. "End date is before start date"). */
  async quickInputMessage(): Promise<string> {
    const message = this.page.locator('.quick-input-widget .quick-input-message');
    return (await message.count()) > 0 ? (await message.first().innerText()).trim() : '';
  }

  /** Whether a quick input is open. */
  async isQuickInputOpen(): Promise<boolean> {
    return this.page.locator('.quick-input-widget .quick-input-box input').first().isVisible();
  }

  /** Labels of the quick pick's visible items (as they are now; see {@link waitForQuickPickItems}). */
  async quickPickItems(): Promise<string[]> {
    await this.waitForQuickInput();
    const labels = await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allInnerTexts();
    return labels.map((label) => label.trim());
  }

  /** Waits until the quick pick's items satisfy `accept` (default: at least one item; items often load asynchronously). */
  async waitForQuickPickItems(accept: (labels: string[]) => boolean = (labels) => labels.length > 0): Promise<string[]> {
    return pollFor(() => this.quickPickItems(), accept, 'quick pick items');
  }

  /** Picks an item by its label: clicks it (single pick), or ticks it (multi pick; call {@link acceptQuickInput} after). */
  async pickQuickItem(label: string, description?: string): Promise<void> {
    let rows = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) });
    if (description !== undefined) rows = rows.filter({ has: this.page.locator('.label-description', { hasText: description }) });
    const row = rows.first();
    // A long list draws only the rows in view: an item further down is brought up by typing its label.
    if (!(await row.isVisible())) {
      const shown = await row.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (!shown) await this.quickInputBox().fill(label);
    }
    await row.waitFor();
    const checkbox = row.locator('input[type=checkbox], .quick-input-list-checkbox');
    if ((await checkbox.count()) > 0 && (await checkbox.first().isVisible())) await checkbox.first().click();
    else await row.click();
  }

  /** Labels of the ticked items of a multi-select quick pick. */
  async checkedQuickPickItems(): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"] .label-name');
    return (await rows.allInnerTexts()).map((label) => label.trim());
  }

  /** Accepts the quick input (the OK button of a multi pick, or Enter). */
  async acceptQuickInput(): Promise<void> {
    const ok = this.page.locator('.quick-input-widget .quick-input-action .monaco-button', { hasText: 'OK' });
    if ((await ok.count()) > 0 && (await ok.first().isVisible())) await ok.first().click();
    else await this.page.keyboard.press('Enter');
  }

  /** Closes any open quick input (Escape). */
  async closeQuickInput(): Promise<void> {
    if (await this.isQuickInputOpen()) await this.page.keyboard.press('Escape');
  }

  // -------------------------------------------------------------------------------------------
  // Notifications, status bar, webview

  /** The messages of the notification toasts currently shown. */
  async notifications(): Promise<string[]> {
    const messages = await this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
    return messages.map((message) => message.trim());
  }

  /** Waits for a notification whose message contains `text` (or matches it) and returns the message. */
  async waitForNotification(text: string | RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    const matches = (message: string) => (typeof text === 'string' ? message.includes(text) : text.test(message));
    const messages = await pollFor(
      () => this.notifications(),
      (list) => list.some(matches),
      `a notification ${String(text)}`,
      timeoutMs,
    );
    return messages.find(matches)!;
  }

  /** Clicks a button of the notification whose message contains `text`. */
  async clickNotificationButton(text: string | RegExp, button: string): Promise<void> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast', { has: this.page.locator('.notification-list-item-message', { hasText: text }) })
      .first();
    await toast.locator('.monaco-button', { hasText: button }).first().click();
  }

  /**
   * The modal dialog shown (a modal `showInformationMessage`/`showWarningMessage`, or the workbench's
   * "Command '…' resulted in an error"), or undefined when none is open.
   */
  async dialog(): Promise<{ message: string; detail: string; buttons: string[] } | undefined> {
    const box = this.page.locator('.monaco-dialog-box');
    if ((await box.count()) === 0 || !(await box.first().isVisible())) return undefined;
    const text = async (selector: string) => {
      const element = box.first().locator(selector);
      return (await element.count()) > 0 ? (await element.first().innerText()).trim() : '';
    };
    const buttons = (await box.first().locator('.dialog-buttons .monaco-button').allInnerTexts()).map((label) => label.trim());
    return { message: await text('.dialog-message-text'), detail: await text('.dialog-message-detail'), buttons };
  }

  /** Waits for a modal dialog, then returns it. */
  async waitForDialog(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ message: string; detail: string; buttons: string[] }> {
    return (await pollFor(
      () => this.dialog(),
      (dialog) => dialog !== undefined,
      'a modal dialog',
      timeoutMs,
    ))!;
  }

  /** Clicks a button of the open modal dialog by its label. */
  async clickDialogButton(label: string): Promise<void> {
    await this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first().click();
  }

  /** All status-bar entries (text, accessible label, id). */
  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.locator('.part.statusbar .statusbar-item').evaluateAll((elements) =>
      elements.map((element) => ({
        id: element.id,
        text: ((element as HTMLElement).innerText ?? '').trim(),
        ariaLabel: element.querySelector('[aria-label]')?.getAttribute('aria-label') ?? element.getAttribute('aria-label') ?? '',
      })),
    );
  }

  /** The status-bar entries that this extension contributed (id starts with the extension id). */
  async extensionStatusBarItems(): Promise<StatusBarItem[]> {
    return (await this.statusBarItems()).filter((item) => item.id.startsWith('close-opportunities.close-opportunities'));
  }

  /**
   * The content frame of a webview (e.g. the Summary view; expand it first with
   * `expandView(SUMMARY_VIEW)`). With several webviews open, pick one by `index` in DOM order.
   */
  webview(index = 0): FrameLocator {
    return this.page.locator('iframe.webview.ready').nth(index).contentFrame().frameLocator('iframe#active-frame');
  }

  // -------------------------------------------------------------------------------------------
  // Editors and hovers

  /** Opens a file of the workspace (relative path) in an editor through Quick Open. */
  async openFile(relativePath: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    await this.fillQuickInput(relativePath, { submit: false });
    await this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: path.basename(relativePath) })
      .first()
      .waitFor();
    await this.page.keyboard.press('Enter');
    await this.page
      .locator(`.tabs-container .tab[aria-label^=${cssString(path.basename(relativePath))}]`)
      .first()
      .waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-line').first().waitFor();
  }

  /**
   * Moves the mouse over the first occurrence of `text` in the visible editor and returns the hover's
   * text (waits for a hover to show, e.g. the opportunity hover).
   */
  async hoverInEditor(text: string, until?: RegExp): Promise<string> {
    const box = await this.page.evaluate((needle) => {
      for (const line of Array.from(document.querySelectorAll('.editor-instance .monaco-editor .view-line'))) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        let whole = '';
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          nodes.push(node as Text);
          whole += node.textContent ?? '';
        }
        // Monaco renders spaces as U+00A0.
        const at = whole.replace(/\u00a0/g, ' ').indexOf(needle);
        if (at < 0) continue;
        const middle = at + Math.floor(needle.length / 2);
        let offset = 0;
        for (const node of nodes) {
          const length = node.textContent?.length ?? 0;
          if (middle < offset + length) {
            const range = document.createRange();
            range.setStart(node, middle - offset);
            range.setEnd(node, middle - offset + 1);
            const rect = range.getBoundingClientRect();
            return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
          }
          offset += length;
        }
      }
      return undefined;
    }, text);
    if (!box) throw new Error(`"${text}" is not visible in an editor`);
    // A hover still open from before would be read instead of this one.
    await this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden' });
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
    // A busy machine can drop a hover: point away and back until one shows.
    await pollFor(
      async () => {
        await this.page.mouse.move(box.x, box.y - 40);
        await this.page.mouse.move(box.x, box.y, { steps: 4 });
        return hover.waitFor({ state: 'visible', timeout: 10_000 }).then(
          () => true,
          () => false,
        );
      },
      (shown) => shown,
      `a hover over "${text}"`,
      60_000,
    );
    // The hover appears with a "Loading..." part first when the provider is asynchronous, and an id is also a
    // link, whose own hint ("Show in the Close sidebar (ctrl + click)") can show before the provider's part.
    const ownPart = (content: string) => content.replace(/^.*\((ctrl|cmd|alt|option) \+ click\)\s*$/gim, '').trim();
    return pollFor(
      async () => (await hover.innerText()).trim(),
      (content) => ownPart(content).length > 0 && !/^Loading\.\.\.$/m.test(content) && (until === undefined || until.test(content)),
      `the hover over "${text}"${until ? ` to match ${String(until)}` : ''}`,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Given: steps that bring the window to a known state, each doing nothing when it already is

  /**
   * Closes what a test may have left open: a dialog, the quick input, a context menu, a hover, the
   * notifications and the editors. `useVSCode` runs it before every test.
   */
  async settle(): Promise<void> {
    if (await this.dialog()) await this.page.keyboard.press('Escape');
    await this.closeQuickInput();
    await this.quickInputBox().waitFor({ state: 'hidden' });
    if (await this.page.locator('.context-view .monaco-menu').isVisible()) await this.page.keyboard.press('Escape');
    await this.clearHover();
    if ((await this.notifications()).length > 0) {
      await this.runCommand('Notifications: Clear All Notifications');
      await pollFor(
        () => this.notifications(),
        (shown) => shown.length === 0,
        'no notifications',
      );
    }
    const tabs = this.page.locator('.tabs-container .tab');
    if ((await tabs.count()) > 0) {
      await this.runCommand('View: Close All Editors');
      await pollFor(
        () => tabs.count(),
        (count) => count === 0,
        'no editors',
      );
    }
  }

  /** How the tree is connected, read from the welcome view, the rows or the message, and the description. */
  async connectionState(): Promise<ConnectionState> {
    await this.openContainer();
    // Until the extension has activated, VS Code says in the view's message that no data provider is registered:
    // that says nothing about the connection.
    const seen = await pollFor(
      async () => ({ welcome: await this.welcomeView(), rows: (await this.treeRows()).length, message: await this.viewMessage() }),
      (view) => view.welcome.buttons.length > 0 || view.rows > 0 || (view.message !== '' && !NO_PROVIDER_YET.test(view.message)),
      'the welcome view, rows or a message of the extension',
    );
    if (seen.welcome.buttons.includes('Explore with Sample Data')) return 'none';
    if (seen.welcome.buttons.length > 0) return 'refused';
    return (await this.viewDescription()).startsWith('Sample data') ? 'sampleData' : 'apiKey';
  }

  /** No key and no sample data: the welcome view offers both (signs out otherwise). */
  async signedOut(): Promise<void> {
    if ((await this.connectionState()) === 'none') return;
    await this.runCommand('Close: Sign Out');
    await pollFor(
      () => this.welcomeView(),
      (view) => view.buttons.includes('Explore with Sample Data'),
      'the welcome view after signing out',
    );
  }

  /**
   * Connected with an API key (sets `key` when not connected with one; a key set here was accepted: "Connected as").
   * Whether the tree shows current data or the last results kept offline is for the caller to wait for.
   */
  async connected(key: string): Promise<void> {
    if ((await this.connectionState()) === 'apiKey') return;
    await this.runCommand('Close: Set API Key');
    await this.fillQuickInput(key);
    await this.waitForNotification(/Connected as/);
    await pollFor(
      () => this.connectionState(),
      (state) => state === 'apiKey',
      'the tree connected with the key',
    );
    await this.firstScreenLeft();
  }

  /**
   * Every opportunity in the tree when it opened on the first screen (a fresh profile: the open pipeline by stage),
   * as a returning user sees it; a filter already chosen stays.
   */
  async firstScreenLeft(): Promise<void> {
    const grouped = (rows: TreeRow[]) => rows.length > 0 && rows.every((row) => row.level > 1 || row.expanded !== undefined);
    const first = await this.waitForTreeRows((rows) => rows.length > 0);
    if (!grouped(first) || !(await this.viewDescription()).split(' · ').includes('Active')) return;
    await this.runCommand('Close: Clear Filters');
    await this.waitForTreeRows((rows) => rows.length > 0 && !grouped(rows));
  }

  /** The tree shows the sample data (started from the palette when it does not). */
  async sampleDataShown(): Promise<void> {
    if ((await this.connectionState()) !== 'sampleData') await this.runCommand('Close: Explore with Sample Data');
    await pollFor(
      () => this.connectionState(),
      (state) => state === 'sampleData',
      'the sample data in the tree',
    );
  }

  /**
   * No filter, no grouping, and only the first page in the tree (Refresh drops pages "Load more" added).
   * Needs a connection (key or sample data); the sort order stays as it is.
   */
  async filtersReset(): Promise<void> {
    await this.openContainer();
    await this.runCommand('Close: Clear Filters');
    const grouped = (rows: TreeRow[]) => rows.some((row) => row.level === 1 && row.expanded !== undefined);
    if (grouped(await this.waitForTreeRows())) {
      await this.runCommand('Close: Group By');
      await this.pickQuickItem('No Grouping');
    }
    // What remains of the description is what is not a filter: "Sample data", "Offline — as of …".
    await pollFor(
      () => this.viewDescription(),
      (text) => text.split(' · ').every((part) => part === '' || part === 'Sample data' || part.startsWith('Offline')),
      'a description without filters',
    );
    const firstPage = (rows: TreeRow[]) => rows.length > 0 && !grouped(rows) && rows[0].siblings <= this.pageSize() + 1;
    if (!firstPage(await this.waitForTreeRows((rows) => rows.length > 0 && !grouped(rows)))) {
      await this.runCommand('Close: Refresh');
      await this.waitForTreeRows(firstPage);
    }
  }

  /** The tree grouped by `field` ("Owner", "Status", …), with the groups in `order` ("Z → A"; its natural order when not given). */
  async groupedBy(field: string, order?: string): Promise<void> {
    // From an ungrouped tree, so the wait below sees the new groups and not the rows of another grouping.
    if ((await this.treeRows()).some((row) => row.expanded !== undefined)) {
      await this.runCommand('Close: Group By');
      await this.pickQuickItem('No Grouping');
      await this.waitForTreeRows((rows) => rows.length > 0 && rows.every((row) => row.expanded === undefined));
    }
    await this.runCommand('Close: Group By');
    // One pick: each field is listed in its natural order, then again reversed (the order is the item's description).
    if (order === undefined) await this.pickQuickItem(field);
    else await this.pickQuickItem(field, order);
    await this.waitForTreeRows((rows) => rows.length > 0 && rows.every((row) => row.expanded !== undefined));
  }

  /** `closeOpportunities.pageSize` as this session set it (the extension's default otherwise). */
  private pageSize(): number {
    return Number(this.settings['closeOpportunities.pageSize'] ?? 100);
  }

  // -------------------------------------------------------------------------------------------
  // Screenshots

  /** Saves a screenshot of the whole window to test-results/screenshots/<name>.png and returns the path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Starts a fresh VS Code with the packaged extension and opens it in the browser. */
export function startVSCode(options: VSCodeOptions = {}): Promise<VSCodeSession> {
  return VSCodeSession.start(options);
}

/**
 * Mocha helper: one fresh VS Code for the enclosing `describe` (started in `before`, stopped in
 * `after`), settled before every test ({@link VSCodeSession.settle}), a screenshot `<suite> -- <test>.png`
 * of every failing test. Returns a getter for the session. The tests run in the order `CLOSE_E2E_ORDER` asks for.
 */
export function useVSCode(options: VSCodeOptions = {}): () => VSCodeSession {
  let session: VSCodeSession | undefined;
  before(function () {
    // mocha copies suite.tests when it starts running them, after the before-all hooks: reordering here counts.
    const suite = this.test?.parent;
    if (suite) reorderTests(suite);
  });
  before(async function () {
    this.timeout(180_000);
    session = await startVSCode(options);
  });
  beforeEach(async function () {
    this.timeout(60_000);
    await session?.settle();
  });
  afterEach(async function () {
    if (session && this.currentTest?.state === 'failed') {
      const file = await session.screenshot(this.currentTest.fullTitle()).catch(() => undefined);
      if (file) process.stderr.write(`      screenshot: ${path.relative(REPO_ROOT, file)}\n`);
      if (session.pageErrors.length > 0) process.stderr.write(`      workbench errors:\n        ${session.pageErrors.slice(-5).join('\n        ')}\n`);
    }
  });
  after(async function () {
    this.timeout(30_000);
    await session?.stop();
  });
  return () => {
    if (!session) throw new Error('The VS Code session is not running (did its `before` hook fail?)');
    return session;
  };
}

// -------------------------------------------------------------------------------------------
// Test order (CLOSE_E2E_ORDER), to show that no test depends on the ones before it

/** `CLOSE_E2E_ORDER`: unset (as written), `reverse`, or `shuffle` / `shuffle:<seed>`. */
interface TestOrder {
  kind: 'reverse' | 'shuffle';
  seed: number;
}

let chosenOrder: TestOrder | undefined | null = null;

function testOrder(): TestOrder | undefined {
  if (chosenOrder !== null) return chosenOrder;
  const value = (process.env.CLOSE_E2E_ORDER ?? '').trim();
  const match = /^(reverse|shuffle)(?::(\d+))?$/.exec(value);
  if (value !== '' && !match) throw new Error(`CLOSE_E2E_ORDER=${value}: expected "reverse", "shuffle" or "shuffle:<seed>"`);
  chosenOrder = match ? { kind: match[1] as TestOrder['kind'], seed: match[2] ? Number(match[2]) : Math.floor(Math.random() * 1_000_000) } : undefined;
  if (chosenOrder)
    process.stdout.write(
      `  [harness] tests of each describe run in ${chosenOrder.kind === 'reverse' ? 'reverse' : `shuffled order (CLOSE_E2E_ORDER=shuffle:${chosenOrder.seed})`}\n`,
    );
  return chosenOrder;
}

/** Reorders a suite's own tests in place as `CLOSE_E2E_ORDER` asks; each suite shuffles by the seed and its title. */
function reorderTests(suite: Mocha.Suite): void {
  const order = testOrder();
  if (!order) return;
  if (order.kind === 'reverse') {
    suite.tests.reverse();
    return;
  }
  const random = mulberry32(order.seed ^ hashText(suite.fullTitle()));
  for (let i = suite.tests.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [suite.tests[i], suite.tests[j]] = [suite.tests[j], suite.tests[i]];
  }
}

function hashText(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** A small seeded generator, so that a shuffled order can be run again. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
