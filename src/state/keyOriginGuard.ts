// The stored key goes only to the origin it was checked with, or to one the user confirms: then Close there checks
// it (GET /me/) before the key is bound to it. Nothing is sent before that.
import * as vscode from 'vscode';
import type { CloseClient } from '../close/client';
import { errorText } from '../close/inert';
import type { Me } from '../close/types';
import { accountOf, hostOf, originOf, type StoredKey } from './keyOrigin';

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

/** What the guard reads and changes of the connection whose key it guards. */
export interface GuardedConnection {
  /** The key in use, if any. */
  apiKey(): string | undefined;
  /** The origin the key in use was checked with. */
  keyOrigin(): string;
  /** Counts what the user asked for (set a key, sign out, sample data): an answer after a newer request changes nothing. */
  requestCount(): number;
  baseUrl(): string;
  /** A client that sends `apiKey` to `baseUrl`, to check the key there. */
  newClient(baseUrl: string, apiKey: string): CloseClient;
  /** Keeps the key bound to another origin, in secret storage. */
  storeKey(stored: StoredKey): Thenable<void>;
  /** Close at `origin` accepted the key (GET /me/ answered `me`): the key is bound there from now on. */
  rebound(origin: string, me: Me): void;
  /** What the guard says changed (the key was not sent, or it was bound elsewhere). */
  changed(): void;
}

/**
 * Decides whether the key may go to the base URL's origin. One question at a time; a refusal holds until the
 * user asks again (Refresh) or changes the setting.
 */
export class KeyOriginGuard {
  /** An origin the key was not sent to (the user declined, or it was not accepted there), until the user asks again. */
  private notSentTo: string | undefined;
  private originCheck: { origin: string; answer: Promise<boolean> } | undefined;

  constructor(
    private readonly connection: GuardedConnection,
    private readonly log: vscode.LogOutputChannel,
    /** Asks before the key goes to another origin (the modal above). */
    private readonly confirm: (host: string, boundHost: string) => Promise<boolean>,
  ) {}

  /** The origin the key was not sent to, until the user asks again or the key or setting changes. */
  get refusedOrigin(): string | undefined {
    return this.notSentTo;
  }

  /** Forgets a refusal: the next request asks again. */
  forget(): void {
    this.notSentTo = undefined;
  }

  /**
   * True when the stored key may go to the base URL's origin: the one it was checked with, or one the user
   * confirms now (then Close there checks the key with GET /me/ before the key is bound to it).
   */
  keyMayGoToBaseUrl(): Promise<boolean> {
    const baseUrl = this.connection.baseUrl();
    const origin = originOf(baseUrl);
    // Not a URL: the client refuses it with its own message, before sending anything.
    if (origin === undefined || origin === this.connection.keyOrigin()) return Promise.resolve(true);
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
    const connection = this.connection;
    const key = connection.apiKey();
    if (!key) return false;
    const request = connection.requestCount();
    // Built first: a base URL the client refuses (plain http to another machine) fails here, before any question.
    const candidate = connection.newClient(baseUrl, key);
    const host = hostOf(origin);
    const stillWanted = () => request === connection.requestCount() && connection.apiKey() === key && originOf(connection.baseUrl()) === origin;
    try {
      const send = await this.confirm(host, hostOf(connection.keyOrigin()));
      if (!stillWanted()) return false;
      if (!send) {
        this.notSentTo = origin;
        this.log.warn(`The API key was not sent to ${host}: it was checked with ${hostOf(connection.keyOrigin())} and you chose not to send it there.`);
        connection.changed();
        return false;
      }
      let me: Me;
      try {
        me = await candidate.me();
      } catch (error) {
        if (!stillWanted()) return false;
        this.notSentTo = origin;
        const message = vscode.l10n.t('The API key is still bound to {0}: {1} did not accept it ({2}).', hostOf(connection.keyOrigin()), host, errorText(error));
        this.log.warn(message);
        void vscode.window.showErrorMessage(message);
        connection.changed();
        return false;
      }
      if (!stillWanted()) return false;
      await connection.storeKey({ key, origin, account: accountOf(me) });
      if (!stillWanted()) return false;
      this.notSentTo = undefined;
      connection.rebound(origin, me);
      return true;
    } finally {
      void candidate.close().catch(() => undefined);
    }
  }
}
