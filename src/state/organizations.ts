// The organizations of the connection: the accounts store, the one this window shows, each key's own secret and
// base URL, and clients for the ones not shown (the hover looks there too).
import * as vscode from 'vscode';
import type { CloseClient } from '../close/client';
import { requestBaseUrl } from './accountBaseUrl';
import { AccountStore, LEGACY_SECRET, SAMPLE_ACCOUNT_ID, secretNameOf, type Account } from './accounts';
import type { Me } from '../close/types';
import { CLOSE_ORIGIN, whoAtOrigin } from './keyOrigin';
import { KeySecret } from './keySecret';
/** The sample data server while it runs (features/sampleData/sampleDataServer.ts). */
export interface SampleServer {
  url: string;
  key: string;
}
import { onFirstUse } from '../shared/onFirstUse';
// Only the migration's type: state/later.ts also re-exports otherOrganizations.ts, which imports this file's type.
import type { migrateStoredKey } from './accountMigration';

/** "Alice Anders (Example Inc)", plus "at host" when the key talks to anything but api.close.com. */
export function connectedAsText(me: Me, origin: string = CLOSE_ORIGIN): string {
  return whoAtOrigin(me, origin, (who, host) => vscode.l10n.t('{0} at {1}', who, host));
}

/** What the organizations need of the connection. */
export interface OrganizationsHost {
  /** The base URL setting. */
  setting(): string;
  newClient(baseUrl: string, apiKey: string): CloseClient;
  sampleServer(): SampleServer | undefined;
  stopSample(): Promise<void>;
}

export class Organizations {
  readonly store: AccountStore;
  /** The organization this window shows; undefined when there is none. */
  activeId: string | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly host: OrganizationsHost,
  ) {
    this.store = new AccountStore(context.globalState, context.workspaceState);
  }

  get active(): Account | undefined {
    return this.store.get(this.activeId);
  }

  list(): Account[] {
    return this.store.list();
  }

  /** The shown organization's name, when there are several to tell apart. */
  get shownName(): string | undefined {
    const active = this.active;
    return active && this.list().length > 1 ? (active.organization ?? active.label) : undefined;
  }

  /** At start: the key stored before becomes the first account; sample data chosen in the settings is shown. */
  async start(demo: boolean): Promise<Account | undefined> {
    await this.adoptKeyOfBefore();
    const active = demo ? await this.addSample() : this.store.active();
    this.activeId = active?.id;
    return active;
  }

  /** A key stored the way of before (at the first start, or by an older version in another window) becomes the first account. */
  async adoptKeyOfBefore(): Promise<Account | undefined> {
    // Loads the migration only while such a key is stored.
    if (this.list().some((a) => a.kind !== 'sample') || !(await this.context.secrets.get(LEGACY_SECRET))) return undefined;
    return onFirstUse<{ migrateStoredKey: typeof migrateStoredKey }>().migrateStoredKey(
      this.store,
      this.context.secrets,
      this.context.globalState,
      vscode.l10n.t('Close'),
    );
  }

  async addSample(): Promise<Account> {
    const sample: Account = { id: SAMPLE_ACCOUNT_ID, label: vscode.l10n.t('Sample data'), origin: 'http://127.0.0.1', kind: 'sample' };
    await this.store.put(sample);
    return sample;
  }

  /** This window shows `account` from now on. */
  async activate(account: Account | undefined): Promise<void> {
    this.activeId = account?.id;
    await this.store.setActive(account?.id);
  }

  /** The secret of an account's key (the one of before for none or sample data, never read then). */
  secretOf(account: Account | undefined): KeySecret {
    return new KeySecret(this.context.secrets, account && account.kind !== 'sample' ? secretNameOf(account.id) : LEGACY_SECRET);
  }

  /** Where the shown organization's requests go: the setting, unless it is another organization's origin. */
  baseUrl(keyOrigin: string): string {
    const account = this.active;
    return account ? requestBaseUrl(this.host.setting(), keyOrigin, account, this.list()) : this.host.setting();
  }
}
