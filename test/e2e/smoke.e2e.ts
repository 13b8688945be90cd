import * as assert from 'node:assert/strict';
import { CONTAINER_TITLE, pollFor, TREE_VIEW, useVSCode } from './harness';

describe('Smoke: the packaged extension in VS Code', function () {
  const vscode = useVSCode();

  it('shows the Close container in the activity bar', async () => {
    const item = vscode().activityBarItem(CONTAINER_TITLE);
    assert.equal(await item.isVisible(), true);
    assert.match((await item.getAttribute('aria-label')) ?? '', /^Close/);
  });

  it('opens the container with the Opportunities view showing its welcome view or rows', async () => {
    await vscode().openContainer();
    const pane = vscode().viewPane(TREE_VIEW);
    assert.equal(await pane.isVisible(), true);
    // Without an API key the tree shows the welcome view; a connected tree shows rows instead. Either comes
    // once the extension has activated, which may be after the view opens.
    const { welcome, rows } = await pollFor(
      async () => ({ welcome: await vscode().welcomeView(), rows: await vscode().treeRows() }),
      (seen) => seen.welcome.buttons.length > 0 || seen.rows.length > 0,
      'the welcome view or rows',
    ).catch(async () => ({ welcome: await vscode().welcomeView(), rows: await vscode().treeRows() }));
    await vscode().screenshot('smoke-close-container');
    assert.ok(welcome.buttons.length > 0 || rows.length > 0, `neither welcome view nor rows: ${JSON.stringify({ welcome, rows })}`);
    if (welcome.buttons.length > 0) assert.ok(welcome.buttons.includes('Set API Key'), `welcome buttons: ${welcome.buttons.join(', ')}`);
  });
});
