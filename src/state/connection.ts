// The connection to Close: a stored API key, the in-process sample data server, or nobody; the one CloseClient
// for it, made on first use; and the context keys and events that say which.
import * as vscode from 'vscode';
import type { CloseClient, RequestLogEntry } from '../close/client';
import type { Me } from '../close/types';
import { ApiBaseUrlSetting } from './apiBaseUrl';
import { setConnectionContext } from './connectionContext';
import { accountOf, CLOSE_ORIGIN, hostOf, originOf, whoAtOrigin } from './keyOrigin';
import { confirmSendKey, KeyOriginGuard } from './keyOriginGuard';
import { KeySecret } from './keySecret';
import { clientOptions, turnOffDemoSetting } from './clientOptions';
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
  readonly running: { url: string } | undefined;
  start(): Promise<{ url: string; key: string }>;
  stop(): Promise<void>;
}

export type ConnectionKind = 'none' | 'apiKey' | 'sampleData';

/** "Alice Anders (Example Inc)", plus "at host" when the key talks to anything but api.close.com. */
export function connectedAsText(me: Me, origin: string = CLOSE_ORIGIN): string {
  return whoAtOrigin(me, origin, (who, host) => vscode.l10n.t('{0} at {1}', who, host));
}

/**
 * Who we talk to: a stored API key, the in-process sample data server, or nobody. Owns the one
 * CloseClient, made on first use so activation never touches the network.
 */
export class Connection implements vscode.Disposable {
  private currentKind: ConnectionKind = 'none';
  private apiKey: string | undefined;
  /** The origin the stored key was checked against. */
  private keyOrigin = CLOSE_ORIGIN;
  private readonly keySecret: KeySecret;
  private readonly keyGuard: KeyOriginGuard;
  private readonly apiBaseUrl: ApiBaseUrlSetting;
  private refused = false;
  private me: Me | undefined;
  /** The `GET /me/` a new client asks (when who we are is not known yet). */
  private meAnswer: Promise<Me | undefined> | undefined;
  private clientPromise: Promise<CloseClient> | undefined;
  private currentClient: CloseClient | undefined;
  private clientGeneration = 0;
  /** Counts what the user asked for (set a key, sign out, sample data): a key check that finishes after a newer request stores nothing. */
  private requestCount = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The newest request that got an answer (Test Connection reads the rate-limit window from it). */
  private lastAnswered: RequestLogEntry | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolves when the stored key (if any) has been read. */
  readonly ready: Promise<void>;

