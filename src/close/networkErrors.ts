// What a failed connection means to the user, and which setting fixes it. Also the certificate probe that
// names the certificate a host presents (used when TLS verification fails, and by "Close: Test Connection").
import type * as Net from 'net';
import type * as Tls from 'tls';
import { CERTIFICATE_CODES, errorCode, innermostMessage, isProxyFailure } from './transport';

/* eslint-disable @typescript-eslint/no-require-imports */
// Loaded when a certificate is to be named or a tunnel opened, never at activation (tls alone costs ~8 ms).
const net = (): typeof Net => require('net') as typeof Net;
const tls = (): typeof Tls => require('tls') as typeof Tls;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Why a connection failed, for messages and for the buttons offered with them. */
export type NetworkFailureReason = 'dns' | 'connect' | 'proxy' | 'certificate' | 'reset' | 'other';

/**
 * Failures worth another try: the next attempt may well get through. Not ECONNREFUSED: the host answered at
 * once that nothing listens there, which a second's backoff does not change (Refresh tries again).
 */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Node's own advice on an untrusted certificate (a command-line flag): a VS Code user cannot act on it, the hint below says what to do. */
const NODE_CA_ADVICE = /;?\s*if the root CA is installed locally, try running Node\.js with --use-system-ca\.?/gi;

const PROXY_HINT = "If this network reaches the internet through a proxy, set it in VS Code's http.proxy setting (and check http.proxySupport).";
/** Where to look next, added to every hint about the network. */
const TEST_HINT = '“Close: Test Connection” shows each step.';

export interface DescribedFailure {
  reason: NetworkFailureReason;
  code: string;
  transient: boolean;
  /** What happened, e.g. "Could not reach Close at api.close.com (ECONNREFUSED)". */
  message: string;
  /** What to do about it (appended once retries are spent). */
  hint: string;
}

/** A certificate as a person reads it. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  validTo: string;
  /** SHA-256 fingerprint. */
  fingerprint: string;
  /** Whether Node trusted it on this connection, and if not why. */
  authorized: boolean;
  authorizationError?: string;
}

/** Fetches the certificate `url`'s host presents; undefined when it cannot be had. */
export type CertificateProbe = (url: URL) => Promise<CertificateInfo | undefined>;

/** The certificate's name parts, e.g. "CN=api.close.com, O=Close". */
function names(part: Record<string, string | string[]> | undefined): string {
  if (!part) return '';
  const order = ['CN', 'O', 'OU', 'C'];
  return order
    .filter((key) => part[key] !== undefined)
    .map((key) => `${key}=${([] as string[]).concat(part[key]).join('+')}`)
    .join(', ');
}

/** The certificate a host presents, read over a TLS connection that does not verify it (only to name it). */
export function peerCertificate(host: string, port: number, options: { timeoutMs?: number; socket?: Net.Socket } = {}): Promise<CertificateInfo | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), options.timeoutMs ?? 3000);
    const socket = tls().connect({
      host,
      port,
      servername: net().isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ...(options.socket ? { socket: options.socket } : {}),
    });
    function done(info: CertificateInfo | undefined) {
      clearTimeout(timer);
      socket.destroy();
      resolve(info);
    }
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert?.subject) return done(undefined);
      done({
        subject: names(cert.subject as unknown as Record<string, string>),
        issuer: names(cert.issuer as unknown as Record<string, string>),
        validTo: cert.valid_to,
        fingerprint: cert.fingerprint256,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
      });
    });
    socket.once('error', () => done(undefined));
  });
}

/** The default probe: straight to the host (a proxy in between may show another certificate, or none). */
export const directCertificateProbe: CertificateProbe = (url) => peerCertificate(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 443));

