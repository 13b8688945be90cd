// `npm run bench`: the performance budget (CONTRIBUTING.md, Benchmarks), measured on the project's fake Close server.
// Prints a table per section, then as the very last line one JSON object with every section's figures.
//
// Sections are entries of `sections` (key → JSON key); add one (e.g. "hover", "memory") by appending to it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CloseClient } from '../../src/close/client';
import type { OpportunityFilter } from '../../src/close/filter';
import { exportSection } from './exportBench';
import { filterChangeSection } from './filterChangeBench';
import { hoverSection, memorySection } from './hoverMemory';
import { startupSection } from './startupBench';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface BenchSection {
  /** The key of this section's figures in the final JSON line. */
  key: string;
  title: string;
  /** Rows for the human table and the figures for the JSON line. */
  run(): Promise<{ rows: [string, string][]; json: unknown }>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FakeProcess {
  url: string;
  key: string;
  stop(): Promise<void>;
}

/**
 * The fake server in its own process (out/src/fake/cli.js), so its work does not share an event loop
 * with the client being measured.
 */
export async function startFakeProcess(args: string[]): Promise<FakeProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, 'out/src/fake/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`the fake server exited (${code}) before listening`)));
  });
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return {
    url,
    key,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ---- paging ------------------------------------------------------------------------------------------------

const OPPORTUNITIES = 10_000;
const PAGE = 100;
const LATENCY_MS = 250;
const RATE = 40;
const RUNS = 3;

/** What Close's example scripts do: request a page, wait for it, `_skip += len(data)`, until has_more is false. */
async function sequentialSkipLoop(client: CloseClient, filter: OpportunityFilter): Promise<number> {
  let skip = 0;
  for (;;) {
    const page = await client.listOpportunities(filter, { skip, limit: PAGE });
    skip += page.data.length;
    if (!page.has_more) return skip;
  }
}

export const pagingSection: BenchSection = {
  key: 'paging',
  title: `Reaching every page: ${OPPORTUNITIES.toLocaleString('en-US')} opportunities, ${LATENCY_MS} ms per response, ${RATE} requests/s`,
  async run() {
    const fake = await startFakeProcess(['--opportunities', String(OPPORTUNITIES), '--latency', String(LATENCY_MS), '--rate', `${RATE}/1s`]);
    const newClient = () => new CloseClient({ baseUrl: fake.url, credentials: { apiKey: fake.key } });
    try {
      // Load the HTTP layer once, outside the measurements.
      const warm = newClient();
      await warm.me();
      await warm.close();
      const ours: number[] = [];
      const sequential: number[] = [];
      const responses429: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A fresh rate-limit window and a fresh client (no connections, nothing learnt) for every run.
        await sleep(1100);
        const client = newClient();
        const started = performance.now();
        const result = await client.fetchAll({}, { limit: PAGE });
        ours.push(performance.now() - started);
        responses429.push(result.responses429);
        if (result.objects.length !== OPPORTUNITIES) throw new Error(`fetchAll returned ${result.objects.length} opportunities`);
        await client.close();
      }
      for (let run = 0; run < RUNS; run++) {
        await sleep(1100);
        const client = newClient();
        const started = performance.now();
        const count = await sequentialSkipLoop(client, {});
        sequential.push(performance.now() - started);
        if (count !== OPPORTUNITIES) throw new Error(`the sequential loop reached ${count} opportunities`);
        await client.close();
      }
      const pages = OPPORTUNITIES / PAGE;
      const boundMs = 2 * LATENCY_MS + ((pages - 1) / RATE) * 1000;
      const oursMs = median(ours);
      const sequentialMs = median(sequential);
      const json = {
        ours_ms: round(oursMs),
        sequential_ms: round(sequentialMs),
        bound_ms: round(boundMs),
        speedup_vs_sequential: round(sequentialMs / oursMs, 2),
        ratio_to_bound: round(oursMs / boundMs, 2),
        responses_429: Math.max(...responses429),
        runs: RUNS,
        ours_runs_ms: ours.map((ms) => round(ms)),
        sequential_runs_ms: sequential.map((ms) => round(ms)),
        responses_429_runs: responses429,
      };
      const rows: [string, string][] = [
        ['fetchAll (ours), median', `${json.ours_ms} ms   runs: ${json.ours_runs_ms.join(', ')}`],
        ['sequential _skip loop, median', `${json.sequential_ms} ms   runs: ${json.sequential_runs_ms.join(', ')}`],
        ['lower bound 2×latency + (pages−1)/rate', `${json.bound_ms} ms`],
        ['speed-up vs sequential (target ≥ 4×)', `${json.speedup_vs_sequential}×`],
        ['ours / bound (target ≤ 1.3)', `${json.ratio_to_bound}`],
        ['429 responses to ours (worst run; target ≤ 1 per window)', `${json.responses_429}   runs: ${responses429.join(', ')}`],
      ];
      return { rows, json };
    } finally {
      await fake.stop();
    }
  },
};

