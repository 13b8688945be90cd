// test/unit/ mirrors src/, so a module's tests are found by its path: the tests of src/<dir>/<module>.ts are in
// test/unit/<dir>/<module>.test.ts, those of a script test/support/<name>.mjs in test/unit/support/<name>.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's root: out/test/unit → three levels up (the tests run compiled). */
const REPO_ROOT = path.resolve(__dirname, '../../..');
const UNIT = path.join(REPO_ROOT, 'test', 'unit');

/** Checks of the whole package rather than of one module: the only test files directly in test/unit/. */
const PACKAGE_WIDE = ['bundles.test.ts', 'docs.test.ts', 'hostileServers.test.ts', 'l10nBundles.test.ts', 'l10nGerman.test.ts', 'layout.test.ts', 'vsix.test.ts'];

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

/** Every .ts file of src/ and the src/ files it imports (types included), relative to the repository's root. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) graph.set(file, importsOf(file));
    }
  };
  walk('src');
  return graph;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gm)) {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]));
    const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => fs.existsSync(path.join(REPO_ROOT, candidate)));
    if (target) targets.push(target);
  }
  return targets;
}

/** The loops of a directed graph (its strongly connected parts of more than one node), each sorted. */
function loops(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const part = stack.splice(stack.indexOf(node));
      if (part.length > 1) found.push(part.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('src/ has no import cycle', () => {
  const graph = importGraph();

  it('between files', () => {
    assert.deepEqual(loops(graph), []);
  });

  it('between folders (src/views/tree is a folder of its own)', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = path.posix.dirname(file);
      const to = targets.map((target) => path.posix.dirname(target)).filter((folder) => folder !== from);
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    assert.deepEqual(loops(folders), []);
  });

  it('sees a loop when there is one', () => {
    assert.deepEqual(
      loops(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
      [['a', 'b', 'c']],
    );
  });
});

/**
 * The layers of src/: what the files of a folder (and of the folders under it) may import from src/. The lower
 * layers hold no editor code (close/ and fake/ run in plain Node, webview/ in the browser); state/ holds the
 * connection, the filter and the reference data, and reaches features/offline/ only for the kept results its
 * services carry. The folders above (views/, commands/, lm/, features/) may import any folder of src/ but its root.
 */
const LAYERS: Record<string, string[]> = {
  'src/close': ['src/close/'],
  'src/fake': ['src/fake/', 'src/close/'],
  'src/webview': ['src/webview/', 'src/close/', 'src/features/summary/protocol.ts', 'src/features/summary/dates.ts'],
  'src/shared': ['src/shared/', 'src/close/'],
  'src/features/offline': ['src/features/offline/', 'src/shared/', 'src/close/'],
  'src/state': ['src/state/', 'src/shared/', 'src/close/', 'src/features/offline/'],
};
const ABOVE = ['src/views', 'src/commands', 'src/lm', 'src/features'];

/** The layer a file of src/ belongs to: its nearest listed folder. */
function layerOf(file: string): string | undefined {
  return [...Object.keys(LAYERS), ...ABOVE].filter((layer) => file.startsWith(`${layer}/`)).sort((a, b) => b.length - a.length)[0];
}

/** What `file` imports from 'vscode' (none, a type or the module). */
const importsVscode = (file: string): boolean => /^\s*import\b[^;]*?\bfrom\s+'vscode'/m.test(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));

describe('src/ keeps its layers', () => {
  const graph = importGraph();

  it('puts every folder of src/ in a layer', () => {
    assert.deepEqual(
      [...graph.keys()].filter((file) => file.split('/').length > 2 && !layerOf(file)),
      [],
    );
  });

  it('imports within the layers below only, never the composition root (src/extension.ts, src/later.ts)', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const layer = layerOf(file);
      if (!layer) continue;
      const allowed = LAYERS[layer];
      for (const target of targets) {
        const ok = allowed ? allowed.some((place) => (place.endsWith('/') ? target.startsWith(place) : target === place)) : target.split('/').length > 2;
        if (!ok) wrong.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('keeps the editor out of close/, fake/ and what the webview’s bundle holds', () => {
    const webview = new Set<string>();
    const visit = (file: string): void => {
      if (webview.has(file)) return;
      webview.add(file);
      for (const next of graph.get(file) ?? []) visit(next);
    };
    visit('src/webview/main.ts');
    const plain = [...graph.keys()].filter((file) => file.startsWith('src/close/') || file.startsWith('src/fake/') || webview.has(file));
    assert.ok(webview.has('src/features/summary/protocol.ts'), 'the webview reads its protocol');
    assert.deepEqual(plain.filter(importsVscode), []);
  });

  it('reaches dist/later.js through each folder’s later.ts, all of them re-exported by src/later.ts and imported as types only', () => {
    const parts = [...graph.keys()].filter((file) => file.endsWith('/later.ts') && file !== 'src/later.ts').sort();
    assert.deepEqual([...(graph.get('src/later.ts') ?? [])].sort(), parts);
    const valueImports = [...graph.keys()].filter(
      (file) => Array.from(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/^\s*import\s+(?!type\b)[^;]*?\bfrom\s+'(\.[^']*\/later)'/gm)).length > 0,
    );
    assert.deepEqual(valueImports, [], 'a value import of a later.ts puts its code in dist/extension.js');
  });
});
