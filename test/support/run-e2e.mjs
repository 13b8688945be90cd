// Runs the end-to-end specs (out/test/e2e/**/*.e2e.js) with mocha in Node. Each spec starts its own
// code-server + Chromium through test/e2e/harness.ts, with the packaged .vsix installed.
//
//   node test/support/run-e2e.mjs [--json FILE]
//
// Packages the extension first (production bundles, through vsce) unless CLOSE_VSIX names a .vsix.
// Needs `npm run compile-tests` first (npm run test:e2e does it).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { packageExtension } from './package.mjs';
import { REPO_ROOT, ensureCodeServer, ensureSystemPackages } from './vscode-server.mjs';

const require = createRequire(import.meta.url);
const SPECS = 'out/test/e2e/**/*.e2e.js';

/**
 * Runs the e2e specs in a mocha child process; resolves with mocha's exit code.
 * @param {{ json?: string, grep?: string }} [options]
 */
export async function runE2E(options = {}) {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'test', 'e2e', 'harness.js'))) {
    throw new Error('Missing out/test/e2e/harness.js: run `npm run compile-tests` first.');
  }
  await ensureCodeServer();
  ensureSystemPackages(['chromium']);
  const env = { ...process.env };
  if (!env.CLOSE_VSIX) {
    console.log('e2e: packaging the extension');
    env.CLOSE_VSIX = packageExtension();
  }
  const mocha = path.join(path.dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');
  const args = [mocha, '--reporter', path.join(REPO_ROOT, 'test', 'support', 'counting-reporter.cjs'), '--timeout', '120000', '--exit'];
  // The workbench UI has rare timing hiccups; a test gets one more try, and the reporter shows every retry.
  args.push('--retries', '1');
  if (options.json) args.push('--reporter-option', `json=${options.json}`);
  const grep = options.grep || process.env.CLOSE_TEST_GREP;
  if (grep) args.push('--grep', grep);
  args.push(SPECS);
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ? 1 : code));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const jsonIndex = args.indexOf('--json');
  runE2E({ json: jsonIndex >= 0 ? args[jsonIndex + 1] : undefined })
    .then((code) => (process.exitCode = code))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