// ---- activation --------------------------------------------------------------------------------------------

const ACTIVATION_RUNS = 21;

function activateOnce(): Promise<{ requireMs: number; activateMs: number; totalMs: number; httpLoaded: boolean; laterLoaded: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', path.join(REPO_ROOT, 'out/test/bench/activationChild.js'), path.join(REPO_ROOT, 'dist/extension.js')],
      { cwd: REPO_ROOT },
      (error, stdout) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(error ?? new Error(`no result from the activation run: ${stdout}`));
        }
      },
    );
  });
}

export const activationSection: BenchSection = {
  key: 'activation',
  title: `Activation: require('dist/extension.js') + activate(), fresh process each, median of ${ACTIVATION_RUNS}`,
  async run() {
    const runs = [];
    for (let i = 0; i < ACTIVATION_RUNS; i++) {
      const run = await activateOnce();
      if (run.error) throw new Error(`activation failed: ${run.error}`);
      runs.push(run);
    }
    const json = {
      median_ms: round(median(runs.map((r) => r.totalMs)), 2),
      require_median_ms: round(median(runs.map((r) => r.requireMs)), 2),
      activate_median_ms: round(median(runs.map((r) => r.activateMs)), 2),
      min_ms: round(Math.min(...runs.map((r) => r.totalMs)), 2),
      http_layer_loaded: runs.some((r) => r.httpLoaded),
      later_bundle_loaded: runs.some((r) => r.laterLoaded),
      bundle_kb: round(fs.statSync(path.join(REPO_ROOT, 'dist/extension.js')).size / 1024, 1),
      later_bundle_kb: round(fs.statSync(path.join(REPO_ROOT, 'dist/later.js')).size / 1024, 1),
    };
    const rows: [string, string][] = [
      ['require + activate, median (target ≤ 10 ms)', `${json.median_ms} ms   (min ${json.min_ms} ms)`],
      ['  of which require', `${json.require_median_ms} ms`],
      ['  of which activate()', `${json.activate_median_ms} ms`],
      ["HTTP layer ('http'/'https') loaded on activation", json.http_layer_loaded ? 'yes' : 'no'],
      ['dist/later.js (loaded on first use) loaded on activation', json.later_bundle_loaded ? 'yes' : 'no'],
      ['bundle parsed on activation / kept for first use', `${json.bundle_kb} KB / ${json.later_bundle_kb} KB`],
    ];
    return { rows, json };
  },
};

// ---- group discovery ---------------------------------------------------------------------------------------

