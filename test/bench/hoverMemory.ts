// Benchmarks of the hover (budget: cached ≤ 1 ms; 50 simultaneous hovers of one id cost one request)
// and of memory (100,000 opportunities as the tree keeps them ≤ 150 MB of heap). The hover is driven
// through its vscode-free part (cache + client + Markdown), against the fake Close server on loopback.
//
//   node out/test/bench/hoverMemory.js              prints {"hover": …, "memory": …}
//   node --expose-gc out/test/bench/hoverMemory.js --memory-child   (used by benchMemory)
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';
import { CloseClient } from '../../src/close/client';
import { startFakeServer } from '../../src/fake/server';
import { OpportunityCache } from '../../src/features/hover/hoverCache';
import { hoverMarkdownFor } from '../../src/features/hover/hoverContent';
import { OpportunityNode } from '../../src/views/tree/treeNodes';
import { ROW_FIELDS, toRow } from '../../src/views/tree/rows';
import type { BenchSection } from './bench';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface HoverBench {
  /** Median time of a hover whose opportunity is cached (lookup + Markdown). */
  cached_ms: number;
  /** Median time of a hover that fetches the opportunity from the (local) server. */
  uncached_ms: number;
  /** Requests the server received for 50 simultaneous hovers of one id. */
  concurrent_50_requests: number;
}

export interface MemoryBench {
  /** Heap used (after GC) with 100,000 opportunities loaded as the tree keeps them. */
  heap_mb_100k: number;
  /** Heap used (after GC) before loading, for comparison. */
  heap_mb_baseline: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

export async function benchHover(): Promise<HoverBench> {
  const server = await startFakeServer({ opportunities: 2000, seed: 1 });
  const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
  try {
    const ids = server.dataset.opportunities.slice(0, 200).map((o) => o.id);
    const cache = new OpportunityCache((id, signal) => client.getOpportunity(id, signal));
    const hover = (id: string) => hoverMarkdownFor(id, cache, { connected: true, signal: new AbortController().signal });

    // Warm up the HTTP layer and the formatters.
    await hover(server.dataset.opportunities[500].id);

    const uncached: number[] = [];
    for (const id of ids) {
      const start = performance.now();
      const text = await hover(id);
      uncached.push(performance.now() - start);
      if (!text?.includes('closeOpportunities.copyId')) throw new Error(`no hover for ${id}`);
    }
    const cached: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const id of ids) {
        const start = performance.now();
        await hover(id);
        cached.push(performance.now() - start);
      }
    }

    const fresh = new OpportunityCache((id, signal) => client.getOpportunity(id, signal));
    const id = server.dataset.opportunities[1000].id;
    server.resetRequests();
    await Promise.all(Array.from({ length: 50 }, () => hoverMarkdownFor(id, fresh, { connected: true, signal: new AbortController().signal })));
    const concurrent = server.requests.filter((r) => r.path === `/api/v1/opportunity/${id}/`).length;

    return { cached_ms: round(median(cached)), uncached_ms: round(median(uncached)), concurrent_50_requests: concurrent };
  } finally {
    await client.close();
    await server.close();
  }
}

/** Starts the fake server CLI in its own process, so its dataset is not counted in our heap. */
async function startFakeProcess(opportunities: number): Promise<{ url: string; key: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'dist', 'fake-server.js'), '--port', '0', '--opportunities', String(opportunities), '--seed', '1', '--max-limit', '200'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake server exited (${code})`)));
  });
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return { url, key, stop: () => child.kill('SIGTERM') };
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** In the `--expose-gc` child: loads 100,000 opportunities with the tree's `_fields`, keeps rows + nodes. */
async function memoryChild(): Promise<MemoryBench> {
  const fake = await startFakeProcess(100_000);
  try {
    const client = new CloseClient({ baseUrl: fake.url, credentials: { apiKey: fake.key }, maxConcurrency: 8 });
    // Load the HTTP layer first: it is part of the baseline, not of the opportunities.
    await client.listOpportunities({}, { skip: 0, limit: 0 });
    const baseline = heapMb();
    let result: Awaited<ReturnType<CloseClient['fetchAll']>> | undefined = await client.fetchAll(
      { order_by: { field: 'date_updated', descending: true }, fields: [...ROW_FIELDS] },
      { limit: 200 },
    );
    const nodes = result.objects.map((o) => new OpportunityNode(toRow(o), undefined));
    result = undefined;
    await client.close();
    const loaded = heapMb();
    if (nodes.length !== 100_000) throw new Error(`loaded ${nodes.length} opportunities, expected 100000`);
    return { heap_mb_100k: round(loaded, 1), heap_mb_baseline: round(baseline, 1) };
  } finally {
    fake.stop();
  }
}

/** Runs the memory measurement in a fresh `node --expose-gc` process. */
export async function benchMemory(): Promise<MemoryBench> {
  const child = spawn(process.execPath, ['--expose-gc', __filename, '--memory-child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`memory benchmark failed (exit ${code})`);
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as MemoryBench;
}

export const hoverSection: BenchSection = {
  key: 'hover',
  title: 'Hover on an opportunity id (cache + client + Markdown, fake server on loopback)',
  async run() {
    const json = await benchHover();
    const rows: [string, string][] = [
      ['cached, median (target ≤ 1 ms)', `${json.cached_ms} ms`],
      ['uncached (one GET on loopback), median', `${json.uncached_ms} ms`],
      ['50 simultaneous hovers of one id (target 1 request)', `${json.concurrent_50_requests} request(s)`],
    ];
    return { rows, json };
  },
};

export const memorySection: BenchSection = {
  key: 'memory',
  title: 'Heap with 100,000 opportunities as the tree keeps them (node --expose-gc, after GC)',
  async run() {
    const json = await benchMemory();
    const rows: [string, string][] = [
      ['before loading (code, HTTP layer)', `${json.heap_mb_baseline} MB`],
      ['with 100,000 rows and tree nodes (target ≤ 150 MB)', `${json.heap_mb_100k} MB`],
    ];
    return { rows, json };
  },
};

if (require.main === module) {
  const main = process.argv.includes('--memory-child')
    ? memoryChild().then((memory) => console.log(JSON.stringify(memory)))
    : (async () => console.log(JSON.stringify({ hover: await benchHover(), memory: await benchMemory() })))();
  main.catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
