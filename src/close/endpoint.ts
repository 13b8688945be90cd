// Where the client sends and with what credentials, checked before anything is sent: the base URL (https://,
// or plain http:// to this machine only) and the Authorization header of a key or an OAuth token.
import { CloseError, InsecureTransportError } from './errors';
import { createScrubber, scrubCredentials } from './scrub';

/** An API key (sent as Basic `key:`) or an OAuth access token (sent as Bearer). */
export type Credentials = { apiKey: string } | { oauthToken: string };

/**
 * What a pasted secret is: Close's API keys start with `api_`; anything else is taken for an OAuth access
 * token (Close's OAuth apps issue them), sent as Bearer. A token is not refreshed: when it expires, Close
 * answers 401 and the user is asked for a new one, as for a revoked key.
 */
export function credentialsOf(secret: string): Credentials {
  return secret.startsWith('api_') ? { apiKey: secret } : { oauthToken: secret };
}

/** True for 127.0.0.0/8, ::1 (also IPv4-mapped loopback) and localhost: plain http stays on this machine there. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(host);
}

/**
 * The base URL requests are resolved against: without user info, query or fragment, ending in `/`. Throws
 * InsecureTransportError for http:// to anything but loopback, and INVALID_BASE_URL for what is not http(s).
 */
export function apiBase(baseUrl: string): URL {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new CloseError(
      'INVALID_BASE_URL',
      `“${scrubCredentials(String(baseUrl))}” is not a URL. Set closeOpportunities.apiBaseUrl to e.g. https://api.close.com/api/v1/.`,
    );
  }
  base.username = '';
  base.password = '';
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  if (base.protocol === 'http:') {
    if (!isLoopbackHost(base.hostname)) {
      throw new InsecureTransportError(
        `Refusing to send the Close API key over plain http:// to ${base.hostname}: use https://. ` +
          'Plain http:// is only allowed to this machine (127.0.0.1, ::1, localhost).',
      );
    }
  } else if (base.protocol !== 'https:') {
    throw new CloseError('INVALID_BASE_URL', `The Close API base URL must start with https:// (it starts with ${base.protocol}//).`);
  }
  return base;
}

/** What to send for credentials, and how to take them out of any text. */
export interface Authorization {
  /** The Authorization header's value. */
  header: string;
  /** Takes every spelling of the secret (and any other credential) out of text, for messages and the log. */
  scrub: (text: string) => string;
  usesOAuth: boolean;
}

/** Throws INVALID_CREDENTIALS for a key or token that is empty or holds spaces or control characters. */
export function authorizationFor(credentials: Credentials): Authorization {
  const given = credentials as Partial<{ apiKey: unknown; oauthToken: unknown }>;
  if ('oauthToken' in given) {
    const token = given.oauthToken;
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
      throw new CloseError('INVALID_CREDENTIALS', 'The OAuth access token is empty or contains spaces or control characters.');
    }
    return { header: `Bearer ${token}`, scrub: createScrubber([token]), usesOAuth: true };
  }
  const key = given.apiKey;
  if (typeof key !== 'string' || !/^[\x21-\x7e]+$/.test(key)) {
    throw new CloseError('INVALID_CREDENTIALS', 'The API key is empty or contains spaces or control characters. Set it again with “Close: Set API Key”.');
  }
  return { header: `Basic ${Buffer.from(`${key}:`).toString('base64')}`, scrub: createScrubber([key]), usesOAuth: false };
}