/** Turns a failed request into a message that names the likely cause and the setting that fixes it. */
export async function describeNetworkFailure(base: URL, failure: unknown, probe?: CertificateProbe): Promise<DescribedFailure> {
  const host = base.host;
  const code = errorCode(failure) ?? 'ERROR';
  if (isProxyFailure(failure)) {
    return {
      reason: 'proxy',
      code,
      transient: false,
      message: `Could not get through the proxy to ${host} (${innermostMessage(failure)}).`,
      hint: `Check VS Code's http.proxy setting (and http.proxySupport), and that the proxy lets you reach this host. ${TEST_HINT}`,
    };
  }
  if (CERTIFICATE_CODES.has(code)) {
    const cert = await probe?.(base).catch(() => undefined);
    const named = cert ? ` It presented a certificate for ${cert.subject} issued by ${cert.issuer}.` : '';
    const hint =
      "If your company's proxy or firewall inspects TLS, trust its CA the way VS Code does: add it to the operating system's certificate store " +
      '(VS Code reads it when http.systemCertificates is on) or name its file in the NODE_EXTRA_CA_CERTS environment variable. ' +
      `For requests through a proxy, http.proxyStrictSSL: false turns the check off (not recommended). ${TEST_HINT}`;
    return {
      reason: 'certificate',
      code,
      transient: false,
      message: `The TLS certificate of ${host} is not trusted (${code}: ${innermostMessage(failure).replace(NODE_CA_ADVICE, '')}).${named} Nothing was sent to it.`,
      hint,
    };
  }
  if (DNS_CODES.has(code)) {
    return {
      reason: 'dns',
      code,
      transient: TRANSIENT_CODES.has(code),
      message: `Could not find the host ${base.hostname} (${code}).`,
      hint: `${PROXY_HINT} Otherwise check your connection. ${TEST_HINT}`,
    };
  }
  if (CONNECT_CODES.has(code)) {
    return {
      reason: 'connect',
      code,
      transient: TRANSIENT_CODES.has(code),
      message: `Could not reach Close at ${host} (${code})`,
      hint: `Check your connection and try again. ${PROXY_HINT} ${TEST_HINT}`,
    };
  }
  const known = TRANSIENT_CODES.has(code);
  return {
    reason: known ? 'reset' : 'other',
    code,
    transient: known,
    message: `Could not reach Close at ${host} (${known ? code : `${code}: ${innermostMessage(failure)}`})`,
    hint: 'Check your connection and try again.',
  };
}

export interface ProxyTunnelOptions {
  /** Default 5000. */
  timeoutMs?: number;
  /** CAs trusted for an https:// proxy's own certificate (default: Node's, with those VS Code adds). */
  proxyCa?: string | Buffer | (string | Buffer)[];
}

/**
 * Opens a tunnel to host:port through a proxy (CONNECT), as a proxied HTTPS request would. An https:// proxy is
 * spoken to over TLS, its certificate verified, before its user name and password are sent.
 */
export function tunnelThroughProxy(proxy: URL, host: string, port: number, options: ProxyTunnelOptions = {}): Promise<Net.Socket> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const secure = proxy.protocol === 'https:';
    const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
    const proxyPort = Number(proxy.port || (secure ? 443 : 80));
    const socket = secure
      ? tls().connect({
          host: proxyHost,
          port: proxyPort,
          servername: net().isIP(proxyHost) ? undefined : proxyHost,
          ...(options.proxyCa ? { ca: options.proxyCa } : {}),
        })
      : net().connect(proxyPort, proxyHost);
    const timer = setTimeout(() => fail(new Error(`the proxy did not answer within ${timeoutMs} ms`)), timeoutMs);
    let answer = '';
    function fail(error: Error) {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.once('error', fail);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      const auth = proxy.username
        ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
        : '';
      socket.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n${auth}\r\n`);
    });
    const onData = (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (answer.length > 16_384) fail(new Error('the proxy sent an endless header'));
        return;
      }
      socket.off('data', onData);
      clearTimeout(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1];
      if (status !== '200') {
        socket.destroy();
        reject(new Error(`Proxy response (${status ?? '?'}) !== 200 when HTTP Tunneling`));
        return;
      }
      socket.off('error', fail);
      resolve(socket);
    };
    socket.on('data', onData);
  });
}

/** The certificate `url`'s host presents, through `proxy` when one is given. */
export async function probeCertificate(url: URL, proxy?: URL, options: ProxyTunnelOptions = {}): Promise<CertificateInfo | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const timeoutMs = options.timeoutMs ?? 5000;
  if (!proxy) return peerCertificate(host, port, { timeoutMs });
  const socket = await tunnelThroughProxy(proxy, host, port, options).catch(() => undefined);
  return socket ? peerCertificate(host, port, { timeoutMs, socket }) : undefined;
}
