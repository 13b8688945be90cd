// Bench section "export": RSS growth and time exporting 100,000 opportunities from the fake to CSV, the
// way the extension does (streamed, `_fields`, pages in parallel), next to a plain sequential `_skip`
// export of the same data and to the previous way (every page in memory, then one write). Each way runs
// in a fresh Node process, so one's garbage is not counted in the next one's RSS.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as readline from 'node:readline';
import { CloseClient } from '../../src/close/client';
import type { OpportunityFilter } from '../../src/close/filter';
import { exportOpportunities, TempFileSink } from '../../src/features/export/exportFile';
import { CSV_COLUMNS, ExportChunks, toCsv } from '../../src/features/export/exportWriter';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const OPPORTUNITIES = 100_000;
const LATENCY_MS = 20;
const PAGE = 100;

type Way = 'streamed' | 'sequential' | 'buffered';

interface WayFigures {
  rss_mb: number;
  ms: number;
  rows: number;
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

async function startFake(): Promise<{ url: string; key: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'dist', 'fake-server.js'), '--port', '0', '--opportunities', String(OPPORTUNITIES), '--seed', '1', '--latency', String(LATENCY_MS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake server exited (${code})`)));
  });
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return { url, key, stop: () => child.kill('SIGTERM') };
}

/** In a fresh child: one way of exporting, with RSS sampled every 10 ms. */
async function exportChild(way: Way, url: string, key: string): Promise<WayFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'close-export-bench-'));
  const target = path.join(dir, 'export.csv');
  const client = new CloseClient({ baseUrl: url, credentials: { apiKey: key } });
  try {
    // The HTTP layer and a connection are part of the baseline, not of the export.
    await client.listOpportunities({}, { skip: 0, limit: 0 });
    const custom = (await client.listOpportunityCustomFields()).map((f) => `custom.${f.id}`).sort();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    const started = performance.now();
    let rows = 0;
    const filter: OpportunityFilter = { fields: [...CSV_COLUMNS, ...custom] };
    if (way === 'streamed') {
      rows = await exportOpportunities(client, {}, 'csv', await TempFileSink.open(target), {});
    } else if (way === 'sequential') {
      // What a simple script does: one page at a time, appended to the file.
      const chunks = new ExportChunks('csv', custom);
      const handle = await fs.promises.open(target, 'w');
      await handle.write(chunks.start());
      for (let skip = 0; ;) {
        const page = await client.listOpportunities(filter, { skip, limit: PAGE });
        const chunk = chunks.page(page.data as never);
        await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk));
        skip += page.data.length;
        rows += page.data.length;
        if (!page.has_more || page.data.length === 0) break;
      }
      await handle.close();
    } else {
      // The previous export: every full object in memory, then the whole text, then one write.
      const result = await client.fetchAll({}, { limit: PAGE });
      rows = result.objects.length;
      await fs.promises.writeFile(target, toCsv(result.objects), 'utf8');
    }
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    if (rows !== OPPORTUNITIES) throw new Error(`${way} export wrote ${rows} rows, expected ${OPPORTUNITIES}`);
    return { rss_mb: round((peak - baseline) / 1024 / 1024, 1), ms: round(ms), rows };
  } finally {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runWay(way: Way, url: string, key: string): Promise<WayFigures> {
  const child = spawn(process.execPath, [__filename, '--export-child', way, url, key], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the ${way} export failed (exit ${code})`);
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as WayFigures;
}

export const exportSection = {
  key: 'export',
  title: `Export of ${OPPORTUNITIES.toLocaleString('en-US')} opportunities to CSV (${LATENCY_MS} ms per response, RSS growth in a fresh process)`,
  async run(): Promise<{ rows: [string, string][]; json: unknown }> {
    const fake = await startFake();
    try {
      const streamed = await runWay('streamed', fake.url, fake.key);
      const sequential = await runWay('sequential', fake.url, fake.key);
      const buffered = await runWay('buffered', fake.url, fake.key);
      const json = {
        rss_mb_100k: streamed.rss_mb,
        ms_100k: streamed.ms,
        sequential_rss_mb_100k: sequential.rss_mb,
        sequential_ms_100k: sequential.ms,
        buffered_rss_mb_100k: buffered.rss_mb,
        buffered_ms_100k: buffered.ms,
      };
      const rows: [string, string][] = [
        ['streamed (ours): RSS growth (goal ≤ 50 MB), time', `${json.rss_mb_100k} MB, ${json.ms_100k} ms`],
        ['plain sequential _skip export, streamed', `${json.sequential_rss_mb_100k} MB, ${json.sequential_ms_100k} ms`],
        ['every page in memory, then one write (before)', `${json.buffered_rss_mb_100k} MB, ${json.buffered_ms_100k} ms`],
      ];
      return { rows, json };
    } finally {
      fake.stop();
    }
  },
};

if (require.main === module && process.argv[2] === '--export-child') {
  exportChild(process.argv[3] as Way, process.argv[4], process.argv[5]).then(
    (figures) => {
      console.log(JSON.stringify(figures));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
