// Signing out of organizations, and clients for the ones a window does not show (the hover looks there too).
// In dist/later.js: a command or a hover needs them.
import type { CloseClient } from '../close/client';
import { isAbortError } from '../close/errors';
import type { Opportunity } from '../close/types';
import { requestBaseUrl } from './accountBaseUrl';
import { LEGACY_SECRET, secretNameOf, type Account } from './accounts';
import { turnOffDemoSetting } from './clientOptions';
import { originOf } from './keyOrigin';
import type { Organizations } from './organizations';

/** What GET /me/ said of the shown organization, or where its key is bound now. */
export function relabelShown(organizations: Organizations, change: Partial<Pick<Account, 'label' | 'origin' | 'baseUrl' | 'organization'>>): void {
  const account = organizations.active;
  if (account && Object.entries(change).some(([k, v]) => account[k as keyof Account] !== v)) void organizations.store.put({ ...account, ...change });
}

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

/**
 * An id not found in the organization shown, looked up in the others (each with its own key at its own origin),
 * in the order they were added; undefined when none has it.
 */
export async function findInOtherOrganizations(
  organizations: Organizations,
  id: string,
  signal?: AbortSignal,
): Promise<{ opportunity: Opportunity; account: Account } | undefined> {
  for (const account of organizations.list()) {
    if (account.id === organizations.activeId) continue;
    const client = await clientOfAccount(organizations, account);
    if (!client) continue;
    try {
      return { opportunity: await client.getOpportunity(id, signal), account };
    } catch (error) {
      if (isAbortError(error)) throw error;
      // Not there, or that organization cannot be reached now: the next one.
    } finally {
      void client.close().catch(() => undefined);
    }
  }
  return undefined;
}
