// The hover on opportunity ids inside a real VS Code, against the fake Close server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, config, connectToFake, disconnectFromFake } from './extensionApi';

const UNKNOWN_ID = 'oppo_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ';

/** Text of every hover VS Code's providers give at the position (ours among them). */
async function hoverTexts(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
}

/** A document with the id in the middle of a line of code. */
async function documentWith(id: string, language = 'typescript'): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  const line = `const opportunity = client.get("${id}"); // from the logs`;
  const document = await vscode.workspace.openTextDocument({ content: `// header\n${line}\n`, language });
  return { document, position: new vscode.Position(1, line.indexOf(id) + 12) };
}

/** Markdown-escaped form of a plain string (as the hover writes server text). */
const escaped = (text: string) => text.replace(/[!-/:-@[-`{-~]/g, '\\$&');

describe('Hover on opportunity ids (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 200, seed: 31, apiKey: 'api_hover_test_key' });
  });

  after(async () => {
    await config().update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    await disconnectFromFake(ext, server);
  });

  beforeEach(() => ext.hover.cache.clear());

  it('shows the lead name, owner and status of an id in an editor', async () => {
    const o = server.dataset.opportunities.find((x) => x.lead_name && x.user_name && x.status_label)!;
    const { document, position } = await documentWith(o.id);
    const text = (await hoverTexts(document, position)).join('\n');
    assert.ok(text.includes(`**${escaped(o.lead_name!)}**`), text);
    assert.ok(text.includes(escaped(o.user_name!)), 'owner');
    assert.ok(text.includes(escaped(o.status_label!)), 'status');
    assert.ok(text.includes(`command:closeOpportunities.openInClose?${encodeURIComponent(JSON.stringify([o.id]))}`));
  });

  it('allows only its own commands in the hover links', async () => {
    const o = server.dataset.opportunities[0];
    const { document, position } = await documentWith(o.id);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
    const ours = hovers.flatMap((h) => h.contents).find((c) => c instanceof vscode.MarkdownString && c.value.includes('closeOpportunities.copyId')) as
      vscode.MarkdownString | undefined;
    // executeHoverProvider hands back plain copies; the trust settings are checked on the provider's own answer.
    const direct = await ext.hover.provideHover(document, position, new vscode.CancellationTokenSource().token);
    const markdown = direct?.contents[0] as vscode.MarkdownString;
    assert.ok(ours, 'our hover is among the hovers');
    assert.deepEqual(markdown.isTrusted, {
      enabledCommands: [
        'closeOpportunities.openInClose',
        'closeOpportunities.revealInSidebar',
        'closeOpportunities.copyId',
        'closeOpportunities.showLeadOpportunities',
        'closeOpportunities.setApiKey',
        'closeOpportunities.exploreSampleData',
      ],
    });
    assert.equal(markdown.supportHtml, false);
  });

  it('says an unknown id is not in this organization', async () => {
    const { document, position } = await documentWith(UNKNOWN_ID, 'plaintext');
    const text = (await hoverTexts(document, position)).join('\n');
    assert.match(text, /Not found in this Close organization/);
  });

  it('costs one request for 50 simultaneous hovers of one id, then none while cached', async () => {
    const o = server.dataset.opportunities[5];
    const { document, position } = await documentWith(o.id);
    server.resetRequests();
    const all = await Promise.all(Array.from({ length: 50 }, () => hoverTexts(document, position)));
    assert.ok(all.every((texts) => texts.join('\n').includes('closeOpportunities.copyId')));
    const fetched = () => server.requests.filter((r) => r.path === `/api/v1/opportunity/${o.id}/`).length;
    assert.equal(fetched(), 1);
    await hoverTexts(document, position);
    assert.equal(fetched(), 1);
  });

  it('shows nothing of ours beside an id or on a line over 10,000 characters', async () => {
    const o = server.dataset.opportunities[0];
    const long = await vscode.workspace.openTextDocument({ content: `${o.id} ${'x'.repeat(10_001)}`, language: 'plaintext' });
    assert.ok(!(await hoverTexts(long, new vscode.Position(0, 5))).some((t) => t.includes('closeOpportunities.')));
    const { document } = await documentWith(o.id);
    assert.ok(!(await hoverTexts(document, new vscode.Position(1, 2))).some((t) => t.includes('closeOpportunities.')));
  });

  it('stops hovering at once when the setting is turned off', async () => {
    const o = server.dataset.opportunities[0];
    const { document, position } = await documentWith(o.id);
    await config().update('hover.enabled', false, vscode.ConfigurationTarget.Global);
    assert.ok(!(await hoverTexts(document, position)).some((t) => t.includes('closeOpportunities.')));
    await config().update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    assert.ok((await hoverTexts(document, position)).some((t) => t.includes('closeOpportunities.')));
  });

  it('returns nothing for a cancelled hover while the others still get their answer', async () => {
    const o = server.dataset.opportunities[7];
    const { document, position } = await documentWith(o.id);
    server.setOptions({ latencyMs: 200 });
    try {
      const cancelled = new vscode.CancellationTokenSource();
      const first = ext.hover.provideHover(document, position, cancelled.token);
      const second = ext.hover.provideHover(document, position, new vscode.CancellationTokenSource().token);
      cancelled.cancel();
      assert.equal(await first, undefined);
      const answer = await second;
      const title = o.lead_name || o.contact_name || o.id;
      assert.ok((answer?.contents[0] as vscode.MarkdownString).value.startsWith(`**${escaped(title)}**`));
    } finally {
      server.setOptions({ latencyMs: 0 });
    }
  });

  it('offers to set a key when not connected', async () => {
    await ext.services.connection.signOut();
    try {
      const { document, position } = await documentWith(server.dataset.opportunities[0].id);
      const text = (await hoverTexts(document, position)).join('\n');
      assert.match(text, /command:closeOpportunities\.setApiKey/);
      assert.match(text, /command:closeOpportunities\.exploreSampleData/);
    } finally {
      await ext.services.connection.setApiKey(server.key);
    }
  });
  it('asks Close again after a refresh', async () => {
    const o = server.dataset.opportunities[9];
    const { document, position } = await documentWith(o.id, 'plaintext');
    server.resetRequests();
    await hoverTexts(document, position);
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    await hoverTexts(document, position);
    assert.equal(server.requests.filter((r) => r.path === `/api/v1/opportunity/${o.id}/`).length, 2);
  });
});
