// What `npm test` runs after the build and the test compile: the unit, integration and e2e suites,
// each in its own process, each suite's counts and time, and as the very last line the total
// "N passed, N failed". Exits non-zero when a test failed or a suite could not run.
//
//   node test/support/run-all.mjs [unit] [integration] [e2e]      (default: all three)
//
// Environment: CLOSE_TEST_GREP filters tests by title in every suite; see CONTRIBUTING.md, "Running the tests".
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT, ensureCodeServer, ensureSystemPackages } from './vscode-server.mjs';

const require = createRequire(import.meta.url);
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const REPORTER = path.join(REPO_ROOT, 'test', 'support', 'counting-reporter.cjs');
const MOCHA = path.join(path.dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');

/** How each suite is started; every command writes its counts to `json`. */
const SUITES = {
  unit: (json) => {
    const config = path.join(REPO_ROOT, 'test', 'unit', '.mocharc.json');
    const args = [MOCHA, '--reporter', REPORTER, '--reporter-option', `json=${json}`, '--exit'];
    if (fs.existsSync(config)) args.push('--config', config);
    else args.push('--timeout', '20000', 'out/test/unit/**/*.test.js');
    if (process.env.CLOSE_TEST_GREP) args.push('--grep', process.env.CLOSE_TEST_GREP);
    return args;
  },
  integration: (json) => [path.join(REPO_ROOT, 'test', 'support', 'run-integration.mjs'), '--json', json],
  e2e: (json) => [path.join(REPO_ROOT, 'test', 'support', 'run-e2e.mjs'), '--json', json],
};

function runSuite(name) {
  // Named per process: helpers may run suites side by side in one checkout.
  const json = path.join(RESULTS_DIR, `${name}-results-${process.pid}.json`);
  fs.rmSync(json, { force: true });
  const started = Date.now();
  console.log(`\n===== ${name} =====`);
  const child = spawn(process.execPath, SUITES[name](json), { cwd: REPO_ROOT, stdio: 'inherit' });
  return new Promise((resolve) => {
    const finish = (code, problem) => {
      const seconds = (Date.now() - started) / 1000;
      if (!fs.existsSync(json)) {
        resolve({ name, passed: 0, failed: 0, pending: 0, seconds, error: problem || `could not run (exit code ${code}; no results written)` });
        return;
      }
      const counts = JSON.parse(fs.readFileSync(json, 'utf8'));
      fs.rmSync(json, { force: true });
      const error = code !== 0 && counts.failed === 0 ? counts.error || `exited with code ${code} although no test failed` : counts.error;
      resolve({ name, passed: counts.passed, failed: counts.failed, pending: counts.pending || 0, retried: counts.retried?.length ?? 0, seconds, error });
    };
    child.on('error', (error) => finish(null, `could not start: ${error.message}`));
    child.on('exit', (code, signal) => finish(signal ? `signal ${signal}` : code));
  });
}

async function main() {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')} (known: ${Object.keys(SUITES).join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const names = requested.length > 0 ? requested : Object.keys(SUITES);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  // The browser suites need code-server, Node 24 and Chromium: install them now (cached), loudly.
  let prerequisiteError;
  if (names.some((name) => name !== 'unit')) {
    try {
      await ensureCodeServer();
      ensureSystemPackages(['chromium']);
    } catch (error) {
      prerequisiteError = `missing prerequisite: ${error instanceof Error ? error.message : error}`;
      console.error(prerequisiteError);
    }
  }

  const results = [];
  for (const name of names) {
    if (prerequisiteError && name !== 'unit') results.push({ name, passed: 0, failed: 0, pending: 0, seconds: 0, error: prerequisiteError.split('\n')[0] });
    else results.push(await runSuite(name));
  }

  console.log('\n===== summary =====');
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    // A suite that could not run counts as one failure, so the total can never look green.
    const suiteFailed = result.failed + (result.error && result.failed === 0 ? 1 : 0);
    passed += result.passed;
    failed += suiteFailed;
    const pending = result.pending ? `, ${result.pending} pending` : '';
    const retried = result.retried ? `, ${result.retried} retried` : '';
    console.log(
      `${result.name.padEnd(12)} ${result.passed} passed, ${result.failed} failed${pending}${retried} (${result.seconds.toFixed(1)} s)${result.error ? `  ERROR: ${result.error}` : ''}`,
    );
  }
  process.exitCode = failed > 0 ? 1 : 0;
  console.log(`${passed} passed, ${failed} failed`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
