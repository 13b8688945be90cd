// Builds the extension (node, cjs), the fake Close server (lazily loaded, and its CLI) and the webview (browser, esm).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** The sample-data server is loaded by `import('../fake/server')` only when asked for: keep it in dist/fake.js. */
const fakeApart = {
  name: 'fake-apart',
  setup(build) {
    build.onResolve({ filter: /\/fake\/server$/ }, () => ({ path: './fake.js', external: true }));
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

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [vscodeOnce, fakeApart] },
  { ...common, entryPoints: ['src/fake/server.ts'], outfile: 'dist/fake.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/fake/cli.ts'], outfile: 'dist/fake-server.js', platform: 'node', format: 'cjs', target: 'node20' },
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
