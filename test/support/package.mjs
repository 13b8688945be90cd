// Builds the production bundles and packages them with @vscode/vsce into close-opportunities-<version>.vsix.
//
//   node test/support/package.mjs [--out FILE]
//
// vsce runs the manifest's `vscode:prepublish` script first (esbuild --production: minified, no source maps).
// --no-dependencies: the esbuild bundles hold every runtime dependency.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** The default .vsix path: `<repo>/close-opportunities-<version>.vsix`. */
export function defaultVsixPath() {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

/**
 * Builds (production, through `vscode:prepublish`) and packages the extension.
 * @param {{ out?: string }} [options]
 * @returns {string} the .vsix path
 */
export function packageExtension(options = {}) {
  const out = path.resolve(options.out || defaultVsixPath());
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], 'vsce package');
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  try {
    const vsix = packageExtension({ out: outIndex >= 0 ? args[outIndex + 1] : undefined });
    console.log(`packaged ${path.relative(process.cwd(), vsix) || vsix}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
