// The string bundles (l10n/, package.nls*.json): generated from the code by @vscode/l10n-dev, and every
// translation complete, with the placeholders, icons and command links of the English.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

function readJson(relative: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8')) as Record<string, string>;
}

/** The translations beside an English file: `bundle.l10n.de.json` for `bundle.l10n.json`, by language. */
function translationsOf(folder: string, base: string): Map<string, string> {
  const pattern = new RegExp(`^${base.replace(/\./g, '\\.')}\\.([a-z]{2,3}(?:-[a-z0-9]+)*)\\.json$`, 'i');
  const found = new Map<string, string>();
  for (const name of fs.readdirSync(path.join(REPO_ROOT, folder)).sort()) {
    const language = pattern.exec(name)?.[1];
    if (language) found.set(language, path.join(folder, name));
  }
  return found;
}

/**
 * What a translation must carry over unchanged: placeholders `{0}`, icons `$(check-all)`, command links
 * `](command:…)` and code spans `` `closeOpportunities.apiBaseUrl` ``.
 */
function fixedParts(text: string): string[] {
  return Array.from(text.matchAll(/\{\d+\}|\$\([\w~-]+\)|\]\(command:[^)]*\)|`[^`]*`/g), (m) => m[0]).sort();
}

const ENGLISH = [
  { what: 'the runtime strings', folder: 'l10n', base: 'bundle.l10n', english: 'l10n/bundle.l10n.json' },
  { what: 'the manifest strings', folder: '.', base: 'package.nls', english: 'package.nls.json' },
];

for (const { what, folder, base, english } of ENGLISH) {
  const translations = translationsOf(folder, base);

  describe(`translations of ${what} (${english})`, () => {
    const source = readJson(english);

    it('include German', () => {
      assert.ok(translations.has('de'), [...translations.keys()].join(', '));
    });

    for (const [language, file] of translations) {
      describe(file, () => {
        const translated = readJson(file);

        it('translates every string of the English, and no other', () => {
          const missing = Object.keys(source).filter((key) => !(key in translated));
          const extra = Object.keys(translated).filter((key) => !(key in source));
          assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, language);
        });

        it('gives each one a translation of its own text', () => {
          const empty = Object.entries(translated).filter(([, text]) => typeof text !== 'string' || text.trim() === '');
          assert.deepEqual(empty, []);
        });

        it('keeps the placeholders, icons, command links and code spans of each string', () => {
          const changed = Object.keys(source)
            .filter((key) => key in translated)
            .filter((key) => fixedParts(String(source[key])).join(' ') !== fixedParts(translated[key]).join(' '))
            .map((key) => ({ english: source[key], translated: translated[key] }));
          assert.deepEqual(changed, []);
        });
      });
    }
  });
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
    const ignore = fs
      .readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    assert.ok(ignore.includes('!l10n/*.json'), '.vscodeignore must keep l10n/*.json in the .vsix');
  });
});
