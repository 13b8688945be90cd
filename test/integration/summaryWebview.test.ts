// How the summary webview is set up inside a real VS Code: what it may load and run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './extensionApi';

/** A stand-in WebviewView that records what the provider sets, with the real webview's URI scheme. */
function recordingView() {
  let dispose: () => void = () => {};
  const none = { dispose() {} };
  const webview = {
    options: {} as vscode.WebviewOptions,
    html: '',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    asWebviewUri: (uri: vscode.Uri) => uri.with({ scheme: 'https', authority: 'file+.vscode-resource.vscode-cdn.net' }),
    onDidReceiveMessage: () => none,
    postMessage: () => Promise.resolve(true),
  };
  const view = {
    webview,
    visible: false,
    onDidChangeVisibility: () => none,
    onDidDispose: (listener: () => void) => {
      dispose = listener;
      return none;
    },
  };
  return { view: view as unknown as vscode.WebviewView, webview, dispose: () => dispose() };
}

describe('Summary webview set-up (inside VS Code)', () => {
  it('may load files from the webview bundle folder only, and runs only its own nonce script', async () => {
    const ext = await api();
    const { view, webview, dispose } = recordingView();
    ext.summary.resolveWebviewView(view);
    try {
      const extensionUri = vscode.extensions.getExtension('close-opportunities.close-opportunities')!.extensionUri;
      assert.deepEqual(
        webview.options.localResourceRoots?.map((uri) => uri.toString()),
        [vscode.Uri.joinPath(extensionUri, 'dist', 'webview').toString()],
      );
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(webview.html)?.[1] ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const loaded = [...webview.html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(loaded.length >= 2, webview.html);
      assert.ok(
        loaded.every((uri) => uri.includes('/dist/webview/')),
        loaded.join('\n'),
      );
    } finally {
      dispose();
    }
  });
});
