// The stored API key is bound to the origin it was checked against, and names the account it belongs to.
// Pure: no 'vscode' here.
import { isCloseId } from '../close/ids';
import type { Me } from '../close/types';

/** Where a key stored before keys were bound (a plain secret) was checked: Close itself. */
export const CLOSE_ORIGIN = 'https://api.close.com';

/** The key and the origin (`https://host[:port]`) whose GET /me/ accepted it. */
export interface StoredKey {
  key: string;
  origin: string;
  /** Whose key it is, as GET /me/ said (`accountOf`): what was kept for it is found by this before Close answers. */
  account?: string;
}

/** "orga_…/user_…": the organization and user GET /me/ answered with; undefined when it names no organization. */
export function accountOf(me: Me): string | undefined {
  const organization = Array.isArray(me.organizations) ? me.organizations[0]?.id : undefined;
  return isCloseId(organization, 'orga') && isCloseId(me.id, 'user') ? `${organization}/${me.id}` : undefined;
}

/** The organization id of an account ("orga_…/user_…"). */
export function organizationOfAccount(account: string): string {
  return account.slice(0, account.indexOf('/'));
}

/**
 * Whose kept results go when these accounts are removed: their own, found by the account's id ("orga_…/user_…");
 * undefined (all of them) when an id is not such an account (a key of before, migrated without knowing it).
 */
export function keptResultsOf(accountIds: readonly (string | undefined)[]): string[] | undefined {
  const ids = accountIds.filter((id): id is string => id !== undefined && id !== 'sample');
  return ids.every(isAccount) ? ids : undefined;
}

function isAccount(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const [organization, user, ...rest] = value.split('/');
  return rest.length === 0 && isCloseId(organization, 'orga') && isCloseId(user, 'user');
}

/** Reads the secret: `{"key", "origin"}`, or a plain key from before (bound to api.close.com). */
export function parseStoredKey(secret: string | undefined): StoredKey | undefined {
  if (!secret) return undefined;
  if (secret.startsWith('{')) {
    try {
      const parsed = JSON.parse(secret) as Partial<StoredKey>;
      if (typeof parsed.key === 'string' && parsed.key && typeof parsed.origin === 'string' && originOf(parsed.origin) === parsed.origin) {
        return isAccount(parsed.account) ? { key: parsed.key, origin: parsed.origin, account: parsed.account } : { key: parsed.key, origin: parsed.origin };
      }
    } catch {
      // not ours: treat it as a plain key below
    }
  }
  return { key: secret, origin: CLOSE_ORIGIN };
}

export function serializeStoredKey(stored: StoredKey): string {
  return JSON.stringify(stored.account ? { key: stored.key, origin: stored.origin, account: stored.account } : { key: stored.key, origin: stored.origin });
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
