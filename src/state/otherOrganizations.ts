// Signing out of organizations, and clients for the ones a window does not show (the hover looks there too).
// In dist/later.js: a command or a hover needs them.
import type { CloseClient } from '../close/client';
import { requestBaseUrl } from './accountBaseUrl';
import { LEGACY_SECRET, secretNameOf, type Account } from './accounts';
import { turnOffDemoSetting } from './clientOptions';
import { originOf } from './keyOrigin';
import type { Organizations } from './organizations';

/** Removes one account (its key, or sample data) or all of them; returns those removed. */
export async function removeAccounts(organizations: Organizations, accountId: string | undefined): Promise<Account[]> {
  const secrets = organizations.context.secrets;
  const leaving = organizations.list().filter((a) => accountId === undefined || a.id === accountId);
  for (const account of leaving) {
    await organizations.store.remove(account.id);
    if (account.kind !== 'sample') await secrets.delete(secretNameOf(account.id));
    else {
      await organizations.host.stopSample();
      await turnOffDemoSetting();
    }
  }
  if (accountId === undefined) await secrets.delete(LEGACY_SECRET);
  return leaving;
}

/** A client for an organization not shown, at its key's own origin only; the caller closes it. */
export async function clientOfAccount(organizations: Organizations, account: Account): Promise<CloseClient | undefined> {
  const host = organizations.host;
  if (account.kind === 'sample') {
    const server = host.sampleServer();
    return server && host.newClient(server.url, server.key);
  }
  const stored = await organizations
    .secretOf(account)
    .read()
    .catch(() => undefined);
  if (!stored) return undefined;
  const baseUrl = requestBaseUrl(host.setting(), stored.origin, account, organizations.list());
  return originOf(baseUrl) === stored.origin ? host.newClient(baseUrl, stored.key) : undefined;
}