export const groupDiscoverySection: BenchSection = {
  key: 'group_discovery',
  title: `Bytes moved to find every group of ${OPPORTUNITIES.toLocaleString('en-US')} opportunities`,
  async run() {
    const fake = await startFakeProcess(['--opportunities', String(OPPORTUNITIES)]);
    const client = new CloseClient({ baseUrl: fake.url, credentials: { apiKey: fake.key } });
    try {
      const measure = async (grouping: 'date_won__month' | 'user_id') => {
        const filter = { group_by: { field: grouping, descending: false } };
        const full = await client.fetchAll(filter, { limit: PAGE });
        const fields = await client.discoverGroups(filter, { method: 'fields' });
        const cheapest = await client.discoverGroups(filter);
        const aggregate = grouping === 'user_id' ? cheapest : await client.discoverGroups(filter, { method: 'aggregate' });
        if (fields.groups.length !== full.groups!.length || aggregate.groups.length !== full.groups!.length) {
          throw new Error(`${grouping}: the methods found different groups`);
        }
        return { full, fields, aggregate, cheapest };
      };
      const month = await measure('date_won__month');
      const owner = await measure('user_id');
      const json = {
        grouping: 'date_won__month',
        groups: month.fields.groups.length,
        bytes_full: month.full.bytes,
        bytes_fields: month.fields.bytes,
        bytes_aggregate: month.aggregate.bytes,
        requests_full: month.full.requests,
        requests_fields: month.fields.requests,
        requests_aggregate: month.aggregate.requests,
        full_over_fields: round(month.full.bytes / month.fields.bytes, 1),
        full_over_aggregate: round(month.full.bytes / month.aggregate.bytes, 1),
        default_method: month.cheapest.method,
        by_owner: {
          groups: owner.fields.groups.length,
          bytes_full: owner.full.bytes,
          bytes_fields: owner.fields.bytes,
          default_method: owner.cheapest.method,
          bytes_default: owner.cheapest.bytes,
          full_over_fields: round(owner.full.bytes / owner.fields.bytes, 1),
        },
      };
      const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KiB`;
      const rows: [string, string][] = [
        [`by month (${json.groups} groups): full objects`, `${kb(json.bytes_full)} in ${json.requests_full} requests`],
        ['  _fields=id (target ≥ 10× fewer bytes)', `${kb(json.bytes_fields)} in ${json.requests_fields} requests  (${json.full_over_fields}× fewer)`],
        ['  one _limit=0 request per month', `${kb(json.bytes_aggregate)} in ${json.requests_aggregate} requests  (${json.full_over_aggregate}× fewer)`],
        ['  chosen by default', json.default_method],
        [`by owner (${json.by_owner.groups} groups): full objects`, kb(json.by_owner.bytes_full)],
        ['  _fields=id', `${kb(json.by_owner.bytes_fields)}  (${json.by_owner.full_over_fields}× fewer)`],
        ['  chosen by default (a deactivated owner is not in /user/)', `${json.by_owner.default_method}, ${kb(json.by_owner.bytes_default)}`],
      ];
      return { rows, json };
    } finally {
      await client.close();
      await fake.stop();
    }
  },
};

/** Every section, in the order they run. Append new ones here. */
// Activation first: it times milliseconds in fresh processes, best measured before the heavy sections load the machine.
export const sections: BenchSection[] = [
  activationSection,
  startupSection,
  pagingSection,
  groupDiscoverySection,
  filterChangeSection,
  hoverSection,
  memorySection,
  exportSection,
];

function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  console.log('-'.repeat(Math.min(110, title.length)));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

export async function runBench(only?: readonly string[]): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const section of sections) {
    if (only && only.length > 0 && !only.includes(section.key)) continue;
    const started = performance.now();
    try {
      const { rows, json } = await section.run();
      printTable(`${section.title}  (${round((performance.now() - started) / 1000, 1)} s)`, rows);
      result[section.key] = json;
    } catch (error) {
      console.log(`\n${section.title}\n  FAILED: ${error instanceof Error ? error.message : String(error)}`);
      result[section.key] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return result;
}

if (require.main === module) {
  // `node out/test/bench/bench.js [section keys…]` runs only those sections.
  runBench(process.argv.slice(2)).then(
    (result) => {
      const activation = result.activation as { median_ms?: number } | undefined;
      // The documented top-level figure; the section keeps the detail.
      const line = { paging: result.paging, activation_ms: activation?.median_ms, ...result };
      console.log(JSON.stringify(line));
      process.exit(Object.values(result).some((r) => typeof r === 'object' && r !== null && 'error' in r) ? 1 : 0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