  readonly onDidChange = this.changed.event;
  private readonly accountChanged = new vscode.EventEmitter<void>();
  /** The stored key was removed or replaced (sign-out, another key, another window): what was kept for it must go. */
  readonly onDidChangeAccount = this.accountChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly sampleData: SampleData,
  ) {
    this.keySecret = new KeySecret(context.secrets);
    this.apiBaseUrl = new ApiBaseUrlSetting(log);
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
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      this.keySecret.onDidChange(() => void this.reloadStoredKey()),
    );
    this.ready = this.init();
  }

  get kind(): ConnectionKind {
    return this.currentKind;
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
    const origin = originOf(this.baseUrl());
    return origin && origin !== CLOSE_ORIGIN ? hostOf(origin) : undefined;
  }

  /** Asks again (on the next request) whether to send the key to the base URL's server. True when there was something to ask. */
  askAgainToSendKey(): boolean {
    if (this.keyGuard.refusedOrigin === undefined) return false;
    this.keyGuard.forget();
    this.fire();
    return true;
  }

  /**
   * Changes whenever what the client talks to changes (key, sample data, base URL, sign-out, refused key);
   * not when only the label becomes known. Data loaded under another generation is stale.
   */
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
    if (this.currentKind === 'sampleData') return vscode.l10n.t('Sample data');
    return this.me ? connectedAsText(this.me, this.keyOrigin) : undefined;
  }

  /** The client for the current connection, created on first use; undefined when there is no key and no sample data. */
  async client(): Promise<CloseClient | undefined> {
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
    const baseUrl = this.baseUrl();
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
    await this.keySecret.store({ key: trimmed, origin, account: accountOf(me) });
    if (request !== this.requestCount) {
      // A sign-out started while storing deletes it again; anything newer decides the state, not this call.
      void candidate.close().catch(() => undefined);
      throw superseded();
    }
    await this.sampleData.stop();
    this.dropClient();
    if (this.apiKey !== trimmed) this.accountChanged.fire();
    this.apiKey = trimmed;
    this.keyOrigin = origin;
    this.keyGuard.forget();
    this.me = me;
    this.refused = false;
    this.currentKind = 'apiKey';
    this.currentClient = candidate;
    this.clientPromise = Promise.resolve(candidate);
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

  /** Forgets the key and stops sample data. */
  async signOut(): Promise<void> {
    this.requestCount++;
    this.apiKey = undefined;
    this.keyOrigin = CLOSE_ORIGIN;
    this.keyGuard.forget();
    this.accountChanged.fire();
    await this.keySecret.delete();
    await this.sampleData.stop();
    await turnOffDemoSetting();
    this.dropClient();
    this.me = undefined;
    this.refused = false;
    this.currentKind = 'none';
    this.log.info('Signed out');
    this.fire();
  }

  /** Switches to the in-process sample data server (started on first use of the client). */
  async startSampleData(): Promise<void> {
    this.requestCount++;
    await this.ready;
    if (this.currentKind === 'sampleData' && this.sampleData.running) return;
    this.dropClient();
    this.refused = false;
    this.currentKind = 'sampleData';
    this.me = undefined;
    await this.sampleData.start();
    this.fire();
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
      const stored = await this.keySecret.read();
      this.apiKey = stored?.key;
      this.keyOrigin = stored?.origin ?? CLOSE_ORIGIN;
    } catch (error) {
      this.log.error(`Could not read the stored API key: ${(error as Error).message}`);
    }
    if (vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('demo')) this.currentKind = 'sampleData';
    else if (this.apiKey) this.currentKind = 'apiKey';
    this.clientGeneration++;
    this.fire();
  }

  private async reloadStoredKey(): Promise<void> {
    const stored = await this.keySecret.read();
    if (stored?.key === this.apiKey && (stored?.origin ?? CLOSE_ORIGIN) === this.keyOrigin) return;
    // Another window changed or removed the key, or confirmed it for another origin.
    if (stored?.key !== this.apiKey) this.accountChanged.fire();
    this.apiKey = stored?.key;
    this.keyOrigin = stored?.origin ?? CLOSE_ORIGIN;
    this.keyGuard.forget();
    if (this.currentKind === 'sampleData') return;
    this.dropClient();
    this.me = undefined;
    this.refused = false;
    this.currentKind = stored ? 'apiKey' : 'none';
    this.fire();
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

  private baseUrl(): string {
    return this.apiBaseUrl.read();
  }

  /** Close at `origin` accepted the stored key after the user confirmed it: it is bound there now. */
  private rebound(origin: string, me: Me): void {
    this.keyOrigin = origin;
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

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('closeOpportunities.demo')) {
      const demo = vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('demo');
      if (demo && this.currentKind !== 'sampleData') {
        void this.startSampleData();
        return;
      }
      if (!demo && this.currentKind === 'sampleData') {
        void this.sampleData.stop().then(() => {
          this.dropClient();
          this.me = undefined;
          this.currentKind = this.apiKey ? 'apiKey' : 'none';
          this.fire();
        });
        return;
      }
    }
    if (
      e.affectsConfiguration('closeOpportunities.apiBaseUrl') ||
      e.affectsConfiguration('closeOpportunities.maxConcurrency') ||
      e.affectsConfiguration('closeOpportunities.requestTimeoutSeconds')
    ) {
      // A new base URL may be another organization: forget who we were, and ask again before sending the key elsewhere.
      if (e.affectsConfiguration('closeOpportunities.apiBaseUrl') && this.currentKind === 'apiKey') {
        this.me = undefined;
        this.refused = false;
        this.keyGuard.forget();
      }
      this.dropClient();
      this.fire();
    }
  }

  private fire(): void {
    setConnectionContext({ connected: this.connected, keyRefused: this.refused, keyNotSent: this.keyNotSentTo !== undefined });
    this.changed.fire();
  }
}
