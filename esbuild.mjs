// Builds the extension (node, cjs) in two parts, the fake Close server (lazily loaded, and its CLI) and the
// webview (browser, esm).
//
// The extension is two bundles so that activation parses only what it runs (≤ 10 ms, `npm run bench`):
//   dist/extension.js  what activate() needs: the connection, the tree, the status bar, the commands' names;
//   dist/later.js      everything else (the HTTP client, the commands' work, the summary, the hover, change
//                      tracking), required by `onFirstUse()` (src/shared/onFirstUse.ts) the first time it is needed.
// Every module of src/ is in exactly one of them: a module both use stays in dist/extension.js, and
// dist/later.js takes it from there (`require('./extension.js').__shared`), so a class is one class and a
// module's state one state. The build fails if what activation loads imports src/later.ts itself.
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** The sample-data server is loaded by `require('../fake/server')` only when asked for: keep it in dist/fake.js. */
const fakeApart = {
  name: 'fake-apart',
  setup(build) {
    build.onResolve({ filter: /\/fake\/server$/ }, () => ({ path: './fake.js', external: true }));
  },
};

/** `require('../later')` (src/shared/onFirstUse.ts) is dist/later.js, beside dist/extension.js. */
const laterApart = {
  name: 'later-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/later$/ }, () => ({ path: './later.js', external: true }));
  },
};

/**
 * Every `import * as vscode` would otherwise copy the whole API object once per importing file (esbuild's
 * `__toESM`); routing them through one bundled ESM re-export makes that a single copy at load time.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** In dist/later.js: a module that dist/extension.js holds is taken from it, not copied. */
function fromExtension(shellModules, used) {
  return {
    name: 'from-extension',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === 'from-extension' || args.namespace === 'shared') return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'from-extension' });
        if (resolved.errors.length > 0 || resolved.external) return resolved;
        const relative = path.relative(process.cwd(), resolved.path).split(path.sep).join('/');
        if (!shellModules.has(relative)) return resolved;
        used.add(relative);
        return { path: relative, namespace: 'shared' };
      });
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'shared' }, () => ({ path: './extension.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
        contents: `module.exports = require('./extension.js').__shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
const extension = { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [vscodeOnce, fakeApart, laterApart] };
const laterEntry = 'src/later.ts';

/** The two extension bundles: which modules the first holds decides what the second takes from it. */
async function extensionBuilds() {
  const quiet = { write: false, metafile: true, logLevel: 'silent', sourcemap: false, minify: false };
  const shell = await esbuild.build({ ...extension, ...quiet });
  const shellModules = new Set(Object.keys(shell.metafile.inputs).filter((input) => input.startsWith('src/')));
  if (shellModules.has(laterEntry)) throw new Error(`${laterEntry} must be required on first use, never imported by what activation loads`);
  const used = new Set();
  await esbuild.build({
    ...node,
    ...quiet,
    entryPoints: [laterEntry],
    outfile: 'dist/later.js',
    external: ['vscode'],
    plugins: [vscodeOnce, fakeApart, fromExtension(shellModules, used)],
  });
  const shared = [...used].sort();
  const imports = shared.map((module, i) => `import * as m${i} from './${module}';`).join('\n');
  const table = shared.map((module, i) => `  ${JSON.stringify(module)}: m${i},`).join('\n');
  return [
    {
      ...extension,
      entryPoints: undefined,
      stdin: {
        contents: `export * from './src/extension';\n${imports}\n/** For dist/later.js: the modules it shares with this bundle. */\nexport const __shared = {\n${table}\n};\n`,
        resolveDir: process.cwd(),
        sourcefile: 'extension-entry.ts',
        loader: 'ts',
      },
    },
    { ...node, entryPoints: [laterEntry], outfile: 'dist/later.js', external: ['vscode'], plugins: [vscodeOnce, fakeApart, fromExtension(shellModules, new Set())] },
  ];
}

const builds = [
  ...(await extensionBuilds()),
  { ...node, entryPoints: ['src/fake/server.ts'], outfile: 'dist/fake.js' },
  { ...node, entryPoints: ['src/fake/cli.ts'], outfile: 'dist/fake-server.js' },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'esm', target: 'es2022' },
  // The webview's stylesheet goes next to its script: the webview may load from dist/webview only.
  { ...common, entryPoints: ['media/summary.css'], outfile: 'dist/webview/summary.css' },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
