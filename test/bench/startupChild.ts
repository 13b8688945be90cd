// Run in a fresh `node` process by the bench's `startup` section: loads a built dist/extension.js with a
// stand-in for `vscode` that is real where the start depends on it (events, the tree view, the status bar,
// settings, files, secret storage), activates it with a stored key for the fake server, shows the tree
// (asks for its root as VS Code does when the view becomes visible) and prints one JSON line of what it saw.
//   node out/test/bench/startupChild.js <dist folder> <fake url> <storage folder> [--seed]
// The key is in <storage folder>/secret.json (what secret storage holds); the kept results and whatever the
// extension stores go in that folder too. --seed: load once and wait for the kept results to be written.
import * as diagnostics from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventEmitter, memento, provideVscode, stub, vscodeModule } from './vscodeStub';

class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
  static file(file: string): Uri {
    return new Uri('file', file);
  }
  static from(parts: { scheme: string; path?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, path.join(base.path, ...parts));
  }
}

class TreeItem {
  description?: string;
  contextValue?: string;
  constructor(
    readonly label: unknown,
    readonly collapsibleState?: number,
  ) {}
}

const format = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

interface Seen {
  view: { description?: string; visible: boolean; provider?: TreeProvider };
  status: { text: string };
}

interface TreeProvider {
  onDidChangeTreeData: (listener: () => void) => unknown;
  getChildren(node?: unknown): Promise<unknown[]>;
  getTreeItem(node: unknown): TreeItem;
}

/** `own` where it has the name, else the stand-in's. */
function overlay(own: Record<string, unknown>, rest: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(own, { get: (o, p: string) => (p in o ? o[p] : rest[p]) });
}

function installVscode(baseUrl: string, seen: Seen): void {
  const api = vscodeModule() as Record<string, Record<string, unknown>>;
  const config = (section?: string) => ({
    get: (key: string, fallback?: unknown) => (section === 'closeOpportunities' && key === 'apiBaseUrl' ? baseUrl : fallback),
    inspect: () => undefined,
    update: () => Promise.resolve(),
    has: () => false,
  });
  const vscode: Record<string, unknown> = {
    ...api,
    EventEmitter,
    Uri,
    TreeItem,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    version: '1.100.0',
    env: overlay({ language: 'en', uiKind: 1 }, stub() as Record<string, unknown>),
    l10n: { t: (message: unknown, ...args: unknown[]) => (typeof message === 'string' ? format(message, ...args) : '') },
    commands: overlay({ executeCommand: () => Promise.resolve(undefined) }, api.commands),
    workspace: overlay(
      {
        getConfiguration: config,
        fs: {
          readFile: (uri: Uri) => fs.promises.readFile(uri.fsPath),
          writeFile: (uri: Uri, data: Uint8Array) => fs.promises.writeFile(uri.fsPath, data),
          createDirectory: (uri: Uri) => fs.promises.mkdir(uri.fsPath, { recursive: true }),
          delete: (uri: Uri) => fs.promises.rm(uri.fsPath, { force: true }),
        },
      },
      api.workspace,
    ),
    window: overlay(
      {
        createTreeView: (id: string, options: { treeDataProvider: TreeProvider }) => {
          // The opportunities view; any other view of the extension is not measured.
          if (id !== 'closeOpportunities.tree') return { ...seen.view, onDidChangeVisibility: () => ({ dispose() {} }), dispose() {} };
          seen.view.provider = options.treeDataProvider;
          return Object.assign(seen.view, { onDidChangeVisibility: () => ({ dispose() {} }), reveal: () => Promise.resolve(), dispose() {} });
        },
        createStatusBarItem: () => Object.assign(seen.status, { show() {}, hide() {}, dispose() {} }),
        withProgress: (_options: unknown, task: (progress: unknown) => Promise<unknown>) => task({ report() {} }),
        showWarningMessage: () => Promise.resolve(undefined),
        showErrorMessage: () => Promise.resolve(undefined),
        showInformationMessage: () => Promise.resolve(undefined),
      },
      api.window,
    ),
  };
  provideVscode(vscode);
}

