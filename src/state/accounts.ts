// The Close organizations this extension knows (one per API key, plus sample data), kept in globalState; each
// key is a secret of its own. Which one a window shows is kept per window. No 'vscode' here.
import type { MementoLike } from './savedFilters';

export type AccountKind = 'key' | 'bearer' | 'sample';

/** One organization as the user added it; never its key. */
export interface Account {
  /** "orga_…/user_…" for a key (the organization and user GET /me/ named), "sample" for sample data. */
  id: string;
  /** "Alice Anders (Example Inc)", as GET /me/ said when the key was added; "Sample data" for sample data. */
  label: string;
  /** The origin the key was checked against (also kept with the key itself). */
  origin: string;
  kind: AccountKind;
  /** The organization's name, as GET /me/ said (the status bar shows it). */
  organization?: string;
  /** The base URL it was checked with: requests go there when the base URL setting belongs to another organization. */
  baseUrl?: string;
}

export const ACCOUNTS_KEY = 'closeOpportunities.accounts';
export const ACTIVE_ACCOUNT_KEY = 'closeOpportunities.activeAccount';
/** Where the one key was kept before there were several: moved to its account's own secret at the first start. */
export const LEGACY_SECRET = 'closeOpportunities.apiKey';
export const SAMPLE_ACCOUNT_ID = 'sample';

/** The secret that holds one account's key. */
export function secretNameOf(accountId: string): string {
  return `${LEGACY_SECRET}.${accountId}`;
}

function isAccount(value: unknown): value is Account {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    v.id !== '' &&
    typeof v.label === 'string' &&
    typeof v.origin === 'string' &&
    (v.kind === 'key' || v.kind === 'bearer' || v.kind === 'sample') &&
    (v.baseUrl === undefined || typeof v.baseUrl === 'string') &&
    (v.organization === undefined || typeof v.organization === 'string')
  );
}

/** The accounts (globalState, shared by windows) and the one this window shows (workspaceState). */
export class AccountStore {
  constructor(
    private readonly global: MementoLike,
    private readonly window: MementoLike,
  ) {}

  list(): Account[] {
    const stored = this.global.get<unknown>(ACCOUNTS_KEY);
    if (!Array.isArray(stored)) return [];
    const seen = new Set<string>();
    return stored.filter((a): a is Account => isAccount(a) && !seen.has(a.id) && Boolean(seen.add(a.id)));
  }

  get(id: string | undefined): Account | undefined {
    return id === undefined ? undefined : this.list().find((a) => a.id === id);
  }

  /** This window's organization: the one it chose, else the first one. */
  active(): Account | undefined {
    const all = this.list();
    const chosen = this.window.get<string>(ACTIVE_ACCOUNT_KEY);
    return all.find((a) => a.id === chosen) ?? all[0];
  }

  async setActive(id: string | undefined): Promise<void> {
    await this.window.update(ACTIVE_ACCOUNT_KEY, id);
  }

  /** Adds the account, or replaces the one with its id (a new key for the same organization and user). */
  async put(account: Account): Promise<void> {
    const all = this.list();
    const index = all.findIndex((a) => a.id === account.id);
    if (index >= 0) all[index] = account;
    else all.push(account);
    await this.global.update(ACCOUNTS_KEY, all);
  }

  async remove(id: string): Promise<void> {
    await this.global.update(
      ACCOUNTS_KEY,
      this.list().filter((a) => a.id !== id),
    );
  }
}
