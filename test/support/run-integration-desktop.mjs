// Runs the integration suite in desktop VS Code through @vscode/test-electron (downloads VS Code into
// .vscode-test/ on first use). For a developer's desktop: the CI machines have no desktop VS Code and
// run the same suite in code-server instead (run-integration.mjs).
//
//   npm run test:integration:desktop            (VS Code stable)
//   CLOSE_VSCODE_VERSION=1.95.0 npm run test:integration:desktop
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const extensionTestsPath = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`)) throw new Error('Missing out/test/integration/index.js: run `npm run compile-tests` first.');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'close-vscode-desktop-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(scratch, 'user-data', 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(
    path.join(scratch, 'user-data', 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
      },
      null,
      2,
    ),
  );
  try {
    await runTests({
      version: process.env.CLOSE_VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(scratch, 'user-data'),
        '--extensions-dir',
        path.join(scratch, 'extensions'),
      ],
      extensionTestsEnv: process.env.CLOSE_TEST_GREP ? { CLOSE_TEST_GREP: process.env.CLOSE_TEST_GREP } : undefined,
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
