// The stored API key is bound to the origin it was checked against. Pure: no 'vscode' here.
import type { Me } from '../close/types';

/** Where a key stored before keys were bound (a plain secret) was checked: Close itself. */
export const CLOSE_ORIGIN = 'https://api.close.com';

/** The key and the origin (`https://host[:port]`) whose GET /me/ accepted it. */
export interface StoredKey {
  key: string;
  origin: string;
}

/** Reads the secret: `{"key", "origin"}`, or a plain key from before (bound to api.close.com). */
export function parseStoredKey(secret: string | undefined): StoredKey | undefined {
  if (!secret) return undefined;
  if (secret.startsWith('{')) {
    try {
      const parsed = JSON.parse(secret) as Partial<StoredKey>;
      if (typeof parsed.key === 'string' && parsed.key && typeof parsed.origin === 'string' && originOf(parsed.origin) === parsed.origin) {
        return { key: parsed.key, origin: parsed.origin };
      }
    } catch {
      // not ours: treat it as a plain key below
    }
  }
  return { key: secret, origin: CLOSE_ORIGIN };
}

export function serializeStoredKey(stored: StoredKey): string {
  return JSON.stringify({ key: stored.key, origin: stored.origin });
}

/** `https://host[:port]` of a base URL (no path, no user name or password); undefined when it is not a URL. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** `host[:port]` of an origin, as the user reads it. */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** "Alice Anders (Example Inc)", plus "at host" when the key talks to anything but api.close.com. */
export function whoAtOrigin(me: Me, origin: string = CLOSE_ORIGIN, at = (who: string, host: string) => `${who} at ${host}`): string {
  const name = [me.first_name, me.last_name].filter(Boolean).join(' ') || me.email || me.id;
  const org = me.organizations?.[0]?.name;
  const who = org ? `${name} (${org})` : name;
  return origin === CLOSE_ORIGIN ? who : at(who, hostOf(origin));
}
