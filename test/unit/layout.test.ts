// test/unit/ mirrors src/, so a module's tests are found by its path: the tests of src/<dir>/<module>.ts are in
// test/unit/<dir>/<module>.test.ts, those of a script test/support/<name>.mjs in test/unit/support/<name>.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root: out/test/unit → three levels up (the tests run compiled). */
const REPO_ROOT = path.resolve(__dirname, '../../..');
const UNIT = path.join(REPO_ROOT, 'test', 'unit');

/** Checks of the whole package rather than of one module: the only test files directly in test/unit/. */
const PACKAGE_WIDE = ['bundles.test.ts', 'hostileServers.test.ts', 'l10nBundles.test.ts', 'l10nGerman.test.ts', 'layout.test.ts', 'vsix.test.ts'];

/** Every .ts file under test/unit/, as a path relative to it with forward slashes. */
function unitFiles(dir = UNIT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return unitFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(UNIT, full).split(path.sep).join('/')] : [];
  });
}

/** Where the code a test file in a folder tests may be, relative to the repository root. */
function counterparts(testFile: string): string[] {
  const name = testFile.slice(0, -'.test.ts'.length);
  if (name.startsWith('support/')) return ['.mjs', '.cjs', '.ts'].map((ext) => `test/${name}${ext}`);
  return ['.ts', '.tsx'].map((ext) => `src/${name}${ext}`);
}

describe('the unit tests mirror src/', () => {
  it('has a module in src/ (or a script in test/support/) for every test file in a folder of test/unit/', () => {
    const orphans = unitFiles()
      .filter((file) => file.endsWith('.test.ts') && file.includes('/'))
      .filter((file) => !counterparts(file).some((candidate) => fs.existsSync(path.join(REPO_ROOT, candidate))));
    assert.deepEqual(orphans, [], 'each is test/unit/<dir>/<module>.test.ts of src/<dir>/<module>.ts: move or rename it');
  });

  it('holds directly in test/unit/ only the listed package-wide checks', () => {
    const topLevel = unitFiles().filter((file) => file.endsWith('.test.ts') && !file.includes('/'));
    assert.deepEqual(topLevel.sort(), [...PACKAGE_WIDE].sort());
  });

  it('has no tests outside *.test.ts files, the only ones mocha runs', () => {
    const hidden = unitFiles().filter((file) => !file.endsWith('.test.ts') && /^\s*(describe|it)\(/m.test(fs.readFileSync(path.join(UNIT, file), 'utf8')));
    assert.deepEqual(hidden, []);
  });
});