function context(dist: string, storage: string): unknown {
  const secretFile = path.join(storage, 'secret.json');
  const values: Record<string, unknown> = {
    subscriptions: [],
    extensionPath: path.dirname(dist),
    extensionUri: Uri.file(path.dirname(dist)),
    globalStorageUri: Uri.file(storage),
    logUri: Uri.file(storage),
    storageUri: undefined,
    extensionMode: 1,
    globalState: memento(path.join(storage, 'globalState.json')),
    workspaceState: memento(),
    secrets: {
      get: (key: string) => fs.promises.readFile(secretFile, 'utf8').then((text) => (JSON.parse(text) as Record<string, string>)[key]),
      store: async (key: string, value: string) => {
        const all = JSON.parse(await fs.promises.readFile(secretFile, 'utf8')) as Record<string, string>;
        await fs.promises.writeFile(secretFile, JSON.stringify({ ...all, [key]: value }));
      },
      delete: async () => {},
      onDidChange: () => ({ dispose() {} }),
    },
    extension: { id: 'close-opportunities.close-opportunities', extensionPath: path.dirname(dist), packageJSON: { version: '0.0.0' } },
    asAbsolutePath: (relative: string) => path.join(path.dirname(dist), relative),
  };
  return new Proxy(values, { get: (o, p: string) => (p in o ? o[p] : (stub() as Record<string, unknown>)[p]) });
}

/** One drawing of the tree's root: when it was asked for and answered, and what it showed. */
interface Frame {
  askedMs: number;
  drawnMs: number;
  rows: number;
  description: string;
  status: string;
}

async function main(): Promise<void> {
  const [dist, baseUrl, storage] = process.argv.slice(2);
  const seed = process.argv.includes('--seed');
  const seen: Seen = { view: { visible: true }, status: { text: '' } };
  installVscode(baseUrl, seen);
  // Every request the extension starts (the client uses Node's http), by path, from the moment the view shows.
  const requests: { path: string; atMs: number }[] = [];
  let inFlight = 0;
  let t0 = 0;
  diagnostics.subscribe('http.client.request.start', (message) => {
    const request = (message as { request: { path: string } }).request;
    requests.push({ path: request.path.split('?')[0], atMs: performance.now() - t0 });
    inFlight++;
  });
  const settled = () => inFlight--;
  diagnostics.subscribe('http.client.response.finish', settled);
  diagnostics.subscribe('http.client.request.error', settled);

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle under test
  const extension = require(path.join(dist, 'extension.js')) as { activate(context: unknown): unknown; deactivate(): Promise<void> };
  extension.activate(context(dist, storage));
  const provider = seen.view.provider;
  if (!provider) throw new Error('no tree view was made');

  const frames: Frame[] = [];
  const draw = async () => {
    const askedMs = performance.now() - t0;
    const nodes = await provider.getChildren(undefined);
    const items = nodes.map((node) => provider.getTreeItem(node));
    frames.push({
      askedMs,
      drawnMs: performance.now() - t0,
      // The first screen is grouped by stage: its groups are its rows.
      rows: items.filter((item) => item.contextValue === 'opportunity' || item.contextValue === 'group').length,
      description: seen.view.description ?? '',
      status: seen.status.text,
      ...(process.env.CLOSE_STARTUP_FRAMES ? { items: items.map((i) => `${String(i.contextValue)} ${JSON.stringify(i.label)}`).slice(0, 3) } : {}),
    });
  };
  provider.onDidChangeTreeData(() => void draw());
  // The view becomes visible: VS Code asks for the root.
  t0 = performance.now();
  void draw();

  const kept = (f: Frame) => f.rows > 0 && f.description.includes('refreshing');
  const fresh = (f: Frame) => f.rows > 0 && !/refreshing|Offline/.test(f.description);
  // Complete: current rows drawn, the status bar in the organization's currency, nothing in flight.
  const deadline = performance.now() + 20_000;
  let completeMs: number | undefined;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (frames.some(fresh) && seen.status.text.includes('€') && inFlight === 0) {
      completeMs = performance.now() - t0;
      break;
    }
  }
  const firstRows = frames.filter((f) => f.rows > 0).sort((a, b) => a.drawnMs - b.drawnMs)[0];
  const currencyOf = (text: string | undefined) => (text === undefined ? null : text.includes('€') ? 'EUR' : /\$\d/.test(text) ? 'USD' : 'none');
  const result = {
    keptRowsMs: frames.filter(kept).sort((a, b) => a.drawnMs - b.drawnMs)[0]?.drawnMs ?? null,
    freshRowsMs: frames.filter(fresh).sort((a, b) => a.drawnMs - b.drawnMs)[0]?.drawnMs ?? null,
    completeMs: completeMs ?? null,
    requests: completeMs === undefined ? requests.length : requests.filter((r) => r.atMs <= completeMs).length,
    paths: requests.map((r) => `${Math.round(r.atMs)} ${r.path}`),
    firstFrameCurrency: currencyOf(firstRows?.status),
    firstFrameDescription: firstRows?.description ?? null,
    frames: process.env.CLOSE_STARTUP_FRAMES ? frames : undefined,
  };
  // The kept results are written a second after a load (and on shutdown).
  if (seed) await new Promise((resolve) => setTimeout(resolve, 1500));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })}\n`);
  process.exit(1);
});
