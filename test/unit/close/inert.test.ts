// Server text in notifications, quick picks, the tree message and tooltips is never a live link or icon.
import * as assert from 'node:assert/strict';
import { inertText } from '../../../src/close/inert';

// What VS Code's notifications and quick input messages turn into links (vs/base/common/linkedText.ts).
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
// A CommonMark renderer with GFM's autolinks (`www.` and `scheme://`, as VS Code's Markdown has them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(text: string): string; linkify: { set(options: object): void } };
const md = new MarkdownIt({ html: false, linkify: true });
md.linkify.set({ fuzzyLink: false });

const HOSTILE: [string, string][] = [
  ['a command link', 'Acme [Open](command:workbench.action.terminal.new) Inc'],
  ['a command link with arguments', '[x](command:vscode.open?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D)'],
  ['a web link', '[Click to verify your key](https://evil.com/phish)'],
  ['a web link with a title', '[x](https://evil.com "Close support")'],
  ['a file link', '[x](file:///etc/passwd)'],
  ['an image', '![logo](https://evil.com/pixel.png)'],
  ['an autolink', 'see <https://evil.com/>'],
  ['a command autolink', 'see <command:workbench.action.reloadWindow>'],
  ['a bare URL', 'call https://evil.com/path?x=1 now'],
  ['a www address', 'visit www.evil.com today'],
  ['a codicon', '$(warning) Your key expired'],
];

describe('inert server text', () => {
  for (const [name, text] of HOSTILE) {
    it(`makes ${name} inert in notifications and Markdown`, () => {
      const inert = inertText(text);
      assert.equal(inert.match(NOTIFICATION_LINK), null, inert);
      const html = md.render(inert);
      assert.ok(!/<a |<img /.test(html), html);
      assert.ok(!inert.includes('$('), inert);
    });

    it(`keeps ${name} reading the same`, () => {
      assert.equal(inertText(text).replace(/\u2060/g, ''), text);
    });
  }

  it('leaves ordinary names untouched', () => {
    for (const name of ['Alice Anders (Example Inc)', 'Müller & Söhne GmbH', 'Walter العلي', 'Q1: 50% [draft]', 'a@b.example']) {
      assert.equal(inertText(name), name);
    }
  });

  it('puts the text on one line without control characters', () => {
    assert.equal(inertText(' Acme\n\r\tCorp\u0007 '), 'Acme Corp');
  });

  it('is a no-op on text already made inert', () => {
    const once = inertText(HOSTILE.map(([, text]) => text).join(' '));
    assert.equal(inertText(once), once);
  });
});
