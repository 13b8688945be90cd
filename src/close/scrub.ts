// Takes credentials out of text a user or the log may see (errors, log lines, messages). Pure, no vscode.

const REDACTED = '[redacted]';

/**
 * Every spelling of a secret worth looking for: as typed, URL-encoded (query string and path), and base64
 * of the secret and of `secret:` (what Basic auth sends), padded or not.
 */
export function secretSpellings(secret: string): string[] {
  if (!secret) return [];
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const spellings = new Set<string>([
    secret,
    new URLSearchParams({ q: secret }).toString().slice(2),
    encodeURIComponent(secret),
    base64(secret),
    base64(`${secret}:`),
    base64(secret).replace(/=+$/, ''),
    base64(`${secret}:`).replace(/=+$/, ''),
  ]);
  return [...spellings].filter((spelling) => spelling.length > 0);
}

/** `Basic …` / `Bearer …` with a credential-looking value (8+ token characters, at least one digit or `+/=`). */
const AUTH_VALUE = /\b(Basic|Bearer)((?:\s|%20|\+)+)([A-Za-z0-9+/_.~-]{8,}=*)/gi;
/** `scheme://user:pass@` (or just `user@`) in a URL, up to its last `@` before the path: a password may hold an `@`. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'<>]*@/gi;

/**
 * A function that replaces, in any letter case, every spelling of the given secrets, the value of any
 * `Basic …`/`Bearer …` credential and any `user:pass@` of a URL with `[redacted]`.
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const spellings = [...new Set(secrets.flatMap(secretSpellings))].sort((a, b) => b.length - a.length);
  const known = spellings.length ? new RegExp(spellings.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'gi') : undefined;
  return (text) => {
    let clean = known ? text.replace(known, REDACTED) : text;
    clean = clean.replace(AUTH_VALUE, (whole, scheme: string, space: string, value: string) => (/[\d+/=]/.test(value) ? `${scheme}${space}${REDACTED}` : whole));
    return clean.replace(URL_USERINFO, `$1${REDACTED}@`);
  };
}

/** Scrubs the generic forms only (credential headers, `user:pass@`), for text where no secret is known. */
export const scrubCredentials = createScrubber([]);

/** True when a URL carries a user name or password (`https://user:pass@host/`). */
export function hasCredentialsInUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/** A URL as kept on disk or in keys: its origin and path only, never a user name, password, query or fragment. */
export function addressWithoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    // Not a URL: whatever looks like `user:pass@` goes all the same.
    return scrubCredentials(url);
  }
}
