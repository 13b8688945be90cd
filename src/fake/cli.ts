// Command line of the fake Close server (bundled to dist/fake-server.js):
//   node dist/fake-server.js --port 0 --opportunities 10000 --latency 250 --rate 40/1s [--seed N] [--key K] [--currency EUR]
//     [--host H] [--jitter MS] [--legacy-rate-limit] [--error-rate 0.1] [--reset-rate R] [--truncate-rate R]
//     [--malformed-rate R] [--slow-body MS] [--max-limit N] [--max-skip N] [--evolve MS]
// Prints exactly one JSON line {"url": "...", "key": "..."} on stdout once listening; exits 0 on SIGTERM/SIGINT.
import type { FaultOptions } from './faults';
import { startFakeServer, type FakeServer, type FakeServerOptions } from './server';

export class UsageError extends Error {}

const FLAGS = new Set(['--legacy-rate-limit', '--help']);

/** Parses `40/1s`, `100/30s`, `40/1` into a limit and a window in seconds. */
export function parseRate(text: string): { limit: number; windowSeconds: number } {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)s?$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new UsageError(`--rate expects LIMIT/WINDOW such as 40/1s, got '${text}'`);
  }
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
}

export function parseArguments(argv: readonly string[]): FakeServerOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (FLAGS.has(argument)) {
      flags.add(argument);
      continue;
    }
    const [name, inline] = argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    if (!name.startsWith('--')) throw new UsageError(`unexpected argument '${argument}'`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  if (flags.has('--help')) throw new UsageError('usage: fake-server [--port N] [--opportunities N] [--latency MS] [--rate N/Ws] ...');

  const number = (name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const value = values.get(name);
    values.delete(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new UsageError(`${name} expects a number between ${min} and ${max}, got '${value}'`);
    }
    return parsed;
  };
  const text = (name: string): string | undefined => {
    const value = values.get(name);
    values.delete(name);
    return value;
  };

  const options: FakeServerOptions = {
    host: text('--host'),
    port: number('--port', 0, 65535),
    opportunities: number('--opportunities', 0, 10_000_000),
    seed: number('--seed'),
    apiKey: text('--key'),
    latencyMs: number('--latency'),
    jitterMs: number('--jitter'),
    maxLimit: number('--max-limit', 1),
    maxSkip: number('--max-skip'),
  };
  const currency = text('--currency');
  if (currency !== undefined && currency !== 'USD' && currency !== 'EUR' && currency !== 'GBP')
    throw new UsageError(`--currency expects USD, EUR or GBP, got '${currency}'`);
  if (currency !== undefined) options.currency = currency;
  const evolveMs = number('--evolve', 1000);
  if (evolveMs !== undefined) options.evolve = { everyMs: evolveMs };
  const rate = text('--rate');
  if (rate !== undefined) options.rateLimit = { ...parseRate(rate), legacy: flags.has('--legacy-rate-limit') };
  else if (flags.has('--legacy-rate-limit')) throw new UsageError('--legacy-rate-limit needs --rate');
  const faults: FaultOptions = {
    serverErrorRate: number('--error-rate', 0, 1),
    resetRate: number('--reset-rate', 0, 1),
    truncateRate: number('--truncate-rate', 0, 1),
    malformedRate: number('--malformed-rate', 0, 1),
    slowBodyMs: number('--slow-body'),
  };
  for (const name of Object.keys(faults) as (keyof FaultOptions)[]) if (faults[name] === undefined) delete faults[name];
  if (Object.keys(faults).length > 0) options.faults = faults;
  const unknown = [...values.keys()];
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(', ')}`);
  for (const name of Object.keys(options) as (keyof FakeServerOptions)[]) if (options[name] === undefined) delete options[name];
  return options;
}

async function main(): Promise<void> {
  let options: FakeServerOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`fake-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  // Signal handlers come first: whoever reads the JSON line may stop us right away.
  let server: FakeServer | undefined;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    if (!server) process.exit(0);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  server = await startFakeServer(options);
  process.stdout.write(`${JSON.stringify({ url: server.url, key: server.key })}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`fake-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
