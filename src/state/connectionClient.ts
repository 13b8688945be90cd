// The CloseClient a Connection talks through: the user's settings, VS Code's network layer, and every request
// written to the log with every credential taken out. In dist/later.js (made with the first request).
import type * as vscode from 'vscode';
import { CloseClient, type RequestLogEntry } from '../close/client';
import { credentialsOf } from '../close/endpoint';
import { probeCertificate } from '../close/networkErrors';
import { createScrubber, scrubCredentials } from '../close/scrub';
import type { Translate } from '../close/translate';
import type { Settings } from '../shared/settings';
import { proxyFor } from './networkSettings';

export interface ConnectionClientOptions {
  settings: Settings;
  userAgent: string;
  log: vscode.LogOutputChannel;
  /** Every request that got an answer (any status). */
  onAnswer(entry: RequestLogEntry): void;
  /** `vscode.l10n.t`, for the words of group labels. */
  translate: Translate;
}

/**
 * `GET opportunity/?_limit=100 → 200 (123 ms)`: one request as the log shows it. The client already took
 * the key out; `scrub` takes out any other credential (header values, `user:pass@`) as well.
 */
export function requestLogLine(entry: RequestLogEntry, scrub: (text: string) => string = scrubCredentials): string {
  const retry = entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '';
  const outcome = entry.status !== undefined ? String(entry.status) : (entry.error ?? 'failed');
  const why = entry.status !== undefined && entry.error ? ` ${entry.error}` : '';
  return scrub(`${entry.method} ${entry.url} → ${outcome}${why} (${Math.round(entry.durationMs)} ms)${retry}`);
}

export function newConnectionClient(baseUrl: string, apiKey: string, options: ConnectionClientOptions): CloseClient {
  const { settings, log } = options;
  const scrub = createScrubber([apiKey]);
  return new CloseClient({
    baseUrl,
    credentials: credentialsOf(apiKey),
    userAgent: options.userAgent,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    maxConcurrency: settings.maxConcurrency,
    onWarning: (message) => log.warn(message),
    translate: options.translate,
    // Node's global agent: VS Code's network layer (proxy settings, proxy authentication, system certificates)
    // wraps every request made without an agent of its own.
    sharedAgent: true,
    // When TLS verification fails, the message names the certificate: read it the way the request went.
    certificateProbe: (url) => probeCertificate(url, proxyFor(url).url),
    onRequest: (entry) => {
      const line = requestLogLine(entry, scrub);
      if (entry.status === undefined || entry.status >= 400) log.warn(line);
      else log.info(line);
      if (entry.status !== undefined) options.onAnswer(entry);
    },
  });
}
