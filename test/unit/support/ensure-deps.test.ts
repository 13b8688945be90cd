// test/support/ensure-deps.mjs, which `npm test` and `npm run demo` run first: `npm ci` exactly when node_modules
// is missing or older than package-lock.json, judged by node_modules/.package-lock.json (npm's record of the last
// install). Each case is a temporary folder; npm itself is never run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SCRIPT = path.join(REPO_ROOT, 'test', 'support', 'ensure-deps.mjs');

// The shape of ensure-deps.mjs (plain ESM JavaScript).
type Decision = { install: false } | { install: true; reason: string };
interface EnsureDepsModule {
  installNeeded(root: string): Decision;
  ensureDependencies(root: string, options: { runNpmCi: (root: string) => number; log: (line: string) => void }): boolean;
}

// TypeScript compiles import() to require() under CommonJS, which cannot load an .mjs file.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the one way to keep a real import() here (see above)
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** A checkout in a temporary folder: package-lock.json, and node_modules installed at `installedAt` (seconds) if given. */
function checkout(lockAt: number, installedAt?: number | 'unfinished'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'close-ensure-deps-'));
  const lock = path.join(root, 'package-lock.json');
  fs.writeFileSync(lock, '{}');
  fs.utimesSync(lock, lockAt, lockAt);
  if (installedAt !== undefined) {
    fs.mkdirSync(path.join(root, 'node_modules', 'mocha'), { recursive: true });
    if (installedAt !== 'unfinished') {
      const record = path.join(root, 'node_modules', '.package-lock.json');
      fs.writeFileSync(record, '{}');
      fs.utimesSync(record, installedAt, installedAt);
    }
  }
  return root;
}

describe('ensure-deps (npm ci before npm test and npm run demo when needed)', () => {
  const LOCK_AT = 1_700_000_000;
  let ensureDeps: EnsureDepsModule;
  const roots: string[] = [];

  before(async () => {
    ensureDeps = (await importEsm(pathToFileURL(SCRIPT).href)) as EnsureDepsModule;
  });

  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  function make(lockAt: number, installedAt?: number | 'unfinished'): string {
    const root = checkout(lockAt, installedAt);
    roots.push(root);
    return root;
  }

  it('installs when node_modules is missing', () => {
    assert.deepEqual(ensureDeps.installNeeded(make(LOCK_AT)), { install: true, reason: 'node_modules is missing' });
  });

  it('installs when node_modules is older than package-lock.json', () => {
    assert.deepEqual(ensureDeps.installNeeded(make(LOCK_AT, LOCK_AT - 60)), { install: true, reason: 'node_modules is older than package-lock.json' });
  });

  it('installs when node_modules has no record of a finished install', () => {
    const decision = ensureDeps.installNeeded(make(LOCK_AT, 'unfinished'));
    assert.equal(decision.install, true);
    assert.match((decision as { reason: string }).reason, /no \.package-lock\.json/);
  });

  it('does nothing when node_modules was installed after package-lock.json was written', () => {
    assert.deepEqual(ensureDeps.installNeeded(make(LOCK_AT, LOCK_AT + 60)), { install: false });
  });

  it('does nothing when both were written in the same instant (npm install writes them back to back)', () => {
    assert.deepEqual(ensureDeps.installNeeded(make(LOCK_AT, LOCK_AT)), { install: false });
  });

  it('says why, then runs npm ci in the checkout, when an install is needed', () => {
    const root = make(LOCK_AT, LOCK_AT - 60);
    const events: string[] = [];
    const ran = ensureDeps.ensureDependencies(root, { runNpmCi: (where) => (events.push(`npm ci in ${where}`), 0), log: (line) => events.push(line) });
    assert.equal(ran, true);
    assert.deepEqual(events, ['node_modules is older than package-lock.json: running npm ci', `npm ci in ${root}`]);
  });

  it('neither prints nor runs anything when node_modules is up to date', () => {
    const events: string[] = [];
    const ran = ensureDeps.ensureDependencies(make(LOCK_AT, LOCK_AT + 60), { runNpmCi: () => (events.push('npm ci'), 0), log: (line) => events.push(line) });
    assert.equal(ran, false);
    assert.deepEqual(events, []);
  });

  it('fails when npm ci fails, so the command that needed it stops', () => {
    assert.throws(() => ensureDeps.ensureDependencies(make(LOCK_AT), { runNpmCi: () => 1, log: () => {} }), /npm ci failed \(exit code 1/);
  });

  it('uses nothing but Node built-ins (it runs before the dependencies are there)', () => {
    const source = fs.readFileSync(SCRIPT, 'utf8');
    const modules = Array.from(source.matchAll(/^import .* from '([^']+)';$/gm), (m) => m[1]);
    assert.ok(modules.length > 0);
    assert.deepEqual(
      modules.filter((name) => !name.startsWith('node:')),
      [],
    );
    assert.doesNotMatch(source, /\bimport\(|\brequire\(/);
  });
});
