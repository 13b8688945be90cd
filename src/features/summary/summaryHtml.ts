// The summary webview's page: a strict CSP, our stylesheet and the script bundle. Pure (the provider passes
// the webview's URIs); the page itself holds no data: everything arrives by message after `ready`.

export interface SummaryHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh for every page, allows our one script. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** BCP 47 tag of VS Code's display language. */
  lang: string;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Content-Security-Policy of the page: nothing but our nonce'd script and the webview's own resources. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource}`].join('; ');
}

export function summaryHtml(o: SummaryHtmlOptions): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="${a(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(o.styleUri)}">
<title>${a(o.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script type="module" nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>
`;
}
