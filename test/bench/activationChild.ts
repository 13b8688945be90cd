// Run in a fresh `node` process by the benchmark: loads dist/extension.js with a stand-in for the `vscode`
// module and times `require` + `activate(context)` from inside, then prints one JSON line.
//   node out/test/bench/activationChild.js <path to dist/extension.js> [--then-later]
// With --then-later (the unit test of the two bundles, test/unit/bundles.test.ts) it then loads dist/later.js
// as the first use would, and reports whether the two bundles share their modules (one error class).
// --mode=<n> activates in that vscode.ExtensionMode (default 1, Production: an installed extension); the line
// says what `activate()` returned, which is what any other extension reads as `exports`.
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { memento, stub, vscodeModule } from './vscodeStub';

function fakeContext(extensionPath: string, vscode: Record<string, unknown>, extensionMode: number): unknown {
  const context: Record<string, unknown> = {
    subscriptions: [],
    extensionPath,
    extensionUri: stub(),
    globalStorageUri: stub(),
    logUri: stub(),
    storageUri: undefined,
    extensionMode,
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: () => Promise.resolve(undefined),
      store: async () => {},
      delete: async () => {},
      onDidChange: () => ({ dispose() {} }),
    },
    extension: { id: 'close-opportunities.close-opportunities', extensionPath, packageJSON: { version: '0.0.0' } },
    asAbsolutePath: (relative: string) => path.join(extensionPath, relative),
  };
  void vscode;
  return new Proxy(context, { get: (object, property) => (property in object ? object[property as string] : (stub() as Record<PropertyKey, unknown>)[property]) });
}

function main(): void {
  const bundle = path.resolve(process.argv[2] ?? 'dist/extension.js');
  const vscode = vscodeModule();
  const moduleApi = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const resolve = moduleApi._resolveFilename;
  // The HTTP layer ('http'/'https', by the names VS Code hooks) must wait for the first request.
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  let httpLoaded = false;
  // Nor the part kept for first use (dist/later.js, see esbuild.mjs).
  let laterLoaded = false;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (/^(node:)?https?$/.test(request)) httpLoaded = true;
    if (/^\.\/later(\.js)?$/.test(request)) laterLoaded = true;
    return load.call(this, request, ...rest);
  };
  moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as unknown as NodeModule;
  const mode = Number(/^--mode=(\d)$/.exec(process.argv.find((arg) => arg.startsWith('--mode=')) ?? '')?.[1] ?? 1);
  const context = fakeContext(path.dirname(path.dirname(bundle)), vscode, mode);

  // The stand-ins above allocated megabytes (the API's names read from @types/vscode): collect that garbage
  // now, so a collection it would cause is not charged to the extension. The bench runs this with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- what is timed: require() of the built bundle
  const extension = require(bundle) as { activate(context: unknown): unknown };
  const loaded = performance.now();
  const exported = extension.activate(context);
  const activated = performance.now();
  const result: Record<string, unknown> = { requireMs: loaded - started, activateMs: activated - loaded, totalMs: activated - started, httpLoaded, laterLoaded };
  // What another extension would read: undefined, or the names of what it could reach.
  result.exported = exported === undefined ? null : Object.keys(exported as object);
  if (process.argv.includes('--then-later')) Object.assign(result, probeLater(bundle, extension));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Loads dist/later.js beside the bundle and checks that what it uses from dist/extension.js is the same code. */
function probeLater(bundle: string, extension: unknown): Record<string, unknown> {
  type Errors = typeof import('../../src/close/errors');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/later.js, loaded as onFirstUse() loads it
  const later = require(path.join(path.dirname(bundle), 'later.js')) as typeof import('../../src/later');
  const shared = (extension as { __shared: Record<string, unknown> }).__shared;
  const errors = shared['src/close/errors.ts'] as Errors;
  return {
    laterExports: Object.keys(later).sort(),
    sharedModules: Object.keys(shared).sort(),
    // isOfflineError (in dist/later.js) tests `instanceof TimeoutError`: true only if both bundles hold one class.
    timeoutIsOffline: later.isOfflineError(new errors.TimeoutError('timed out')),
    certificateIsOffline: later.isOfflineError(new errors.NetworkError('bad certificate', 'certificate')),
  };
}

try {
  main();
} catch (error: unknown) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })}\n`);
  process.exit(1);
}
