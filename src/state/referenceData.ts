import type * as vscode from 'vscode';
import type { CloseClient } from '../close/client';
import { untilAborted } from '../close/errors';
import type { OpportunityStatus, Pipeline, SavedSearch, User } from '../close/types';
import type { Connection } from './connection';
import { userName } from '../close/userName';
import { organizationOfAccount } from './keyOrigin';
import { t } from '../shared/l10n';

/**
 * Users, statuses, pipelines and Smart Views of the connected organization: fetched once per connection,
 * shared by every caller, forgotten when the connection changes.
 */
export class ReferenceData implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<unknown>>();
  /** Aborts the loads of the current connection (made with the first load: activation makes none). */
  private controller: AbortController | undefined;
  private readonly knownUserNames = new Map<string, string>();
  private readonly knownStatusLabels = new Map<string, string>();
  private readonly knownSavedSearchNames = new Map<string, string>();
  /** Only the leads a filter names (one at a time, so it stays small). */
  private readonly knownLeadNames = new Map<string, string>();
  private knownCurrency: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connection: Connection) {
    let generation = connection.generation;
    this.subscription = connection.onDidChange(() => {
      if (connection.generation === generation) return;
      generation = connection.generation;
      this.clear();
    });
  }

  users(signal?: AbortSignal): Promise<User[]> {
    return this.get('users', signal, async (client, s) => {
      const users = await client.listUsers(s);
      for (const user of users) this.knownUserNames.set(user.id, userName(user));
      return users;
    });
  }

  statuses(signal?: AbortSignal): Promise<OpportunityStatus[]> {
    return this.get('statuses', signal, async (client, s) => {
      const statuses = await client.listStatuses(s);
      for (const status of statuses) this.knownStatusLabels.set(status.id, status.label);
      return statuses;
    });
  }

  /** The key's own user (GET /me/), for "Me" among the owners. */
  me(signal?: AbortSignal): Promise<User> {
    // The connection's own GET /me/ when it asked one (a key); sample data is asked here.
    return this.get('me', signal, async (client, s) => (await this.connection.whoAmI()) ?? client.me(s));
  }

  pipelines(signal?: AbortSignal): Promise<Pipeline[]> {
    return this.get('pipelines', signal, (client, s) => client.listPipelines(s));
  }

  savedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
    return this.get('savedSearches', signal, async (client, s) => {
      const searches = await client.listSavedSearches(s);
      for (const search of searches) this.knownSavedSearchNames.set(search.id, search.name);
      return searches;
    });
  }

  /** The names of the organization's opportunity custom fields, by id (`cf_…`), for the details card. */
  customFieldNames(signal?: AbortSignal): Promise<Map<string, string>> {
    return this.get('customFields', signal, async (client, s) => new Map((await client.listOpportunityCustomFields(s)).map((field) => [field.id, field.name])));
  }

  /** The organization's currency (ISO code), undefined when Close does not say. Once per connection. */
  currency(signal?: AbortSignal): Promise<string | undefined> {
    return this.get('currency', signal, async (client, s) => {
      // The organization named with the stored key is asked at once, beside GET /me/, not after it.
      const account = this.connection.account;
      const currency = await client.organizationCurrency(s, account ? organizationOfAccount(account) : undefined);
      this.knownCurrency = currency;
      return currency;
    });
  }

  /** The organization's currency once `currency()` answered, or as kept with the results shown meanwhile. */
  organizationCurrency(): string | undefined {
    return this.knownCurrency;
  }

  /** The currency kept with the results shown before Close answers; `currency()` still asks, and its answer wins. */
  noteCurrency(code: string): void {
    this.knownCurrency ??= code;
  }

  /** User id → name, as far as known (users listed, or names seen on opportunities). */
  userNames(): Map<string, string> {
    return new Map(this.knownUserNames);
  }

  /** Status id → label, as far as known. */
  statusLabels(): Map<string, string> {
    return new Map(this.knownStatusLabels);
  }

  /** Smart View id → name, once listed. */
  savedSearchNames(): Map<string, string> {
    return new Map(this.knownSavedSearchNames);
  }

  /** Names seen elsewhere (e.g. `user_name` on an opportunity) fill gaps until /user/ is listed. */
  noteUserName(id: string, name: string | null | undefined): void {
    if (name && !this.knownUserNames.has(id)) this.knownUserNames.set(id, name);
  }

  /** Lead id → name, for the leads noted. */
  leadNames(): Map<string, string> {
    return new Map(this.knownLeadNames);
  }

  /** A lead's name as an opportunity of it carries it (`lead_name`); the latest wins (a lead can be renamed). */
  noteLeadName(id: string, name: string | null | undefined): void {
    if (!name) return;
    if (this.knownLeadNames.size >= 100 && !this.knownLeadNames.has(id)) this.knownLeadNames.clear();
    this.knownLeadNames.set(id, name);
  }

  noteStatusLabel(id: string, label: string | null | undefined): void {
    if (label && !this.knownStatusLabels.has(id)) this.knownStatusLabels.set(id, label);
  }

  clear(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.cache.clear();
    this.knownUserNames.clear();
    this.knownStatusLabels.clear();
    this.knownSavedSearchNames.clear();
    this.knownLeadNames.clear();
    this.knownCurrency = undefined;
  }

  dispose(): void {
    this.controller?.abort();
    this.subscription.dispose();
  }

  private get<T>(name: string, signal: AbortSignal | undefined, load: (client: CloseClient, signal: AbortSignal) => Promise<T>): Promise<T> {
    let entry = this.cache.get(name) as Promise<T> | undefined;
    if (!entry) {
      const controller = (this.controller ??= new AbortController());
      const loading: Promise<T> = this.connection.client().then((client) => {
        if (!client) throw new Error(t('Not connected to Close.'));
        return load(client, controller.signal);
      });
      entry = loading;
      this.cache.set(name, loading);
      // A failed load is not cached: the next caller tries again.
      loading.catch(() => {
        if (this.cache.get(name) === loading) this.cache.delete(name);
      });
    }
    return untilAborted(entry, signal);
  }
}
