// The connection to Close: a stored API key, the in-process sample data server, or nobody; the one CloseClient
// for it, made on first use; and the context keys and events that say which.
import * as vscode from 'vscode';
import type { CloseClient, RequestLogEntry } from '../close/client';
import type { Me } from '../close/types';
import { ApiBaseUrlSetting } from './apiBaseUrl';
import { setConnectionContext } from './connectionContext';
import { accountOf, CLOSE_ORIGIN, hostOf, keptResultsOf, originOf } from './keyOrigin';
import { confirmSendKey, KeyOriginGuard } from './keyOriginGuard';
import { KeySecret } from './keySecret';
import { LEGACY_SECRET, type Account } from './accounts';
import { connectionSettingsChanged } from './connectionSettings';
import { connectedAsText, Organizations } from './organizations';
import { clientOptions } from './clientOptions';
import { onFirstUse } from '../shared/onFirstUse';
import type * as StateLater from './later';

export interface ConnectionToTest {
  /** The connection's client; undefined when there is none. */
  client: CloseClient | undefined;
  /** Where requests go: the sample data server or the base URL. */
  url: string;
  /** The newest request that got an answer (the rate-limit window is read from it). */
  lastAnswered: () => RequestLogEntry | undefined;
  /** "Alice Anders (Example Inc)" for the origin checked. */
  describeMe: (me: Me, origin: string) => string;
  /** The user did not confirm sending the key to this URL's server. */
  keyNotSent: boolean;
}

/** The in-process sample data server (features/sampleData/sampleDataServer.ts), given by the composition root. */
export interface SampleData {
  readonly running: { url: string; key: string } | undefined;
  start(): Promise<{ url: string; key: string }>;
  stop(): Promise<void>;
}

export type ConnectionKind = 'none' | 'apiKey' | 'sampleData';

/**
 * Who we talk to: a stored API key, the in-process sample data server, or nobody. Owns the one
 * CloseClient, made on first use so activation never touches the network.
 */
