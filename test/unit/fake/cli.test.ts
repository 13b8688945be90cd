// The fake server's command line, as the benchmark and scripts run it: bundled by esbuild, one JSON line, clean exit.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { parseArguments } from '../../../src/fake/cli';

const root = path.resolve(__dirname, '../../../..');

interface Running {
  child: ChildProcess;
  line: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('fake server command line', function () {
  this.timeout(30000);
  let directory: string;
  let bundle: string;
  const children: ChildProcess[] = [];

  before(async () => {
    // The same bundle options as esbuild.mjs uses for dist/fake-server.js.
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-cli-'));
    bundle = path.join(directory, 'fake-server.js');
    await esbuild.build({
      entryPoints: [path.join(root, 'src/fake/cli.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
  });
  after(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(directory, { recursive: true, force: true });
  });

  function run(args: string[]): Running {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    return { child, line: '', stdout: () => out, stderr: () => err, exit };
  }

  async function started(args: string[]): Promise<Running & { url: string; key: string }> {
    const running = run(args);
    const line = await new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const newline = running.stdout().indexOf('\n');
        if (newline >= 0) resolve(running.stdout().slice(0, newline));
      };
      running.child.stdout!.on('data', check);
      void running.exit.then(({ code }) => reject(new Error(`exited ${code}: ${running.stderr()}`)));
    });
    const { url, key } = JSON.parse(line) as { url: string; key: string };
    return { ...running, line, url, key };
  }

  it('prints one JSON line with the url and key, and serves with that key', async () => {
    const server = await started(['--port', '0', '--opportunities', '50', '--seed', '3', '--key', 'api_cli_test', '--rate', '40/1s', '--latency', '0']);
    assert.deepEqual(Object.keys(JSON.parse(server.line)), ['url', 'key']);
    assert.equal(server.key, 'api_cli_test');
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/$/);
    const response = await fetch(`${server.url}opportunity/?_limit=1`, { headers: { authorization: `Basic ${Buffer.from('api_cli_test:').toString('base64')}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('ratelimit') ?? '', /^limit=40, remaining=39, reset=/);
    assert.equal(((await response.json()) as { total_results: number }).total_results, 50);
    server.child.kill('SIGTERM');
    assert.deepEqual(await server.exit, { code: 0, signal: null });
    assert.equal(server.stdout(), `${server.line}\n`, 'nothing else on stdout');
  });

  it('exits cleanly on SIGINT', async () => {
    const server = await started(['--opportunities', '10']);
    assert.match(server.key, /^api_/);
    server.child.kill('SIGINT');
    assert.deepEqual(await server.exit, { code: 0, signal: null });
  });

  it('uses the legacy rate-limit headers with --legacy-rate-limit', async () => {
    const server = await started(['--opportunities', '10', '--rate', '5/2s', '--legacy-rate-limit']);
    const response = await fetch(`${server.url}me/`, { headers: { authorization: `Bearer ${server.key}` } });
    assert.equal(response.headers.get('x-rate-limit-limit'), '5');
    assert.equal(response.headers.get('ratelimit'), null);
    server.child.kill('SIGTERM');
    assert.equal((await server.exit).code, 0);
  });

  it('refuses an unknown option with exit code 2, a message on stderr and nothing on stdout', async () => {
    const running = run(['--opportunitys', '10']);
    assert.deepEqual(await running.exit, { code: 2, signal: null });
    assert.match(running.stderr(), /unknown option --opportunitys/);
    assert.equal(running.stdout(), '');
  });

  it('turns the options into server options', () => {
    assert.deepEqual(
      parseArguments([
        '--port',
        '0',
        '--opportunities',
        '10000',
        '--latency',
        '250',
        '--rate',
        '40/1s',
        '--seed',
        '5',
        '--key',
        'K',
        '--jitter',
        '20',
        '--error-rate',
        '0.1',
      ]),
      {
        port: 0,
        opportunities: 10000,
        latencyMs: 250,
        rateLimit: { limit: 40, windowSeconds: 1, legacy: false },
        seed: 5,
        apiKey: 'K',
        jitterMs: 20,
        faults: { serverErrorRate: 0.1 },
      },
    );
    assert.deepEqual(parseArguments(['--rate=100/30s', '--legacy-rate-limit']), { rateLimit: { limit: 100, windowSeconds: 30, legacy: true } });
    assert.throws(() => parseArguments(['--rate', 'fast']), /--rate expects LIMIT\/WINDOW/);
    assert.throws(() => parseArguments(['--error-rate', '2']), /--error-rate expects a number between 0 and 1/);
    assert.deepEqual(parseArguments(['--currency', 'EUR']), { currency: 'EUR' });
    assert.throws(() => parseArguments(['--currency', 'XYZ']), /--currency expects USD, EUR or GBP/);
  });
});
