// Installs the dependencies when node_modules is missing or older than package-lock.json, so that `npm test`
// and `npm run demo` work as the first command after cloning (and after a pull that changed the lock file).
// It runs before anything that needs a dependency, so it uses Node's built-in modules only.
//
//   node test/support/ensure-deps.mjs
//
// npm writes node_modules/.package-lock.json at the end of every install (`npm ci`, `npm install`), after
// package-lock.json; a package-lock.json newer than it changed after the last install.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The file's modification time in ms, or undefined when there is no such file. */
function modified(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Whether `root` needs `npm ci` before its dependencies can be used, and why.
 * @param {string} root the folder of package.json and package-lock.json
 * @returns {{ install: false } | { install: true, reason: string }}
 */
export function installNeeded(root) {
  if (!fs.existsSync(path.join(root, 'node_modules'))) return { install: true, reason: 'node_modules is missing' };
  const installed = modified(path.join(root, 'node_modules', '.package-lock.json'));
  if (installed === undefined) return { install: true, reason: 'node_modules has no .package-lock.json (an install that did not finish?)' };
  const lock = modified(path.join(root, 'package-lock.json'));
  if (lock !== undefined && installed < lock) return { install: true, reason: 'node_modules is older than package-lock.json' };
  return { install: false };
}

/** Runs `npm ci` in `root` with its output shown; returns the exit code. */
function npmCi(root) {
  const args = ['ci', '--no-audit', '--no-fund'];
  // Under `npm test` and `npm run`, npm names its own script: no PATH lookup, and no npm.cmd shell on Windows.
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && path.basename(npmCli) === 'npm-cli.js'
      ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw new Error(`could not start npm ci: ${result.error.message}`);
  return result.status ?? 1;
}

/**
 * Runs `npm ci` when `installNeeded` says so, saying why first.
 * @param {string} [root]
 * @param {{ runNpmCi?: (root: string) => number, log?: (line: string) => void }} [options]
 * @returns {boolean} whether npm ci ran
 */
export function ensureDependencies(root = REPO_ROOT, { runNpmCi = npmCi, log = console.log } = {}) {
  const needed = installNeeded(root);
  if (!needed.install) return false;
  log(`${needed.reason}: running npm ci`);
  const status = runNpmCi(root);
  if (status !== 0) throw new Error(`npm ci failed (exit code ${status}; see above)`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureDependencies();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