export class Connection implements vscode.Disposable {
  private currentKind: ConnectionKind = 'none';
  private apiKey: string | undefined;
  private keyOrigin = CLOSE_ORIGIN; // the origin the stored key was checked against
  private keySecret: KeySecret;
  readonly organizations: Organizations;
  private readonly keyGuard: KeyOriginGuard;
  private readonly apiBaseUrl: ApiBaseUrlSetting;
  private refused = false;
  private me: Me | undefined;
  private meAnswer: Promise<Me | undefined> | undefined;
  private clientPromise: Promise<CloseClient> | undefined;
  private currentClient: CloseClient | undefined;
  private clientGeneration = 0;
  /** Counts what the user asked for (set a key, sign out, sample data): a key check that finishes after a newer request stores nothing. */
  private requestCount = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private lastAnswered: RequestLogEntry | undefined; // Test Connection reads the rate-limit window from it
  private readonly disposables: vscode.Disposable[] = [];
  readonly ready: Promise<void>; // resolves when the stored key (if any) has been read
  /** True when the window starts with an organization that has a key (known before the key is read). */
  readonly startsWithKey: boolean;
  readonly onDidChange = this.changed.event;
  private readonly accountChanged = new vscode.EventEmitter<string[] | void>();
  /** The stored key was removed or replaced (sign-out, another key, another window): what was kept for it must go (for these accounts only, when given). */
  readonly onDidChangeAccount = this.accountChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly sampleData: SampleData,
  ) {
    this.apiBaseUrl = new ApiBaseUrlSetting(log);
    this.organizations = new Organizations(context, {
      setting: () => this.apiBaseUrl.read(),
      newClient: (baseUrl, apiKey) => this.newClient(baseUrl, apiKey),
      sampleServer: () => this.sampleData.running,
      stopSample: () => this.sampleData.stop(),
    });
    this.keySecret = this.organizations.secretOf(undefined);
    const starting = this.organizations.store.active();
    this.startsWithKey = starting !== undefined && starting.kind !== 'sample';
    this.keyGuard = new KeyOriginGuard(
      {
        apiKey: () => this.apiKey,
        keyOrigin: () => this.keyOrigin,
        requestCount: () => this.requestCount,
        baseUrl: () => this.baseUrl(),
        newClient: (baseUrl, apiKey) => this.newClient(baseUrl, apiKey),
        storeKey: (stored) => this.keySecret.store(stored),
        rebound: (origin, me) => this.rebound(origin, me),
        changed: () => this.fire(),
      },
      log,
      confirmSendKey,
    );
    this.disposables.push(
      this.changed,
      this.accountChanged,
      vscode.workspace.onDidChangeConfiguration((e) => connectionSettingsChanged(e, this)),
      context.secrets.onDidChange((e) => {
        if (e.key === LEGACY_SECRET) void this.organizations.adoptKeyOfBefore().then((account) => account && this.switchTo(account.id));
        else if (e.key === this.keySecret.name) void this.reloadStoredKey();
      }),
    );
    this.ready = this.init();
  }

  get kind(): ConnectionKind {
    return this.currentKind;
  }

  /** The organization this window shows. */
  get activeAccount(): Account | undefined {
    return this.organizations.active;
  }

  /** True when a key or sample data is there, the key has not been refused and may go where the base URL points. */
  get connected(): boolean {
    return this.currentKind !== 'none' && !this.refused && this.keyNotSentTo === undefined;
  }

  /** The host the key was not sent to (declined, or not accepted there) while the base URL points at it. */
  get keyNotSentTo(): string | undefined {
    const notSentTo = this.keyGuard.refusedOrigin;
    if (this.currentKind !== 'apiKey' || notSentTo === undefined) return undefined;
    return notSentTo === originOf(this.baseUrl()) ? hostOf(notSentTo) : undefined;
  }

  /** The host a key set now is checked with and bound to, when it is not api.close.com. */
  get otherHost(): string | undefined {
    const origin = originOf(this.apiBaseUrl.read());
    return origin && origin !== CLOSE_ORIGIN ? hostOf(origin) : undefined;
  }

  /** Asks again (on the next request) whether to send the key to the base URL's server. True when there was something to ask. */
  askAgainToSendKey(): boolean {
    if (this.keyGuard.refusedOrigin === undefined) return false;
    this.keyGuard.forget();
    this.fire();
    return true;
  }

  /** Changes with what the client talks to (key, organization, base URL, refused key), not with the label: older data is stale. */
  get generation(): number {
    return this.clientGeneration;
  }

  /** Whose results may show before Close answers: the key's account, while the key is in use at its own origin. */
  get account(): string | undefined {
    return this.currentKind === 'apiKey' && !this.refused && originOf(this.baseUrl()) === this.keyOrigin ? this.keySecret.account : undefined;
  }

  /** True after Close answered 401 to the stored key. */
  get keyRefused(): boolean {
    return this.refused;
  }

  /** "Sample data" or the user/org name from /me/ once known. */
  get label(): string | undefined {
    return this.currentKind === 'sampleData' ? vscode.l10n.t('Sample data') : this.me && connectedAsText(this.me, this.keyOrigin);
  }

  /** The client for the current connection, created on first use; undefined when there is no key and no sample data. */
  async client(): Promise<CloseClient | undefined> {
    // The HTTP layer (dist/later.js) loads while the stored key is read: the first requests need it right after.
    if (this.startsWithKey && this.currentKind === 'none') onFirstUse<typeof StateLater>();
    await this.ready;
    if (!this.connected) return undefined;
    if (this.currentKind === 'apiKey' && !this.clientPromise && !(await this.keyGuard.keyMayGoToBaseUrl())) return undefined;
    if (!this.connected) return undefined;
    if (!this.clientPromise) {
      const attempt = this.createClient();
      this.clientPromise = attempt;
      attempt.catch(() => {
        if (this.clientPromise === attempt) this.clientPromise = undefined;
      });
    }
    return this.clientPromise;
  }

  /** Who the stored key belongs to (`GET /me/`, asked once per client); undefined without a key, or when Close did not answer. */
  async whoAmI(): Promise<Me | undefined> {
    return this.currentKind === 'apiKey' && (await this.client()) ? (this.me ?? (await this.meAnswer)) : undefined;
  }

  /** Checks the key with GET /me/ and only then stores it. Throws AuthError (401) and the like; nothing is stored then. */
  async setApiKey(key: string): Promise<Me> {
    // The stored key read at start-up must not land after, and over, the one being set now.
    await this.ready;
    const trimmed = key.trim();
    const request = ++this.requestCount;
    const baseUrl = this.apiBaseUrl.read();
    const candidate = this.newClient(baseUrl, trimmed);
    const origin = originOf(baseUrl) ?? CLOSE_ORIGIN;
    const superseded = () => new Error(vscode.l10n.t('The key was not stored: you signed out, set another key or chose sample data while Close was checking it.'));
    let me: Me;
    try {
      me = await candidate.me();
      if (request !== this.requestCount) throw superseded();
    } catch (error) {
      void candidate.close().catch(() => undefined);
      throw error;
    }
    // Bound to where it was checked: another origin gets it only after the user confirms (keyMayGoToBaseUrl).
    const account: Account = { id: accountOf(me) ?? me.id, label: connectedAsText(me, origin), origin, kind: 'key', baseUrl, organization: me.organizations?.[0]?.name };
    const secret = this.organizations.secretOf(account);
    const [added, before] = [this.organizations.store.get(account.id), await secret.read().catch(() => undefined)];
    const replaced = before?.key;
    await secret.store({ key: trimmed, origin, account: accountOf(me) });
    await this.organizations.store.put(account);
    if (request !== this.requestCount) {
      // Something newer decides: an organization new here goes again, one added before stays as it was.
      if (this.organizations.activeId !== account.id && added && before) await Promise.all([secret.store(before), this.organizations.store.put(added)]);
      else if (this.organizations.activeId !== account.id) await onFirstUse<typeof StateLater>().removeAccounts(this.organizations, account.id);
      void candidate.close().catch(() => undefined);
      throw superseded();
    }
    this.dropClient();
    if (replaced !== undefined && replaced !== trimmed) this.accountChanged.fire();
    this.keySecret = secret;
    const activated = this.organizations.activate(account);
    this.apiKey = trimmed;
    this.keyOrigin = origin;
    this.keyGuard.forget();
    this.me = me;
    this.refused = false;
    this.currentKind = 'apiKey';
    this.currentClient = candidate;
    this.clientPromise = Promise.resolve(candidate);
    await activated;
    this.log.info(`Connected as ${connectedAsText(me, origin)}`);
    this.fire();
    return me;
  }

  /**
   * What "Close: Test Connection" checks (commands/connectionDiagnosis.ts): the current connection's client, so
   * it sends the key only where the extension would anyway.
   */
  async toTest(): Promise<ConnectionToTest> {
    await this.ready;
    const client = await this.client().catch(() => undefined);
    const sample = this.currentKind === 'sampleData' ? this.sampleData.running : undefined;
    return {
      client,
      url: sample?.url ?? this.baseUrl(),
      lastAnswered: () => this.lastAnswered,
      describeMe: connectedAsText,
      keyNotSent: this.currentKind === 'apiKey' && Boolean(this.keyGuard.refusedOrigin),
    };
  }

  /** Forgets one organization (its key, or sample data), or all of them; the window then shows the next one left. */
  async signOut(accountId?: string): Promise<void> {
    const stayed = accountId !== undefined && accountId !== this.organizations.activeId && this.organizations.active !== undefined;
    if (!stayed) this.requestCount++;
    const removed = await onFirstUse<typeof StateLater>().removeAccounts(this.organizations, accountId);
    this.accountChanged.fire(accountId === undefined ? undefined : keptResultsOf(removed.map((a) => a.id)));
    this.log.info('Signed out');
    await (stayed ? this.fire() : this.use(this.organizations.list()[0]));
  }

  /** Shows another organization in this window: its key (at its own origin) or sample data. */
  async switchTo(accountId: string): Promise<void> {
    await this.ready;
    const account = this.organizations.store.get(accountId);
    if (!account || account.id === this.organizations.activeId) return;
    this.requestCount++;
    await this.use(account);
  }

  private async use(account: Account | undefined): Promise<void> {
    // The key is read first: a request made meanwhile still gets the organization shown until now, never a mix.
    const secret = this.organizations.secretOf(account);
    const stored = account?.kind === 'key' ? await secret.read().catch(() => undefined) : undefined;
    this.dropClient();
    const activated = this.organizations.activate(account);
    this.keySecret = secret;
    this.apiKey = stored?.key;
    this.keyOrigin = stored?.origin ?? CLOSE_ORIGIN;
    this.keyGuard.forget();
    this.me = undefined;
    this.refused = false;
    this.currentKind = account?.kind === 'sample' ? 'sampleData' : stored ? 'apiKey' : 'none';
    await activated;
    if (account?.kind === 'sample') await this.sampleData.start();
    this.fire();
  }

  /** Switches to the in-process sample data server (started on first use of the client). */
  async startSampleData(): Promise<void> {
    this.requestCount++;
    await this.ready;
    if (this.currentKind === 'sampleData' && this.sampleData.running) return;
    await this.use(await this.organizations.addSample());
  }

  /** Called when any request answers 401: forget the client, show the key prompt state. */
  reportUnauthorized(): void {
    if (this.currentKind !== 'apiKey' || this.refused) return;
    this.refused = true;
    this.dropClient();
    this.log.warn('Close refused the API key (401). Set a new key to continue.');
    this.fire();
  }

  dispose(): void {
    void this.shutdown();
    for (const d of this.disposables) d.dispose();
  }

  /** Closes the client's connections and stops the sample data server; resolves when it has stopped. */
  async shutdown(): Promise<void> {
    this.dropClient();
    await this.sampleData.stop();
  }

  private async init(): Promise<void> {
    try {
      const active = await this.organizations.start(vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('demo') === true);
      if (active && active.kind !== 'sample') {
        this.keySecret = this.organizations.secretOf(active);
        const stored = await this.keySecret.read();
        this.apiKey = stored?.key;
        this.keyOrigin = stored?.origin ?? CLOSE_ORIGIN;
      }
      if (active?.kind === 'sample') this.currentKind = 'sampleData';
      else if (this.apiKey) this.currentKind = 'apiKey';
    } catch (error) {
      this.log.error(`Could not read the stored API key: ${(error as Error).message}`);
    }
    this.clientGeneration++;
    this.fire();
  }

  private async reloadStoredKey(): Promise<void> {
    const stored = await this.keySecret.read();
    if (stored?.key === this.apiKey && (stored?.origin ?? CLOSE_ORIGIN) === this.keyOrigin) return;
    // Another window changed the key, or removed it (signed out of this organization: only its kept results go).
    if (stored?.key !== this.apiKey) this.accountChanged.fire(stored ? undefined : keptResultsOf([this.organizations.activeId]));
    if (this.currentKind === 'sampleData') return;
    this.requestCount++;
    await this.use(this.organizations.active ?? this.organizations.list()[0]); // signed out of it here or in another window
  }

  private async createClient(): Promise<CloseClient> {
    let client: CloseClient;
    if (this.currentKind === 'sampleData') {
      const server = await this.sampleData.start();
      client = this.newClient(server.url, server.key);
    } else {
      if (!this.apiKey) throw new Error(vscode.l10n.t('No API key'));
      client = this.newClient(this.baseUrl(), this.apiKey);
      if (!this.me) {
        // Who we are connected as, for the view and the status bar; a refused key shows up here first.
        this.meAnswer = client.me().then(
          (me) => {
            if (this.currentClient !== client) return;
            this.me = me;
            if (this.apiKey && this.keySecret.learn({ key: this.apiKey, origin: this.keyOrigin }, me)) this.accountChanged.fire();
            onFirstUse<typeof StateLater>().relabelShown(this.organizations, { label: connectedAsText(me, this.keyOrigin), organization: me.organizations?.[0]?.name });
            this.fire();
            return me;
          },
          () => undefined,
        );
      }
    }
    this.currentClient = client;
    return client;
  }

  private newClient(baseUrl: string, apiKey: string): CloseClient {
    const client: CloseClient = onFirstUse<typeof StateLater>().newConnectionClient(
      baseUrl,
      apiKey,
      clientOptions(this.context, this.log, (entry) => {
        this.lastAnswered = entry;
        // Any request made with the key in use, from whichever client (one dropped by a settings change may
        // still have loads in flight): a 401 means Close refuses that key. A key being checked is not in use yet.
        if (entry.status === 401 && (this.currentClient === client || (this.currentKind === 'apiKey' && this.apiKey === apiKey))) this.reportUnauthorized();
      }),
    );
    return client;
  }

  /** The setting, unless it points at another organization's origin: then this key's own base URL. */
  private baseUrl(): string {
    return this.organizations.baseUrl(this.keyOrigin);
  }

  /** Close at `origin` accepted the stored key after the user confirmed it: it is bound there now. */
  private rebound(origin: string, me: Me): void {
    this.keyOrigin = origin;
    onFirstUse<typeof StateLater>().relabelShown(this.organizations, { origin, baseUrl: this.apiBaseUrl.read() });
    this.me = me;
    this.log.info(`Connected as ${connectedAsText(me, origin)}: the API key is now bound to ${hostOf(origin)}`);
    this.fire();
  }

  private dropClient(): void {
    this.clientGeneration++;
    const client = this.currentClient;
    this.currentClient = undefined;
    this.clientPromise = undefined;
    if (client) void client.close().catch(() => undefined);
  }

  /** The client is made again; a new base URL may be another organization: ask again before sending the key there. */
  clientSettingsChanged(newBase: boolean): void {
    if (newBase && this.currentKind === 'apiKey') {
      this.me = undefined;
      this.refused = false;
      this.keyGuard.forget();
    }
    this.dropClient();
    this.fire();
  }

  private fire(): void {
    setConnectionContext({
      connected: this.connected,
      keyRefused: this.refused,
      keyNotSent: this.keyNotSentTo !== undefined,
      several: this.organizations.list().length > 1,
    });
    this.changed.fire();
  }
}
