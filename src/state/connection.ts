import * as vscode from 'vscode';
import type { CloseClient, RequestLogEntry } from '../close/client';
import type { DiagnosisStep } from '../close/diagnose';
import { hasCredentialsInUrl, scrubCredentials } from '../close/scrub';
import type { Me } from '../close/types';
import { errorText } from '../close/inert';
import { CLOSE_ORIGIN, connectedAsText as connectedAs, hostOf, originOf, parseStoredKey, serializeStoredKey } from './keyOrigin';
import { proxyFor } from './networkSettings';
import { readSettings } from '../shared/settings';
import { later } from '../shared/onFirstUse';
import { t } from '../shared/l10n';

export type ConnectionKind = 'none' | 'apiKey' | 'sampleData';

const SECRET_KEY = 'closeOpportunities.apiKey';
const CONNECTED_CONTEXT = 'closeOpportunities.connected';
/** Shows the welcome view that explains a refused key (a TreeView.message would hide its links). */
const REFUSED_CONTEXT = 'closeOpportunities.keyRefused';
/** Shows the welcome view that says the key was not sent to the base URL's server. */
const NOT_SENT_CONTEXT = 'closeOpportunities.keyNotSent';
const DEFAULT_BASE_URL = 'https://api.close.com/api/v1/';

/** What the sample-data mode needs from the fake server (src/fake/server.ts). */
interface SampleServer {
  url: string;
  key: string;
  close(): Promise<void>;
}

/**
 * How often the sample data changes by itself; the environment variable CLOSE_SAMPLE_DATA_EVOLVE_MS overrides it
 * (0: never), which the e2e suite uses so that what it reads stays put while it reads it.
 */
export const SAMPLE_DATA_EVOLVE_MS = 20_000;
function sampleDataEvolveMs(): number {
  const override = Number(process.env.CLOSE_SAMPLE_DATA_EVOLVE_MS);
  return process.env.CLOSE_SAMPLE_DATA_EVOLVE_MS !== undefined && Number.isFinite(override) && override >= 0 ? override : SAMPLE_DATA_EVOLVE_MS;
}

/** Loaded on first use only: the fake is not needed for activation and not for a real key at all. */
async function startSampleServer(): Promise<SampleServer> {
  // require (not import()) so the bundle loads dist/fake.js, kept apart by esbuild.mjs, only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fake = require('../fake/server') as typeof import('../fake/server');
  // Not recording requests: this server lives as long as the window, and a record per request would only grow.
  // The sample organisation moves on every 20 s (new deals, moves, wins, losses), so a refresh shows changes.
  return fake.startFakeServer({ recordRequests: false, evolve: { everyMs: sampleDataEvolveMs() } });
}

/** "Alice Anders (Example Inc)", plus "at host" when the key talks to anything but api.close.com. */
export function connectedAsText(me: Me, origin: string = CLOSE_ORIGIN): string {
  return connectedAs(me, origin, (who, host) => vscode.l10n.t('{0} at {1}', who, host));
}

/**
 * The modal that asks before the key goes to another origin than the one it was checked with; true when
 * the user chose to send it.
 */
