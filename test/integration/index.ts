// The extensionTestsPath module: VS Code's extension host (desktop through @vscode/test-electron, or
// code-server through test/support/run-integration.mjs) loads it and awaits run().
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Counts written to `CLOSE_TEST_RESULTS_FILE` when set, so the runner need not parse console text. */
export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export const START_MARKER = '[close-tests] running';

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    reporter: 'spec',
    // The extension host's console is not a TTY; colour codes would only clutter the runner's output.
    color: false,
  });
  const grep = process.env.CLOSE_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = findTests(__dirname);
  for (const file of files) mocha.addFile(file);
  // The code-server runner shows the extension host's console from this line on (before it: workbench chatter).
  console.log(`${START_MARKER} ${files.length} test file(s)`);

  return new Promise((resolve, reject) => {
    const result: SuiteResult = { passed: 0, failed: 0, pending: 0, failures: [] };
    const runner = mocha.run((failures) => {
      const resultsFile = process.env.CLOSE_TEST_RESULTS_FILE;
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
      else resolve();
    });
    runner.on('pass', () => result.passed++);
    runner.on('pending', () => result.pending++);
    runner.on('fail', (test, error: Error) => {
      result.failed++;
      result.failures.push({ title: test.fullTitle(), error: String(error?.message ?? error) });
    });
  });
}
