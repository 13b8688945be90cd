import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, summaryHtml } from '../../../../src/features/summary/summaryHtml';
import { makeNonce } from '../../../../src/shared/nonce';

const page = () =>
  summaryHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/summary.css',
    title: 'Summary',
    lang: 'en',
  });

describe('summary webview page', () => {
  it('has a CSP that allows nothing but the nonce script and the webview resources', () => {
    assert.equal(contentSecurityPolicy('SRC', 'N'), "default-src 'none'; script-src 'nonce-N'; style-src SRC; font-src SRC; img-src SRC");
    assert.doesNotMatch(page(), /unsafe-inline|unsafe-eval/);
  });

  it('loads one script, carrying the nonce, and no inline script or style', () => {
    const html = page();
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script type="module" nonce="abc123" src="[^"]+main\.js"><\/script>/);
    assert.doesNotMatch(html, /<style|style=/);
  });

  it('holds no data: everything arrives by message', () => {
    assert.match(page(), /<main id="app" aria-busy="true"><\/main>/);
  });

  it('makes nonces of 32 base62 characters', () => {
    const nonce = makeNonce((size) => Uint8Array.from({ length: size }, (_, i) => i * 7));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  });
});
