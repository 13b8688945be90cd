// What VS Code's network settings say about reaching a URL. Requests themselves go through the extension
// host's `fetch`, which VS Code wraps with its own proxy resolution (this file never routes a request); this is
// what "Close: Test Connection" reports and where the certificate probe tunnels when TLS verification fails.
import * as vscode from 'vscode';
import { bypassesProxy, parseProxy } from '../close/proxyConfig';

export interface ProxyChoice {
  /** The proxy a request to the URL goes through, when one is configured for it. */
  url?: URL;
  /** Where that came from, in words: "http.proxy", "HTTPS_PROXY", "http.noProxy lists api.close.com", … */
  source: string;
}

/** The proxy VS Code's settings and the environment name for `target` (a system proxy or PAC file is VS Code's own business). */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): ProxyChoice {
  const http = vscode.workspace.getConfiguration('http');
  const support = http.get<string>('proxySupport', 'override');
  if (support === 'off') return { source: 'http.proxySupport is off: VS Code leaves extension requests alone' };
  const noProxy = [...http.get<string[]>('noProxy', []), ...(env.NO_PROXY ?? env.no_proxy ?? '').split(',')];
  const fromSetting = parseProxy(http.get<string>('proxy'));
  const fromEnv =
    target.protocol === 'https:' ? parseProxy(env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : parseProxy(env.HTTP_PROXY ?? env.http_proxy);
  const url = fromSetting ?? fromEnv;
  if (!url) return { source: 'none configured in http.proxy or the environment; a system proxy may still apply' };
  if (bypassesProxy(target, noProxy)) return { source: `http.noProxy / NO_PROXY lists ${target.hostname}` };
  return { url, source: fromSetting ? 'http.proxy' : 'the HTTPS_PROXY/HTTP_PROXY environment variable' };
}
