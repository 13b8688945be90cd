// Several Close organizations in a real VS Code (code-server + Chromium) with the packaged extension: two keys
// of one fake Close, each with its own organization, added with Set API Key and switched in the palette.
import * as assert from 'node:assert/strict';
import { startFakeServer, type FakeServer } from '../../src/fake/server';
import { pollFor, useVSCode } from './harness';

const ACME_KEY = 'api_acme_e2e_key';
const BETA_KEY = 'api_beta_e2e_key';

describe('Several organizations', function () {
  this.timeout(180_000);
  let server: FakeServer;
  const settings: Record<string, unknown> = {};

  before(async () => {
    server = await startFakeServer({
      apiKey: ACME_KEY,
      opportunities: 80,
      seed: 61,
      organizationName: 'Acme Corp',
      organizations: [{ apiKey: BETA_KEY, organizationName: 'Beta GmbH', currency: 'EUR', opportunities: 30, seed: 62 }],
    });
    settings['closeOpportunities.apiBaseUrl'] = server.url;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings });

  async function statusBarText(): Promise<string> {
    return (await vscode().extensionStatusBarItems()).map((i) => i.text).join(' | ');
  }

  it('adds a second organization with Set API Key and switches between the two in the palette', async () => {
    await vscode().openContainer();
    await vscode().connected(ACME_KEY);
    await pollFor(statusBarText, (text) => text.includes(' 80 opps'), 'the totals of Acme');
    assert.ok(!(await statusBarText()).includes('Acme Corp'), 'one organization: not named');

    await vscode().runCommand('Close: Set API Key');
    await vscode().fillQuickInput(BETA_KEY);
    await vscode().waitForNotification(/Connected as .*Beta GmbH/);
    await pollFor(statusBarText, (text) => text.includes('Beta GmbH') && text.includes(' 30 opps'), 'the totals of Beta, named');
    assert.match(await vscode().viewDescription(), /^Beta GmbH/);

    await vscode().runCommand('Close: Switch Organization');
    await vscode().waitForQuickPickItems((labels) => labels.includes('Acme Corp') && labels.includes('Beta GmbH'));
    await vscode().pickQuickItem('Acme Corp');
    await pollFor(statusBarText, (text) => text.includes('Acme Corp') && text.includes(' 80 opps'), 'the totals of Acme, named');
    await pollFor(
      () => vscode().viewDescription(),
      (text) => text.startsWith('Acme Corp'),
      'the view named after Acme',
    );
    await vscode().screenshot('organizations-switched');
    // Each request came with one of the two keys.
    assert.deepEqual(
      server.requests.filter((r) => r.authorization !== 'basic'),
      [],
    );
  });
});
