// Runs the integration suite (out/test/integration/index.js, the same module @vscode/test-electron
// runs on a desktop) inside code-server's Node extension host, driven by headless Chromium.
//
//   node test/support/run-integration.mjs [--grep TEXT] [--timeout SECONDS] [--json RESULTS_FILE]
//
// Needs `npm run build && npm run compile-tests` first (npm run test:integration does both).
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { REPO_ROOT, ensureCodeServer, launchBrowser, startCodeServer } from './vscode-server.mjs';

const TESTS_MODULE = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index');

const START_MARKER = '[close-tests] running';

/** Workbench chatter that reaches the automation log alongside mocha's output. */
const NOISE = [
  /127\.0\.0\.1:9\b/, // the closed gallery port
  /^\s+at .*\/static\/out\/vs\//, // stack frames inside the workbench
  /^\[(Service Worker|AgentHost|AccountPolicyGate|reconnection-grace-time)/,
  /^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin extensions/,
];

/** Before the tests module starts only errors are shown; after it, everything but known chatter. */
function shouldShow(type, line, started) {
  if (NOISE.some((pattern) => pattern.test(line))) return false;
  return started || type === 'error';
}

/** Reads mocha's own summary lines, used when the results file is missing (a crash before the end). */
export function parseMochaSummary(lines) {
  const count = (word) => {
    const matches = lines.map((line) => new RegExp(`^\\s*(\\d+) ${word}\\b`).exec(line)).filter(Boolean);
    return matches.length > 0 ? Number(matches[matches.length - 1][1]) : 0;
  };
  return { passed: count('passing'), failed: count('failing'), pending: count('pending') };
}

function vscodeRemote(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${absolutePath}`;
}

/**
 * Runs the suite once in a fresh code-server + Chromium and returns its counts.
 * @param {{ grep?: string, timeoutMs?: number, env?: Record<string,string>, settings?: Record<string, unknown>, print?: (line: string) => void }} [options]
 * @returns {Promise<{ passed: number, failed: number, pending: number, durationMs: number, exitCode: number|null, error?: string, failures: {title: string, error: string}[] }>}
 */
export async function runIntegration(options = {}) {
  const print = options.print || ((line) => process.stdout.write(line + '\n'));
  const started = Date.now();
  for (const [file, hint] of [
    [`${TESTS_MODULE}.js`, 'npm run compile-tests'],
    [path.join(REPO_ROOT, 'dist', 'extension.js'), 'npm run build'],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`Missing ${path.relative(REPO_ROOT, file)}: run \`${hint}\` first.`);
  }
  await ensureCodeServer();

  const timeoutMs = options.timeoutMs || Number(process.env.CLOSE_INTEGRATION_TIMEOUT_MS) || 5 * 60_000;
  const logDir = path.join(REPO_ROOT, 'test-results');
  await fsp.mkdir(logDir, { recursive: true });
  const fullLog = path.join(logDir, 'integration.log');
  await fsp.writeFile(fullLog, '');

  let server;
  let browser;
  const lines = [];
  try {
    // Per process: helpers may run the suite side by side in one checkout.
    const resultsFile = path.join(os.tmpdir(), `close-integration-results-${process.pid}.json`);
    await fsp.rm(resultsFile, { force: true });
    // The tests' company CA, trusted the way a user trusts one (the network tests' HTTPS server is signed by it).
    const companyCa = path.join(REPO_ROOT, 'test', 'fixtures', 'tls', 'ca.pem');
    const hostEnv = { CLOSE_TEST_RESULTS_FILE: resultsFile, NODE_EXTRA_CA_CERTS: companyCa, ...(options.env || {}) };
    if (options.grep) hostEnv.CLOSE_TEST_GREP = options.grep;
    server = await startCodeServer({ smokeTestDriver: true, settings: options.settings, env: hostEnv });
    browser = await launchBrowser({ userDataDir: server.profile.browserDir, env: server.profile.xdg });
    const page = browser.pages()[0] || (await browser.newPage());

    let finish;
    let testsStarted = false;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      for (const line of text.split('\n')) {
        fs.appendFileSync(fullLog, `[${type}] ${line}\n`);
        if (line.startsWith(START_MARKER)) testsStarted = true;
        if (!shouldShow(type, line, testsStarted)) continue;
        lines.push(line);
        print(`  ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    page.on('pageerror', (error) => fs.appendFileSync(fullLog, `[pageerror] ${error.message}\n`));

    const payload = [
      ['extensionDevelopmentPath', vscodeRemote(server.port, REPO_ROOT)],
      ['extensionTestsPath', vscodeRemote(server.port, TESTS_MODULE)],
      ['extensionEnvironment', JSON.stringify(hostEnv)],
    ];
    const url = `${server.url}?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const timer = setTimeout(() => finish({ code: null, timedOut: true }), timeoutMs);
    await page.goto(url);
    const outcome = await finished;
    clearTimeout(timer);

    const fromFile = fs.existsSync(resultsFile) ? JSON.parse(await fsp.readFile(resultsFile, 'utf8')) : undefined;
    await fsp.rm(resultsFile, { force: true });
    const counts = fromFile || { ...parseMochaSummary(lines), failures: [] };
    const result = { ...counts, durationMs: Date.now() - started, exitCode: outcome.code };
    if (outcome.timedOut) {
      result.error = `timed out after ${timeoutMs / 1000} s (full log: ${path.relative(REPO_ROOT, fullLog)})`;
    } else if (outcome.code !== 0 && result.failed === 0) {
      result.error = `the test run ended with code ${outcome.code} without a failing test: the tests module did not load or crashed (full log: ${path.relative(REPO_ROOT, fullLog)})`;
    } else if (!fromFile && result.passed + result.failed === 0) {
      result.error = 'no test results were reported';
    }
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const timeout = option('--timeout');
  const json = option('--json');
  const result = await runIntegration({ grep: option('--grep') || process.env.CLOSE_TEST_GREP, timeoutMs: timeout ? Number(timeout) * 1000 : undefined });
  if (json) {
    const { passed, failed, pending, failures, error } = result;
    await fsp.writeFile(json, JSON.stringify({ passed, failed, pending, failures, error }, null, 2));
  }
  if (result.error) console.error(`integration: ${result.error}`);
  console.log(`integration: ${result.passed} passed, ${result.failed} failed, ${result.pending} pending (${(result.durationMs / 1000).toFixed(1)} s)`);
  process.exitCode = result.failed > 0 || result.error ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
