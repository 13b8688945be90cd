import * as assert from 'node:assert/strict';
import { cut, escapeMarkdown } from '../../../src/shared/text';
import { html, links, text } from '../../support/markdown';

describe('hover: Markdown escaping', () => {
  it('shows Markdown and HTML characters literally', () => {
    const hostile = '*bold* _it_ [x](https://evil.example) `code` <b>|</b> # ~~s~~ &amp; \\';
    const rendered = html(escapeMarkdown(hostile));
    assert.equal(text(rendered).trim(), hostile);
    assert.doesNotMatch(rendered, /<(em|strong|code|a|b|s|del)\b/);
  });

  it('turns no bare URL, www address or email into a link', () => {
    const rendered = html(escapeMarkdown('see https://evil.example/x and www.evil.example or evil@example.com'));
    assert.deepEqual(links(rendered), []);
  });

  it('collapses newlines and control characters into single spaces', () => {
    assert.equal(escapeMarkdown('a\n\n# b\u0000\tc'), 'a \\# b c');
  });

  it('cuts long text on whole characters with an ellipsis', () => {
    assert.equal(cut('abcdef', 3), 'abc…');
    assert.equal(cut('ab😀cd', 3), 'ab😀…');
    assert.equal(cut('abc', 3), 'abc');
  });
});
