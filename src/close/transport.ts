// One HTTP GET, nothing more: no retries, no parsing. Node's own `http`/`https` modules, because that is where
// VS Code's extension host applies its whole network layer: `http.proxy`, `http.proxySupport`, `http.noProxy`,
// `http.proxyStrictSSL`, proxy authentication (Basic, Kerberos), the system proxy, and the operating system's
// certificates added to Node's own (so `NODE_EXTRA_CA_CERTS` keeps working too). VS Code hooks the modules by
// their plain names, so they are required as 'http' and 'https', never 'node:https'. (undici, bundled or by name,
// only gets that layer through the global `fetch`, whose certificate list leaves `NODE_EXTRA_CA_CERTS` out: see
// docs/architecture.md, "Network".)
import type * as Http from 'http';
import type * as Https from 'https';
import type { HeaderMap } from './rateLimit';

export interface SendOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs: number;
  /** The body is read up to this many bytes, then the connection is dropped. */
  maxBytes: number;
  /** A whole 2xx body is kept as bytes (`bytes`) instead of decoded to `text`: pages waiting their turn stay outside the JS heap. */
  keepBytes?: boolean;
  /**
   * Connection pool; undefined: Node's global agent, which is what VS Code wraps with the proxy it resolves.
   * (With `http.proxySupport: on`, VS Code leaves a request with an agent of its own alone.)
   */
  agent?: Http.Agent;
}

/** What came back, or what went wrong, in one attempt. */
export interface RawAnswer {
  /** Undefined when no response arrived (then `failure` says why). */
  status?: number;
  headers: HeaderMap;
  text: string;
  /** The body undecoded, instead of `text`, when `keepBytes` was asked for and a whole 2xx body arrived. */
  bytes?: Buffer;
  /** Body bytes received. */
  received: number;
  /** The error that stopped the request or the body. */
  failure?: unknown;
  /** The response started but the body was cut off (`failure` has the reason). */
  bodyCut: boolean;
  /** The body was longer than `maxBytes`; the rest was not read. */
  tooLarge: boolean;
  /** Our own timeout fired. */
  timedOut: boolean;
}

interface Modules {
  http: typeof Http;
  https: typeof Https;
}
let modules: Modules | undefined;
/** Required on the first request, by their plain names (the names VS Code's extension host hooks). */
function load(): Modules {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return (modules ??= { http: require('http') as typeof Http, https: require('https') as typeof Https });
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** A keep-alive pool per protocol, for a client that brings its own (plain Node: tests, benchmarks). */
export function ownAgents(maxSockets: number): { agentFor: (url: URL) => Http.Agent; close: () => void } {
  const agents = new Map<string, Http.Agent>();
  return {
    agentFor(url) {
      let agent = agents.get(url.protocol);
      if (!agent) {
        const { http, https } = load();
        const options = { keepAlive: true, maxSockets, keepAliveMsecs: 10_000 };
        agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
        agents.set(url.protocol, agent);
      }
      return agent;
    },
    close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** One GET with a timeout over headers and body together; never rejects (the answer says what happened). */
export function sendOnce(url: URL, options: SendOptions): Promise<RawAnswer> {
  const { http, https } = load();
  const answer: RawAnswer = { headers: {}, text: '', received: 0, bodyCut: false, tooLarge: false, timedOut: false };
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const parent = options.signal;
    const finish = (failure?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
      if (failure !== undefined) {
        answer.failure = failure;
        answer.bodyCut = answer.status !== undefined;
      }
      const body = Buffer.concat(chunks);
      const whole2xx = failure === undefined && !answer.tooLarge && answer.status !== undefined && answer.status >= 200 && answer.status < 300;
      if (options.keepBytes && whole2xx) answer.bytes = body;
      else answer.text = body.toString('utf8');
      resolve(answer);
    };
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'GET', headers: options.headers, ...(options.agent ? { agent: options.agent } : {}) },
      (response) => {
        answer.status = response.statusCode;
        answer.headers = response.headers;
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          answer.received += chunk.length;
          if (answer.received > options.maxBytes) {
            // A proxy gone wrong can stream without end: the extension host must not hold it all.
            answer.tooLarge = true;
            finish();
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => finish());
        response.on('error', (error) => finish(error));
        response.on('close', () => {
          if (!response.complete) finish(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
        });
      },
    );
    const timer = setTimeout(() => {
      answer.timedOut = true;
      request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    }, options.timeoutMs);
    const onAbort = () => request.destroy(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
    if (parent?.aborted) onAbort();
    else parent?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish(error));
    request.end();
  });
}

/** The innermost error code in an error and its causes. */
export function errorCode(error: unknown): string | undefined {
  let code: string | undefined;
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') code = e.code;
  }
  return code;
}

/** The innermost message of an error chain. */
export function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let e = (error as { cause?: unknown } | undefined)?.cause, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && e.message) message = e.message;
  }
  return message;
}

/** TLS certificate verification failures (Node's and OpenSSL's codes). */
export const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** VS Code's proxy agent could not reach the proxy, or a tunnel was refused: "Failed to establish a socket connection to proxies". */
export function isProxyFailure(error: unknown): boolean {
  return /socket connection to proxies|Proxy response \(\d{3}\)|tunneling socket/i.test(innermostMessage(error));
}
