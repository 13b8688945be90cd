// The documents: the README stays the user's short page and names every command and setting; CONTRIBUTING.md
// starts with the two commands; no Markdown file of the repository links to a file or heading it lacks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { html, text } from '../support/markdown';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

/** The README's length limit: the Marketplace page is read top to bottom before installing. */
const README_MAX_LINES = 280;

/** Folders that hold no documents of the repository's own. */
const NOT_DOCUMENTS = new Set(['.git', 'node_modules', 'out', 'dist', 'test-results', '.vscode-test', '.cache']);

const read = (relative: string): string => fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/** Every .md file of the repository, relative to its root with forward slashes. */
function markdownFiles(dir = ''): string[] {
  return fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return NOT_DOCUMENTS.has(entry.name) ? [] : markdownFiles(relative);
    return entry.name.endsWith('.md') ? [relative] : [];
  });
}

/** Where the rendered document's links and images point (Markdown and raw HTML alike), entities and escapes undone. */
function targets(rendered: string): string[] {
  return [...rendered.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => decodeURI(text(m[1])));
}

/** The anchors GitHub and VS Code give a document's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(rendered: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of rendered.matchAll(/<h[1-6]>([\s\S]*?)<\/h[1-6]>/g)) {
    const slug = text(match[1])
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** The problems of one document's relative links: a file that is not there, or a heading its target lacks. */
function brokenLinks(document: string): string[] {
  const problems: string[] = [];
  for (const target of targets(html(read(document)))) {
    if (/^[a-z][\w+.-]*:/i.test(target)) continue;
    const [file, anchor] = target.split('#', 2);
    const linked = file ? path.posix.normalize(path.posix.join(path.posix.dirname(document), file)) : document;
    if (!fs.existsSync(path.join(REPO_ROOT, linked))) {
      problems.push(`${document} links to ${target}: there is no ${linked}`);
    } else if (anchor && linked.endsWith('.md') && !anchors(html(read(linked))).has(anchor)) {
      problems.push(`${document} links to ${target}: ${linked} has no such heading`);
    }
  }
  return problems;
}

describe('the documents', () => {
  it(`keeps the README at most ${README_MAX_LINES} lines`, () => {
    const lines = read('README.md').split('\n').length - 1;
    assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines: move what is for contributors to CONTRIBUTING.md or docs/architecture.md`);
  });

  it('names every command and setting of the manifest in the README', () => {
    const readme = read('README.md');
    const commands: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command);
    const settings = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(commands.length > 20 && settings.length > 5, `${commands.length} commands, ${settings.length} settings`);
    const missing = [...commands, ...settings].filter((id) => !readme.includes(`| \`${id}\` |`));
    assert.deepEqual(missing, [], 'each needs a row in the README’s Commands or Settings table');
  });

  it('shows the two commands first in CONTRIBUTING.md, and the README links to it', () => {
    const opening = /^# .+\n\n```sh\n([\s\S]*?)```/.exec(read('CONTRIBUTING.md'));
    assert.equal(opening?.[1], 'npm run demo\nnpm test\n', 'CONTRIBUTING.md opens with its title, then the two commands');
    assert.ok(targets(html(read('README.md'))).includes('CONTRIBUTING.md'));
  });

  it('links only to files and headings the repository has, from every Markdown file', () => {
    const documents = markdownFiles();
    assert.ok(
      ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'docs/architecture.md'].every((file) => documents.includes(file)),
      documents.join(', '),
    );
    assert.deepEqual(documents.flatMap(brokenLinks), []);
  });
});
