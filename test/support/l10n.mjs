// Regenerates l10n/bundle.l10n.json, every string the code translates, with @vscode/l10n-dev (`npm run l10n`).
//
//   node test/support/l10n.mjs [--out DIR]     (default: the manifest's "l10n" folder)
//
// l10n-dev extracts `vscode.l10n.t('…')` and `l10n.t('…')` calls in files that import 'vscode'. Most strings
// here go through a plain `t(…)` instead: the pure text functions take a `t: Translate` (they import nothing
// from 'vscode', so they run in plain Node) and the extension passes them `t` from src/shared/l10n.ts. So each bare
// `t(` call is handed to l10n-dev spelled `vscode.l10n.t(`; finding the strings is l10n-dev's own analysis.
// A call whose message is not written out as a literal cannot be extracted (nor translated by a bundle): the
// run fails and names it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';
import ts from 'typescript';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCES = path.join(REPO_ROOT, 'src');
/** Where `t` is defined: its own call passes the message through. */
const DEFINITIONS = new Set(['src/shared/l10n.ts']);

function sourceFiles(folder) {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
    });
}

/** `t(…)`, `l10n.t(…)`, `vscode.l10n.t(…)`: the calls that translate. */
function translateCall(node) {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = node.expression;
  if (ts.isIdentifier(callee) && callee.text === 't') return 'bare';
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return undefined;
  const owner = callee.expression;
  const isL10n = (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
  return isL10n ? 'member' : undefined;
}

/** One file as l10n-dev should read it, and the calls it could not read. */
function prepare(file) {
  const text = fs.readFileSync(file, 'utf8');
  const relative = path.relative(REPO_ROOT, file).split(path.sep).join('/');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const bare = [];
  const unseen = [];
  const visit = (node) => {
    const kind = translateCall(node);
    if (kind) {
      const message = node.arguments[0];
      if (kind === 'bare') bare.push(node.expression.getStart(source));
      if (!message || !(ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message))) {
        if (!DEFINITIONS.has(relative)) {
          const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
          unseen.push(`${relative}:${line + 1}:${character + 1}: ${node.getText(source).slice(0, 80)}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (bare.length === 0 && !/\bl10n\.t\b/.test(text)) return { unseen };
  let contents = text;
  for (const at of bare.reverse()) contents = `${contents.slice(0, at)}vscode.l10n.${contents.slice(at)}`;
  return { script: { extension: path.extname(file), contents: `import * as vscode from 'vscode';\n${contents}` }, unseen };
}

/** Every translated string of src/, as l10n-dev writes a bundle (`{ "message": "message" }`). */
export async function extractBundle() {
  const prepared = sourceFiles(SOURCES).map(prepare);
  const unseen = prepared.flatMap((p) => p.unseen);
  const bundle = await getL10nJson(prepared.flatMap((p) => (p.script ? [p.script] : [])));
  return { bundle, unseen };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const outDir = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.resolve(REPO_ROOT, manifest.l10n);
  try {
    const { bundle, unseen } = await extractBundle();
    if (unseen.length > 0) {
      throw new Error(`These calls do not write their message out as a string literal, so it cannot be extracted or translated:\n  ${unseen.join('\n  ')}`);
    }
    fs.mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, 'bundle.l10n.json');
    fs.writeFileSync(out, `${JSON.stringify(bundle, undefined, 2)}\n`);
    console.log(`${Object.keys(bundle).length} strings → ${path.relative(process.cwd(), out) || out}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
