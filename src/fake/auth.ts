// Close's authentication as the fake checks it: the key as Basic `base64("<key>:")` or as `Bearer <key>`, an
// OAuth access token as `Bearer <token>`, the 401 body word for word, and random keys in the shape Close's keys have.
import { randomBytes } from 'node:crypto';

/** How a request authenticated; the key itself is never recorded. */
export type Authorization = 'basic' | 'bearer' | 'none' | 'invalid';

/** Close's 401 body, word for word (two spaces after "requested."). */
export const UNAUTHORIZED_MESSAGE =
  "The server could not verify that you are authorized to access the URL requested.  You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";

/** A random key in the shape Close's keys have (`api_` + 22 + `.` + 22 characters). */
export function randomApiKey(): string {
  const part = (): string =>
    randomBytes(24)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 22)
      .padEnd(22, 'x');
  return `api_${part()}.${part()}`;
}

/**
 * What the Authorization header says, and the key it presented (also a wrong one, which rate limits count).
 * `oauthToken`, when the server has one, is accepted as Bearer only (a token is no key for Basic).
 */
export function authorize(header: string | undefined, key: string, oauthToken?: string): { kind: Authorization; token: string } {
  if (header === undefined || header.trim() === '') return { kind: 'none', token: '' };
  const match = /^(\S+)\s+(.+)$/.exec(header.trim());
  if (!match) return { kind: 'invalid', token: header };
  const scheme = match[1].toLowerCase();
  if (scheme === 'bearer') return { kind: match[2] === key || (oauthToken !== undefined && match[2] === oauthToken) ? 'bearer' : 'invalid', token: match[2] };
  if (scheme === 'basic') {
    const decoded = Buffer.from(match[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    return { kind: colon >= 0 && user === key ? 'basic' : 'invalid', token: user };
  }
  return { kind: 'invalid', token: header };
}
