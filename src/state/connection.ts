import * as vscode from 'vscode';
import { CloseClient, type RequestLogEntry } from '../close/client';
import type { Me } from '../close/types';
import { readSettings } from '../settings';

export type ConnectionKind = 'none' | 'apiKey' | 'sampleData';

const SECRET_KEY = 'closeOpportunities.apiKey';
const CONNECTED_CONTEXT = 'closeOpportunities.connected';
/** Shows the welcome view that explains a refused key (a TreeView.message would hide its links). */
const REFUSED_CONTEXT = 'closeOpportunities.keyRefused';

/** What the sample-data mode needs from the fake server (src/fake/server.ts). */
interface SampleServer {
  url: string;
  key: string;
  close(): Promise<void>;
}

/** Loaded on first use only: the fake is not needed for activation and not for a real key at all. */
async function startSampleServer(): Promise<SampleServer> {
  // require (not import()) so the bundle loads dist/fake.js, kept apart by esbuild.mjs, only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fake = require('../fake/server') as typeof import('../fake/server');
  // Not recording requests: this server lives as long as the window, and a record per request would only grow.
  return fake.startFakeServer({ recordRequests: false });
}

/** "Alice Anders (Example Inc)", or what is known of it. */
export function connectedAsText(me: Me): string {
  const name = [me.first_name, me.last_name].filter(Boolean).join(' ') || me.email || me.id;
  const org = me.organizations?.[0]?.name;
  return org ? `${name} (${org})` : name;
}

/** `GET opportunity/?_limit=100 → 200 (123 ms)`: one request as the log shows it (never the key). */
export function requestLogLine(entry: RequestLogEntry): string {
  const retry = entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '';
  const outcome = entry.status !== undefined ? String(entry.status) : (entry.error ?? 'failed');
  const why = entry.status !== undefined && entry.error ? ` ${entry.error}` : '';
  return `${entry.method} ${entry.url} → ${outcome}${why} (${Math.round(entry.durationMs)} ms)${retry}`;
}

/**
 * Who we talk to: a stored API key, the in-process sample data server, or nobody. Owns the one
 * CloseClient, made on first use so activation never touches the network.
 */
export class Connection implements vscode.Disposable {
  private currentKind: ConnectionKind = 'none';
  private apiKey: string | undefined;
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
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolves when the stored key (if any) has been read. */
  readonly ready: Promise<void>;

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changed,
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

  /** True when a key or sample data is there and the key has not been refused. */
  get connected(): boolean {
    return this.currentKind !== 'none' && !this.refused;
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
    return this.me ? connectedAsText(this.me) : undefined;
  }

  /** The client for the current connection, created on first use; undefined when there is no key and no sample data. */
  async client(): Promise<CloseClient | undefined> {
    await this.ready;
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
    const candidate = this.newClient(this.baseUrl(), trimmed);
    const superseded = () =>
      new Error(vscode.l10n.t('The key was not stored: you signed out, set another key or chose sample data while Close was checking it.'));
    let me: Me;
    try {
      me = await candidate.me();
      if (request !== this.requestCount) throw superseded();
    } catch (error) {
      void candidate.close().catch(() => undefined);
      throw error;
    }
    await this.context.secrets.store(SECRET_KEY, trimmed);
    if (request !== this.requestCount) {
      // A sign-out started while storing deletes it again; anything newer decides the state, not this call.
      void candidate.close().catch(() => undefined);
      throw superseded();
    }
    await this.stopSampleData();
    this.dropClient();
    this.apiKey = trimmed;
    this.me = me;
    this.refused = false;
    this.currentKind = 'apiKey';
    this.currentClient = candidate;
    this.clientPromise = Promise.resolve(candidate);
    this.log.info(`Connected as ${connectedAsText(me)}`);
    this.fire();
    return me;
  }

  /** Forgets the key and stops sample data. */
  async signOut(): Promise<void> {
    this.requestCount++;
    this.apiKey = undefined;
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
      this.apiKey = await this.context.secrets.get(SECRET_KEY);
    } catch (error) {
      this.log.error(`Could not read the stored API key: ${(error as Error).message}`);
    }
    if (vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('demo')) this.currentKind = 'sampleData';
    else if (this.apiKey) this.currentKind = 'apiKey';
    this.clientGeneration++;
    this.fire();
  }

  private async reloadStoredKey(): Promise<void> {
    const stored = await this.context.secrets.get(SECRET_KEY);
    if (stored === this.apiKey) return;
    // Another window changed or removed the key.
    this.apiKey = stored;
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
      if (!this.apiKey) throw new Error('No API key');
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
    const settings = readSettings(vscode.workspace.getConfiguration('closeOpportunities'));
    const client: CloseClient = new CloseClient({
      baseUrl,
      credentials: { apiKey },
      userAgent: `close-opportunities-vscode/${String(this.context.extension?.packageJSON?.version ?? '0')} vscode/${vscode.version}`,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      maxConcurrency: settings.maxConcurrency,
      onWarning: (message) => this.log.warn(message),
      onRequest: (entry) => {
        const line = requestLogLine(entry);
        if (entry.status === undefined || entry.status >= 400) this.log.warn(line);
        else this.log.info(line);
        if (entry.status === 401 && this.currentClient === client) this.reportUnauthorized();
      },
    });
    return client;
  }

  private baseUrl(): string {
    return vscode.workspace.getConfiguration('closeOpportunities').get<string>('apiBaseUrl', 'https://api.close.com/api/v1/');
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
      // A new base URL may be another organization: forget who we were.
      if (e.affectsConfiguration('closeOpportunities.apiBaseUrl') && this.currentKind === 'apiKey') {
        this.me = undefined;
        this.refused = false;
      }
      this.dropClient();
      this.fire();
    }
  }

  private fire(): void {
    void vscode.commands.executeCommand('setContext', CONNECTED_CONTEXT, this.connected);
    void vscode.commands.executeCommand('setContext', REFUSED_CONTEXT, this.refused);
    this.changed.fire();
  }
}
