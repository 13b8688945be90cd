// "Close: Test Connection": what happens between this editor and Close, step by step, each with its time.
// No 'vscode' here: the caller says which proxy VS Code would use and hands in a client built like the real one.
import type * as Dns from 'dns/promises';
import type { CloseClient, RequestLogEntry } from './client';
import { CloseError } from './errors';
import { probeCertificate, type ProxyTunnelOptions } from './networkErrors';
import type { Me } from './types';

export type StepName = 'proxy' | 'dns' | 'tls' | 'key' | 'rateLimit';

export interface DiagnosisStep {
  step: StepName;
  /** true: fine; false: this is where it fails; undefined: informational or not checked. */
  ok?: boolean;
  /** One line a person reads, never the key. */
  detail: string;
  durationMs?: number;
}

export interface DiagnoseOptions {
  base: URL;
  /** The proxy VS Code would use for `base`, if any (credentials are never shown). */
  proxy?: URL;
  /** How that choice was made, e.g. "http.proxy", "HTTPS_PROXY", "none configured". */
  proxySource: string;
  /** Runs the key check (`GET /me/`); undefined when there is no key to check. */
  client?: CloseClient;
  /** The newest answered request the client reported (read after the key check, for the rate-limit window). */
  lastAnswered?: () => RequestLogEntry | undefined;
  describeMe?: (me: Me) => string;
  /** Why there is no client to check the key with (default: no key set). */
  noClient?: string;
  timeoutMs?: number;
  /** CAs trusted for an https:// proxy's own certificate (default: Node's, with those VS Code adds). */
  proxyCa?: ProxyTunnelOptions['proxyCa'];
}

const since = (start: number) => Math.round(performance.now() - start);

/** A proxy URL without its user name and password. */
export function proxyText(proxy: URL): string {
  const shown = new URL(proxy.href);
  shown.username = '';
  shown.password = '';
  return shown.href.replace(/\/$/, '');
}

export async function diagnoseConnection(options: DiagnoseOptions): Promise<DiagnosisStep[]> {
  const { base } = options;
  const host = base.hostname.replace(/^\[|\]$/g, '');
  const steps: DiagnosisStep[] = [];

  steps.push({
    step: 'proxy',
    detail: options.proxy ? `${proxyText(options.proxy)} (from ${options.proxySource})` : `none (${options.proxySource})`,
  });

  let start = performance.now();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dns = require('dns/promises') as typeof Dns;
    const addresses = await dns.lookup(host, { all: true });
    steps.push({ step: 'dns', ok: true, detail: `${host} → ${addresses.map((a) => a.address).join(', ')}`, durationMs: since(start) });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'failed';
    steps.push({
      step: 'dns',
      ok: options.proxy ? undefined : false,
      detail: options.proxy
        ? `${host} is not resolved here (${code}); the proxy resolves it`
        : `${host} could not be resolved (${code}): if this network reaches the internet through a proxy, set http.proxy`,
      durationMs: since(start),
    });
  }

  if (base.protocol === 'https:') {
    start = performance.now();
    const cert = await probeCertificate(base, options.proxy, { timeoutMs: options.timeoutMs ?? 5000, proxyCa: options.proxyCa }).catch(() => undefined);
    if (!cert) {
      steps.push({ step: 'tls', ok: false, detail: `no TLS connection to ${base.host}${options.proxy ? ' through the proxy' : ''}`, durationMs: since(start) });
    } else {
      const trust = cert.authorized ? 'trusted' : `NOT trusted (${cert.authorizationError ?? 'unknown reason'})`;
      steps.push({
        step: 'tls',
        ok: cert.authorized,
        detail: `certificate for ${cert.subject}, issued by ${cert.issuer}, valid until ${cert.validTo}: ${trust}`,
        durationMs: since(start),
      });
    }
  } else {
    steps.push({ step: 'tls', detail: `plain http:// to this machine (${base.host}): no TLS` });
  }

  if (!options.client) {
    steps.push({ step: 'key', detail: options.noClient ?? 'no API key set: nothing to check' });
    return steps;
  }
  start = performance.now();
  try {
    const me = await options.client.me();
    steps.push({ step: 'key', ok: true, detail: `GET me/ accepted the key: ${options.describeMe?.(me) ?? me.id}`, durationMs: since(start) });
  } catch (error) {
    const message = error instanceof CloseError || error instanceof Error ? error.message : String(error);
    steps.push({ step: 'key', ok: false, detail: `GET me/ failed: ${message}`, durationMs: since(start) });
  }
  const answered = options.lastAnswered?.();
  const limit = answered?.rateLimit;
  steps.push({
    step: 'rateLimit',
    detail: limit
      ? `limit ${limit.limit ?? '?'} per window, ${limit.remaining ?? '?'} remaining, resets in ${limit.resetSeconds ?? '?'} s`
      : answered
        ? 'the answer carried no rate-limit headers'
        : 'no answer to read them from',
  });
  return steps;
}
