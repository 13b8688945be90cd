// The string bundles (l10n/, package.nls*.json): generated from the code by @vscode/l10n-dev, and complete.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

function readJson(relative: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8')) as Record<string, string>;
}

describe('the string bundle l10n/bundle.l10n.json', function () {
  // Parses every source file twice (TypeScript, then l10n-dev's tree-sitter): seconds on a busy machine.
  this.timeout(120_000);
  let extracted: Record<string, string>;

  before(() => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'close-l10n-'));
    try {
      try {
        execFileSync(process.execPath, [path.join(REPO_ROOT, 'test/support/l10n.mjs'), '--out', out], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        throw new Error(`npm run l10n failed: ${(error as { stderr?: string }).stderr || (error as Error).message}`);
      }
      extracted = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('holds every string the code translates, and no other (`npm run l10n` regenerates it)', () => {
    const committed = readJson('l10n/bundle.l10n.json');
    const missing = Object.keys(extracted).filter((key) => !(key in committed));
    const stale = Object.keys(committed).filter((key) => !(key in extracted));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] });
    assert.deepEqual(committed, extracted);
  });

  it('is where the manifest tells VS Code to look, and goes into the package', () => {
    const manifest = readJson('package.json') as unknown as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
    const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.ok(ignore.includes('!l10n/*.json'), '.vscodeignore must keep l10n/*.json in the .vsix');
  });
});
