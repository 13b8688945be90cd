// `npm run demo`: the extension with sample data (closeOpportunities.demo: true) in a fresh profile.
// - desktop VS Code (`code` on PATH): an Extension Development Host window on this folder's build;
// - otherwise code-server (installed into the cache on first use) on 127.0.0.1: open the printed URL.
// Runs until Ctrl-C (or until the desktop window is closed) and removes the throw-away profile.
//
// Environment: CLOSE_DEMO_WEB=1 forces code-server even with `code` on PATH; CLOSE_DEMO_PORT fixes the
// port (default: a free one); CLOSE_VSCODE_CACHE moves the code-server cache.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BASE_SETTINGS, REPO_ROOT, startCodeServer } from './vscode-server.mjs';

const DEMO_SETTINGS = { 'closeOpportunities.demo': true };

function build() {
  console.log('demo: building the extension');
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The build failed (see above).');
}

function desktopCode() {
  if (process.env.CLOSE_DEMO_WEB === '1') return undefined;
  const found = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.split(/\r?\n/)[0].trim() : undefined;
}

/** Desktop VS Code: a new window with the development extension, in a throw-away profile. */
async function runDesktop(code) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'close-demo-'));
  const userData = path.join(scratch, 'user-data');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...DEMO_SETTINGS }, null, 2));
  console.log(`demo: opening VS Code (${code}) with the extension from ${REPO_ROOT}; close the window to end the demo`);
  const child = spawn(
    code,
    ['--new-window', '--wait', '--user-data-dir', userData, '--extensions-dir', path.join(scratch, 'extensions'), `--extensionDevelopmentPath=${REPO_ROOT}`, workspace],
    { stdio: 'inherit' },
  );
  const cleanup = () => fs.rmSync(scratch, { recursive: true, force: true });
  process.on('SIGINT', () => {
    child.kill();
    cleanup();
    process.exit(130);
  });
  await new Promise((resolve) => child.on('exit', resolve));
  cleanup();
}

/** code-server on 127.0.0.1 with the built extension copied into a fresh extensions dir. */
async function runWeb() {
  console.log('demo: starting VS Code in the browser (code-server); the first run installs it, which takes a few minutes');
  const server = await startCodeServer({
    settings: DEMO_SETTINGS,
    extension: { folder: REPO_ROOT },
    port: process.env.CLOSE_DEMO_PORT ? Number(process.env.CLOSE_DEMO_PORT) : undefined,
  });
  const url = `${server.url}?folder=${encodeURI(server.workspace)}`;
  console.log('');
  console.log(`  Close Opportunities demo (sample data) is running at:`);
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log('  Open it in a browser and click the Close icon in the activity bar. Ctrl-C stops it.');
  console.log(`  (code-server log: ${server.logFile})`);
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping');
    await server.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  // Keep the event loop alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
}

async function main() {
  build();
  const code = desktopCode();
  if (code) await runDesktop(code);
  else await runWeb();
}

main().catch((error) => {
  console.error(`demo: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
