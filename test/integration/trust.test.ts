// The key goes only where the user sent it, and server text never becomes a live link: inside a real VS Code,
// against two fake Close servers on loopback (two origins) that accept the same key.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { confirmSendKey } from '../../src/state/keyOriginGuard';
import { activeSecretName, api, config, disconnectFromFake, ORDER, waitFor } from './extensionApi';

const SECRET = 'closeOpportunities.apiKey';
const KEY = 'api_trustTestKey0123456789';
const hostOf = (server: FakeServer) => new URL(server.url).host;
const originOf = (server: FakeServer) => new URL(server.url).origin;
/** A link VS Code would make live in a notification, quick input message or Markdown. */
const LIVE_LINK = /\]\(|:\/\/|\$\(/;

type WindowStub = Record<string, (...args: unknown[]) => unknown>;

/** Replaces a `vscode.window` function for the length of `body` (the extension shares this API object). */
async function withWindowStub<T>(name: string, stub: (...args: unknown[]) => unknown, body: () => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as WindowStub;
  const original = window[name];
  window[name] = stub;
  try {
    return await body();
  } finally {
    window[name] = original;
  }
}

/**
 * Answers the modal that asks before the key goes to another origin (confirmSendKey) with `send(host, boundHost)`,
 * until the returned function is called; every other warning reaches VS Code as usual.
 */
function answerSendKey(send: (host: string, boundHost: string) => boolean): () => void {
  const window = vscode.window as unknown as WindowStub;
  const original = window.showWarningMessage;
  window.showWarningMessage = (message: unknown, ...rest: unknown[]) => {
    const options = rest[0] as { modal?: boolean; detail?: string } | undefined;
    const host = /^Send your Close API key to (.+)\?$/.exec(String(message))?.[1];
    const boundHost = /^The key was checked with (.+?), but /.exec(options?.detail ?? '')?.[1];
    if (!options?.modal || host === undefined || boundHost === undefined) return original.call(vscode.window, message, ...rest);
    return Promise.resolve(send(host, boundHost) ? rest[1] : undefined);
  };
  return () => {
    window.showWarningMessage = original;
  };
}

describe('Trust: the key goes only where the user sent it', function () {
  /** The stored key and the origin it is bound to (the account it was checked as is kept beside them). */
  async function storedBinding(): Promise<{ key: string; origin: string }> {
    const { key, origin } = JSON.parse((await ext.services.context.secrets.get(activeSecretName(ext)))!) as { key: string; origin: string };
    return { key, origin };
  }

  this.timeout(60_000);
  let home: FakeServer;
  let other: FakeServer;
  let ext: CloseOpportunitiesApi;
  /** Undoes the answer given to the question before the key goes to another origin; the user is asked again. */
  let stopAnswering: (() => void) | undefined;

  before(async () => {
    ext = await api();
    home = await startFakeServer({ opportunities: 30, seed: 21, apiKey: KEY });
    other = await startFakeServer({ opportunities: 30, seed: 22, apiKey: KEY });
    await config().update('apiBaseUrl', home.url, vscode.ConfigurationTarget.Global);
    await ext.services.connection.setApiKey(KEY);
  });

  afterEach(() => {
    stopAnswering?.();
    stopAnswering = undefined;
  });

  after(async () => {
    const stop = answerSendKey(() => false);
    await ext.services.connection.signOut();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    stop();
    await home.close();
    await other.close();
  });

  it('binds the stored key to the origin whose GET /me/ accepted it', async () => {
    assert.deepEqual(await storedBinding(), { key: KEY, origin: originOf(home) });
  });

  it('sends nothing to a new base URL until the user confirms, and says so when they do not', async () => {
    const asked: string[] = [];
    stopAnswering = answerSendKey((host, bound) => {
      asked.push(`${host} (bound to ${bound})`);
      return false;
    });
    other.resetRequests();
    await config().update('apiBaseUrl', other.url, vscode.ConfigurationTarget.Global);
    // What the tree, a hover or a command does first: ask for the client.
    assert.equal(await ext.services.connection.client(), undefined);
    assert.equal(ext.services.connection.keyNotSentTo, hostOf(other));
    assert.deepEqual(asked, [`${hostOf(other)} (bound to ${hostOf(home)})`]);
    assert.equal(other.requests.length, 0, 'nothing reached the new server');
    assert.equal(ext.services.connection.connected, false);
    assert.deepEqual(await ext.treeProvider.getChildren(), []);
    assert.match(ext.treeView.view.description ?? '', new RegExp(`Key not sent to ${hostOf(other).replace(/\./g, '\\.')}`));
    const welcome = vscode.extensions.getExtension('close-opportunities.close-opportunities')!.packageJSON.contributes.viewsWelcome;
    assert.ok(
      welcome.some((w: { when: string }) => w.when.startsWith('closeOpportunities.keyNotSent')),
      'a welcome view says why',
    );
    // Hovers, commands and reloads get nothing either, and are not asked again.
    assert.equal(await ext.services.connection.client(), undefined);
    assert.equal(asked.length, 1);
    assert.equal(other.requests.length, 0);
    assert.deepEqual(await storedBinding(), { key: KEY, origin: originOf(home) });
  });

  it('after the user confirms (Refresh asks again), checks the key there with GET /me/ first, then binds it there', async () => {
    stopAnswering = answerSendKey(() => true);
    other.resetRequests();
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    assert.equal(ext.services.connection.connected, true);
    await waitFor('rows from the new server', async () => (await ext.treeProvider.getChildren()).some((node) => node.kind === 'opportunity'));
    assert.equal(other.requests[0].path, '/api/v1/me/');
    assert.deepEqual(await storedBinding(), { key: KEY, origin: originOf(other) });
    assert.match(ext.services.connection.label ?? '', new RegExp(` at ${hostOf(other).replace(/\./g, '\\.')}$`));
  });

  it('takes a key stored before keys were bound as bound to api.close.com', async () => {
    const asked: string[] = [];
    stopAnswering = answerSendKey((host, bound) => {
      asked.push(`${host} (bound to ${bound})`);
      return false;
    });
    await config().update('apiBaseUrl', home.url, vscode.ConfigurationTarget.Global);
    home.resetRequests();
    // As an older version in another window keeps it: it becomes an organization of its own, bound to api.close.com.
    await ext.services.connection.signOut();
    await ext.services.context.secrets.store(SECRET, KEY);
    const bound = `${hostOf(home)} (bound to api.close.com)`;
    await waitFor('the question for a plain key', async () => {
      await ext.services.connection.client();
      return asked.includes(bound);
    });
    assert.equal(ext.services.connection.keyNotSentTo, hostOf(home));
    assert.equal(home.requests.length, 0);
  });

  it('asks in a modal that names the host', async () => {
    const shown: { message: unknown; options: unknown; items: unknown[] }[] = [];
    const answer = await withWindowStub(
      'showWarningMessage',
      (message: unknown, options: unknown, ...items: unknown[]) => {
        shown.push({ message, options, items });
        return Promise.resolve(undefined);
      },
      () => confirmSendKey('close-proxy.example.com:8443', 'api.close.com'),
    );
    assert.equal(answer, false);
    assert.equal(shown.length, 1);
    assert.match(String(shown[0].message), /close-proxy\.example\.com:8443/);
    const options = shown[0].options as { modal?: boolean; detail?: string };
    assert.equal(options.modal, true);
    assert.match(options.detail ?? '', /checked with api\.close\.com/);
    assert.match(String(shown[0].items[0]), /close-proxy\.example\.com:8443/);
  });

  it('warns about a user name and password in the base URL, and never sends or logs them', async () => {
    await ext.services.connection.setApiKey(KEY);
    const warnings: string[] = [];
    const withCredentials = home.url.replace('http://', 'http://someone:pw_hunter2@');
    await withWindowStub(
      'showWarningMessage',
      (message: unknown) => {
        warnings.push(String(message));
        return Promise.resolve(undefined);
      },
      async () => {
        await config().update('apiBaseUrl', withCredentials, vscode.ConfigurationTarget.Global);
        home.resetRequests();
        await vscode.commands.executeCommand('closeOpportunities.refresh');
        await waitFor('a warning', () => warnings.length > 0);
      },
    );
    assert.match(warnings[0], /closeOpportunities\.apiBaseUrl contains a user name or password/);
    assert.ok(!warnings[0].includes('pw_hunter2'), warnings[0]);
    assert.ok(home.requests.length > 0 && home.requests.every((r) => r.authorization === 'basic'));
    const logDir = ext.services.context.logUri.fsPath;
    const file = fs.readdirSync(logDir).find((f) => f.includes('Close'))!;
    assert.ok(!fs.readFileSync(path.join(logDir, file), 'utf8').includes('pw_hunter2'));
    await config().update('apiBaseUrl', home.url, vscode.ConfigurationTarget.Global);
  });
});

describe('Trust: server text is never a live link', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;
  const HOSTILE = '[Reset your key](command:workbench.action.terminal.new) or see https://evil.com';

  before(async () => {
    ext = await api();
    server = await startFakeServer({ opportunities: 30, seed: 23, apiKey: KEY });
    await config().update('apiBaseUrl', server.url, vscode.ConfigurationTarget.Global);
    await ext.services.connection.setApiKey(KEY);
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  it('shows the error text of a 400 inert in the tree message', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    // The tree's page, not the summary's _limit=0 request (either may arrive first).
    server.script({
      status: 400,
      path: /\/opportunity\/$/,
      query: { _limit: String(vscode.workspace.getConfiguration('closeOpportunities').get<number>('pageSize', 100)) },
      body: { error: HOSTILE },
    });
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    await waitFor('the error message', () => (ext.treeView.view.message ?? '').startsWith('Could not load'));
    const message = ext.treeView.view.message!;
    assert.ok(!LIVE_LINK.test(message), message);
    assert.ok(message.replace(/\u2060/g, '').includes(HOSTILE), message);
  });

  it('shows the error text of a 4xx inert in a notification', async () => {
    const id = server.dataset.opportunities[0].id;
    const errors: string[] = [];
    server.script({ status: 403, path: new RegExp(`/opportunity/${id}/$`), body: { error: HOSTILE } });
    await withWindowStub(
      'showErrorMessage',
      (message: unknown) => {
        errors.push(String(message));
        return Promise.resolve(undefined);
      },
      async () => vscode.commands.executeCommand('closeOpportunities.showDetails', id),
    );
    assert.equal(errors.length, 1);
    assert.ok(!LIVE_LINK.test(errors[0]), errors[0]);
    assert.ok(errors[0].replace(/\u2060/g, '').includes(HOSTILE), errors[0]);
  });

  it('names the host in the key box, and the organization inertly and the host in "Connected as"', async () => {
    const me = { ...server.dataset.me, organizations: [{ id: 'orga_x1', name: '[Open settings](command:workbench.action.openSettings) Inc' }] };
    server.script({ status: 200, path: /\/me\/$/, body: me });
    const shown: string[] = [];
    let accept: (() => unknown) | undefined;
    const box = {
      prompt: '',
      value: '',
      validationMessage: undefined as string | undefined,
      onDidChangeValue: () => ({ dispose() {} }),
      onDidAccept: (listener: () => unknown) => {
        accept = listener;
        return { dispose() {} };
      },
      onDidHide: () => ({ dispose() {} }),
      show() {},
      dispose() {},
    };
    await withWindowStub(
      'showInformationMessage',
      (message: unknown) => {
        shown.push(String(message));
        return Promise.resolve(undefined);
      },
      () =>
        withWindowStub(
          'createInputBox',
          () => box,
          async () => {
            const done = vscode.commands.executeCommand('closeOpportunities.setApiKey');
            await waitFor('the key box', () => accept !== undefined);
            box.value = KEY;
            await accept!();
            await done;
          },
        ),
    );
    assert.equal(box.validationMessage, undefined);
    assert.ok(box.prompt.includes(`checked with ${hostOf(server)}`), box.prompt);
    const connected = shown.find((message) => message.startsWith('Connected as'));
    assert.ok(connected, shown.join(' | '));
    assert.ok(!LIVE_LINK.test(connected), connected);
    assert.ok(connected.replace(/\u2060/g, '').includes('[Open settings](command:workbench.action.openSettings) Inc'), connected);
    assert.ok(connected.endsWith(` at ${hostOf(server)}.`), connected);
  });
});