export async function confirmSendKey(host: string, boundHost: string): Promise<boolean> {
  const send = vscode.l10n.t('Send Key to {0}', host);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Send your Close API key to {0}?', host),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The key was checked with {0}, but closeOpportunities.apiBaseUrl now points at {1}. Nothing has been sent to {1} yet. Send the key only if you set this address yourself (a proxy or a test server); Close at {1} checks it first (GET /me/).',
        boundHost,
        host,
      ),
    },
    send,
  );
  return choice === send;
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
  /** An origin the key was not sent to (the user declined, or it was not accepted there), until the user asks again. */
  private notSentTo: string | undefined;
  private originCheck: { origin: string; answer: Promise<boolean> } | undefined;
  /** Base URLs already warned about for holding a user name or password. */
  private readonly credentialWarnings = new Set<string>();
  /** Asks before the key goes to another origin; replaceable for tests. */
  confirmSendKey: (host: string, boundHost: string) => Promise<boolean> = confirmSendKey;
  private refused = false;
  private me: Me | undefined;
  private clientPromise: Promise<CloseClient> | undefined;
  private currentClient: CloseClient | undefined;
  private sample: SampleServer | undefined;
  private sampleStarting: Promise<SampleServer> | undefined;
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
  ) {
    this.disposables.push(
      this.changed,
      this.accountChanged,
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      context.secrets.onDidChange((e) => {
        if (e.key === SECRET_KEY) void this.reloadStoredKey();
      }),
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
    if (this.currentKind !== 'apiKey' || this.notSentTo === undefined) return undefined;
    return this.notSentTo === originOf(this.baseUrl()) ? hostOf(this.notSentTo) : undefined;
  }

  /** The host a key set now is checked with and bound to, when it is not api.close.com. */
  get otherHost(): string | undefined {
    const origin = originOf(this.baseUrl());
    return origin && origin !== CLOSE_ORIGIN ? hostOf(origin) : undefined;
  }

  /** Asks again (on the next request) whether to send the key to the base URL's server. True when there was something to ask. */
  askAgainToSendKey(): boolean {
    if (this.notSentTo === undefined) return false;
    this.notSentTo = undefined;
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
    if (this.currentKind === 'apiKey' && !this.clientPromise && !(await this.keyMayGoToBaseUrl())) return undefined;
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
    await this.context.secrets.store(SECRET_KEY, serializeStoredKey({ key: trimmed, origin }));
    if (request !== this.requestCount) {
      // A sign-out started while storing deletes it again; anything newer decides the state, not this call.
      void candidate.close().catch(() => undefined);
      throw superseded();
    }
    await this.stopSampleData();
    this.dropClient();
    if (this.apiKey !== trimmed) this.accountChanged.fire();
    this.apiKey = trimmed;
    this.keyOrigin = origin;
    this.notSentTo = undefined;
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
   * "Close: Test Connection": the proxy VS Code would use, name resolution, TLS, the key check (`GET /me/`) and
   * the rate-limit window, each with its time. Uses the current connection's client, so it sends the key only
   * where the extension would anyway.
   */
  async diagnose(): Promise<{ base: URL; steps: DiagnosisStep[] }> {
    await this.ready;
    const client = await this.client().catch(() => undefined);
    const sample = this.currentKind === 'sampleData' ? this.sample : undefined;
    const base = new URL(sample?.url ?? this.baseUrl());
    base.username = '';
    base.password = '';
    const proxy = proxyFor(base);
    const steps = await later().diagnoseConnection({
      base,
      proxy: proxy.url,
      proxySource: proxy.source,
      client,
      lastAnswered: () => this.lastAnswered,
      describeMe: (me) => connectedAsText(me, base.origin),
      noClient:
        this.currentKind === 'apiKey' && this.notSentTo
          ? `the key is not sent to ${base.host}: you did not confirm it (Refresh asks again)`
          : 'no API key set: nothing to check',
    });
    return { base, steps };
  }

  /** Forgets the key and stops sample data. */
  async signOut(): Promise<void> {
    this.requestCount++;
    this.apiKey = undefined;
    this.keyOrigin = CLOSE_ORIGIN;
    this.notSentTo = undefined;
    this.accountChanged.fire();
    await this.context.secrets.delete(SECRET_KEY);
    await this.stopSampleData();
    const demo = vscode.workspace.getConfiguration('closeOpportunities').inspect<boolean>('demo');
    if (demo?.workspaceValue) await vscode.workspace.getConfiguration('closeOpportunities').update('demo', false, vscode.ConfigurationTarget.Workspace);
    if (demo?.globalValue) await vscode.workspace.getConfiguration('closeOpportunities').update('demo', false, vscode.ConfigurationTarget.Global);
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
    if (this.currentKind === 'sampleData' && this.sample) return;
    this.dropClient();
    this.refused = false;
    this.currentKind = 'sampleData';
    this.me = undefined;
    await this.ensureSampleServer();
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
    await this.stopSampleData();
  }

  private async init(): Promise<void> {
    try {
      const stored = parseStoredKey(await this.context.secrets.get(SECRET_KEY));
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
    const stored = parseStoredKey(await this.context.secrets.get(SECRET_KEY));
    if (stored?.key === this.apiKey && (stored?.origin ?? CLOSE_ORIGIN) === this.keyOrigin) return;
    // Another window changed or removed the key, or confirmed it for another origin.
    if (stored?.key !== this.apiKey) this.accountChanged.fire();
    this.apiKey = stored?.key;
    this.keyOrigin = stored?.origin ?? CLOSE_ORIGIN;
    this.notSentTo = undefined;
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
      const server = await this.ensureSampleServer();
      client = this.newClient(server.url, server.key);
    } else {
      if (!this.apiKey) throw new Error(t('No API key'));
      client = this.newClient(this.baseUrl(), this.apiKey);
      if (!this.me) {
        // Who we are connected as, for the view and the status bar; a refused key shows up here first.
        client.me().then(
          (me) => {
            if (this.currentClient !== client) return;
            this.me = me;
            this.fire();
          },
          () => undefined,
        );
      }
    }
    this.currentClient = client;
    return client;
  }

  private newClient(baseUrl: string, apiKey: string): CloseClient {
    const client: CloseClient = later().newConnectionClient(baseUrl, apiKey, {
      settings: readSettings(vscode.workspace.getConfiguration('closeOpportunities')),
      userAgent: `close-opportunities-vscode/${(this.context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '0'} vscode/${vscode.version}`,
      log: this.log,
      translate: t,
      onAnswer: (entry) => {
        this.lastAnswered = entry;
        // Any request made with the key in use, from whichever client (one dropped by a settings change may
        // still have loads in flight): a 401 means Close refuses that key. A key being checked is not in use yet.
        if (entry.status === 401 && (this.currentClient === client || (this.currentKind === 'apiKey' && this.apiKey === apiKey))) this.reportUnauthorized();
      },
    });
    return client;
  }

  private baseUrl(): string {
    const url = vscode.workspace.getConfiguration('closeOpportunities').get<string>('apiBaseUrl', DEFAULT_BASE_URL);
    if (typeof url === 'string' && hasCredentialsInUrl(url) && !this.credentialWarnings.has(url)) {
      // The client drops them (never sent, never logged); the user should know, not be surprised by a silent drop.
      this.credentialWarnings.add(url);
      const message = vscode.l10n.t(
        'closeOpportunities.apiBaseUrl contains a user name or password ({0}). They are never sent or logged: remove them from the setting. Your API key is kept in secret storage.',
        scrubCredentials(url),
      );
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
    return typeof url === 'string' ? url : DEFAULT_BASE_URL;
  }

  /**
   * True when the stored key may go to the base URL's origin: the one it was checked with, or one the user
   * confirms now (then Close there checks the key with GET /me/ before the key is bound to it). Nothing is
   * sent before that. One question at a time; a refusal holds until the user asks again (Refresh) or changes
   * the setting.
   */
  private keyMayGoToBaseUrl(): Promise<boolean> {
    const baseUrl = this.baseUrl();
    const origin = originOf(baseUrl);
    // Not a URL: the client refuses it with its own message, before sending anything.
    if (origin === undefined || origin === this.keyOrigin) return Promise.resolve(true);
    if (this.notSentTo === origin) return Promise.resolve(false);
    const pending = this.originCheck;
    // The setting changed while the user was being asked about another origin: ask about this one afterwards.
    if (pending && pending.origin !== origin)
      return pending.answer.then(
        () => this.keyMayGoToBaseUrl(),
        () => this.keyMayGoToBaseUrl(),
      );
    if (!pending) {
      const check = { origin, answer: this.confirmOrigin(baseUrl, origin) };
      this.originCheck = check;
      void check.answer
        .finally(() => {
          if (this.originCheck === check) this.originCheck = undefined;
        })
        .catch(() => undefined);
    }
    return this.originCheck!.answer;
  }

  private async confirmOrigin(baseUrl: string, origin: string): Promise<boolean> {
    const key = this.apiKey;
    if (!key) return false;
    const request = this.requestCount;
    // Built first: a base URL the client refuses (plain http to another machine) fails here, before any question.
    const candidate = this.newClient(baseUrl, key);
    const host = hostOf(origin);
    const stillWanted = () => request === this.requestCount && this.apiKey === key && originOf(this.baseUrl()) === origin;
    try {
      const send = await this.confirmSendKey(host, hostOf(this.keyOrigin));
      if (!stillWanted()) return false;
      if (!send) {
        this.notSentTo = origin;
        this.log.warn(`The API key was not sent to ${host}: it was checked with ${hostOf(this.keyOrigin)} and you chose not to send it there.`);
        this.fire();
        return false;
      }
      let me: Me;
      try {
        me = await candidate.me();
      } catch (error) {
        if (!stillWanted()) return false;
        this.notSentTo = origin;
        const message = vscode.l10n.t('The API key is still bound to {0}: {1} did not accept it ({2}).', hostOf(this.keyOrigin), host, errorText(error));
        this.log.warn(message);
        void vscode.window.showErrorMessage(message);
        this.fire();
        return false;
      }
      if (!stillWanted()) return false;
      await this.context.secrets.store(SECRET_KEY, serializeStoredKey({ key, origin }));
      if (!stillWanted()) return false;
      this.keyOrigin = origin;
      this.notSentTo = undefined;
      this.me = me;
      this.log.info(`Connected as ${connectedAsText(me, origin)}: the API key is now bound to ${host}`);
      this.fire();
      return true;
    } finally {
      void candidate.close().catch(() => undefined);
    }
  }

  private ensureSampleServer(): Promise<SampleServer> {
    if (this.sample) return Promise.resolve(this.sample);
    if (!this.sampleStarting) {
      const starting = startSampleServer().then((server) => {
        this.log.info(`Sample data server listening on ${server.url}`);
        if (this.sampleStarting !== starting) {
          // Stopped while starting.
          void server.close();
          throw new Error(vscode.l10n.t('Sample data was stopped.'));
        }
        this.sample = server;
        return server;
      });
      this.sampleStarting = starting;
      starting.catch((error: unknown) => {
        if (this.sampleStarting === starting) this.sampleStarting = undefined;
        this.log.error(`Sample data server failed to start: ${(error as Error).message}`);
      });
    }
    return this.sampleStarting;
  }

  private async stopSampleData(): Promise<void> {
    const server = this.sample;
    this.sample = undefined;
    this.sampleStarting = undefined;
    if (server) {
      await server.close().catch(() => undefined);
      this.log.info('Sample data server stopped');
    }
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
        void this.stopSampleData().then(() => {
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
        this.notSentTo = undefined;
      }
      this.dropClient();
      this.fire();
    }
  }

  private fire(): void {
    void vscode.commands.executeCommand('setContext', CONNECTED_CONTEXT, this.connected);
    void vscode.commands.executeCommand('setContext', REFUSED_CONTEXT, this.refused);
    void vscode.commands.executeCommand('setContext', NOT_SENT_CONTEXT, this.keyNotSentTo !== undefined);
    this.changed.fire();
  }
}
