// What the Marketplace and Open VSX get: the .vsix holds only what runs (.vscodeignore, as vsce reads it), and
// the README and CHANGELOG they show link only to files the repository has.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

/**
 * Every file the .vsix holds, but for translations: of the manifest's strings (package.nls.<language>.json) and
 * of the runtime strings (l10n/bundle.l10n.<language>.json).
 */
const PACKAGED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/extension.js',
  'dist/fake.js',
  'dist/later.js',
  'dist/webview/main.js',
  'dist/webview/summary.css',
  'l10n/bundle.l10n.json',
  'media/close.svg',
  'media/icon.png',
  'package.json',
  'package.nls.json',
];

/** The Marketplace's categories (code.visualstudio.com/api/references/extension-manifest). */
const CATEGORIES = [
  'Programming Languages',
  'Snippets',
  'Linters',
  'Themes',
  'Debuggers',
  'Formatters',
  'Keymaps',
  'SCM Providers',
  'Other',
  'Extension Packs',
  'Language Packs',
  'Data Science',
  'Machine Learning',
  'Visualization',
  'Notebooks',
  'Education',
  'Testing',
  'AI',
  'Chat',
];

/** Markdown links and images as vsce finds them; it prefixes those not starting with `scheme://` or `#` with the repository's URL. */
const VSCE_LINK = /(!?)\[([^\][]*|!\[[^\][]*]\([^)]+\))\]\(([^)]+)\)/g;

let listed: Promise<string[]> | undefined;

/** The files `vsce package` puts in the .vsix (listed once: it walks the whole folder). */
function packagedFiles(): Promise<string[]> {
  assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist/extension.js')), 'dist/ has no bundles: run `npm run build` first');
  listed ??= listFiles({ cwd: REPO_ROOT, packageManager: PackageManager.None });
  return listed;
}

describe('the packaged extension (.vsix)', function () {
  this.timeout(30_000);

  it('holds the bundles, the icons, the manifest and its strings, README, CHANGELOG and LICENSE, and nothing else', async () => {
    const files = await packagedFiles();
    const translations = files.filter((file) => /^(package\.nls|l10n\/bundle\.l10n)\.[\w-]+\.json$/.test(file));
    assert.ok(translations.includes('l10n/bundle.l10n.de.json') && translations.includes('package.nls.de.json'), translations.join(', '));
    assert.deepEqual([...files].sort(), [...PACKAGED, ...translations].sort());
  });

  it('holds every file the manifest names', async () => {
    const files = new Set(await packagedFiles());
    const { viewsContainers, views } = manifest.contributes;
    const icons = [...Object.values(viewsContainers), ...Object.values(views)].flat().map((item) => (item as { icon?: unknown }).icon);
    const named = [manifest.main, manifest.icon, ...icons].filter((file): file is string => typeof file === 'string' && !file.startsWith('$('));
    assert.ok(named.length >= 3, named.join(', '));
    for (const file of named) assert.ok(files.has(path.posix.normalize(file)), `${file} is named in package.json but not packaged`);
  });

  it('states the MIT license in the manifest and ships its text', () => {
    assert.equal(manifest.license, 'MIT');
    assert.match(fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} \S/);
  });

  it('names only categories the Marketplace knows', () => {
    assert.ok(manifest.categories.length > 0);
    for (const category of manifest.categories) assert.ok(CATEGORIES.includes(category), `"${category}" is not a Marketplace category`);
  });

  it('links from the README and the CHANGELOG only to files the repository has', () => {
    for (const document of ['README.md', 'CHANGELOG.md']) {
      const text = fs.readFileSync(path.join(REPO_ROOT, document), 'utf8');
      const relative = Array.from(text.matchAll(VSCE_LINK), (m) => m[3]).filter((link) => !/^\w+:\/\//.test(link) && !link.startsWith('#') && !/^mailto:/i.test(link));
      for (const link of relative) {
        assert.ok(
          fs.existsSync(path.join(REPO_ROOT, link.replace(/#.*$/, ''))),
          `${document} links to ${link}, which the Marketplace would show as ${manifest.repository.url}/blob/HEAD/${link}`,
        );
      }
    }
  });
});
