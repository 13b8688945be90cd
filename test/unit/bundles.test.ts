// The shipped bundles (esbuild.mjs): activation parses dist/extension.js only, and dist/later.js, loaded on
// first use, uses the very modules dist/extension.js holds. Needs the bundles: `npm test` builds them first.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const BUNDLE = path.join(REPO_ROOT, 'dist/extension.js');

interface Probe {
  httpLoaded: boolean;
  laterLoaded: boolean;
  laterExports: string[];
  sharedModules: string[];
  timeoutIsOffline: boolean;
  certificateIsOffline: boolean;
  /** What `activate()` returned: null for nothing, else the names any other extension could reach. */
  exported: string[] | null;
}

const CHILD = path.join(REPO_ROOT, 'out/test/bench/activationChild.js');
const activateIn = (...args: string[]): Probe =>
  JSON.parse(
    execFileSync(process.execPath, [CHILD, BUNDLE, ...args], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  ) as Probe;

describe('the two extension bundles', function () {
  this.timeout(30_000);
  let probe: Probe;

  before(function () {
    assert.ok(fs.existsSync(BUNDLE) && fs.existsSync(path.join(REPO_ROOT, 'dist/later.js')), 'dist/ has no bundles: run `npm run build` first');
    probe = activateIn('--then-later');
  });

  it('gives other extensions nothing once installed (Production mode): its services hold the stored key', () => {
    assert.equal(probe.exported, null);
    assert.equal(activateIn('--mode=2').exported, null, 'nor while it is debugged (Development mode)');
  });

  it('gives its running pieces to its own tests only (Test mode)', () => {
    assert.ok(activateIn('--mode=3').exported?.includes('services'));
  });

  it('activates without loading dist/later.js or the HTTP layer', () => {
    assert.equal(probe.laterLoaded, false);
    assert.equal(probe.httpLoaded, false);
  });

  it('holds the client and the commands in dist/later.js', () => {
    for (const name of ['CloseClient', 'commandHandlers', 'SummaryViewProvider', 'OpportunityHoverProvider', 'startChangeFeatures']) {
      assert.ok(probe.laterExports.includes(name), `${name} missing from dist/later.js: ${probe.laterExports.join(', ')}`);
    }
  });

  it('gives dist/later.js the modules of dist/extension.js, not copies: one error class for instanceof', () => {
    assert.ok(probe.sharedModules.includes('src/close/errors.ts'), probe.sharedModules.join(', '));
    assert.equal(probe.timeoutIsOffline, true);
    assert.equal(probe.certificateIsOffline, false);
  });

  it('never copies a module of dist/extension.js into dist/later.js', () => {
    // esbuild marks each module with a `// src/…` comment in a development build; a production build has none.
    const shell = fs.readFileSync(BUNDLE, 'utf8');
    const later = fs.readFileSync(path.join(REPO_ROOT, 'dist/later.js'), 'utf8');
    const modules = (text: string) => new Set(Array.from(text.matchAll(/^\/\/ (src\/\S+\.ts)$/gm), (m) => m[1]));
    assert.ok(modules(shell).size > 10 && modules(later).size > 10, 'a development build is needed (`npm run build`)');
    const both = [...modules(shell)].filter((module) => modules(later).has(module));
    assert.deepEqual(both, []);
  });
});
