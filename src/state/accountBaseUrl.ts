// Where an organization's requests go. No 'vscode' here.
import type { Account } from './accounts';
import { originOf } from './keyOrigin';

/**
 * The base URL setting, unless it points at the origin of another organization added here: then the key's
 * own base URL, so each key only ever goes to its own origin. With one organization it is always the setting.
 */
export function requestBaseUrl(setting: string, keyOrigin: string, account: Account, accounts: readonly Account[]): string {
  const settingOrigin = originOf(setting);
  if (settingOrigin === keyOrigin) return setting;
  const other = accounts.some((a) => a.id !== account.id && a.kind !== 'sample' && a.origin === settingOrigin);
  if (!other) return setting;
  if (account.baseUrl && originOf(account.baseUrl) === keyOrigin) return account.baseUrl;
  // The setting's path at the key's origin (the key's base URL is not known for a key stored before).
  const url = new URL(setting);
  return `${keyOrigin}${url.pathname}`;
}
