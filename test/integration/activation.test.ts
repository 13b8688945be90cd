import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { EXTENSION_ID } from './extensionApi';

describe('Activation', () => {
  it('finds the extension installed under its manifest id', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    assert.equal(extension.packageJSON.name, 'close-opportunities');
  });

  it('activates without throwing', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('runs in Test mode here, the only mode in which it gives out its running pieces', async () => {
    const extension = vscode.extensions.getExtension<CloseOpportunitiesApi | undefined>(EXTENSION_ID);
    assert.ok(extension);
    const running = await extension.activate();
    assert.ok(running, 'the tests get the running pieces');
    assert.equal(running.services.context.extensionMode, vscode.ExtensionMode.Test);
    assert.equal(extension.exports, running);
  });

  it('registers the key and refresh commands once active', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    const missing = ['closeOpportunities.setApiKey', 'closeOpportunities.refresh'].filter((id) => !commands.includes(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });
});
