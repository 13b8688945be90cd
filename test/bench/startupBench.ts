// The bench's `startup` section: VS Code opens with a stored key and the tree visible, against the fake at
// 250 ms per response (an organization in EUR). Each run is a fresh process (startupChild.ts) with the built
// dist/extension.js; the kept results and the key's account come from an earlier run, as after a restart.
//   kept_rows_ms      view visible → the kept rows drawn (marked "· refreshing")
//   fresh_rows_ms     view visible → the current rows drawn; fresh_round_trips is that over 250 ms
//   requests          requests sent until the view is complete (current rows, status bar in euros, none in flight)
// With CLOSE_BENCH_BEFORE=<folder of another build> (e.g. main's, `node esbuild.mjs --production` there) the
// same runs alternate between that build and this one, side by side in one run.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, REPO_ROOT, startFakeProcess, type BenchSection } from './bench';

const LATENCY_MS = 250;
const RUNS = 7;

interface StartupRun {
  keptRowsMs: number | null;
  freshRowsMs: number | null;
  completeMs: number | null;
  requests: number;
  paths: string[];
  firstFrameCurrency: string | null;
  error?: string;
}

function startOnce(dist: string, url: string, storage: string, seed = false): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const args = [path.join(REPO_ROOT, 'out/test/bench/startupChild.js'), dist, url, storage, ...(seed ? ['--seed'] : [])];
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout: 60_000 }, (error, stdout) => {
      try {
        const run = JSON.parse(stdout.trim().split('\n').pop() ?? '') as StartupRun;
        if (run.error) reject(new Error(run.error));
        else resolve(run);
      } catch {
        reject(error ?? new Error(`no result from the start-up run: ${stdout}`));
      }
    });
  });
}

const round = (n: number | null) => (n === null ? null : Math.round(n));
const medianOf = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length ? median(known) : null;
};

export const startupSection: BenchSection = {
  key: 'startup',
  title: `Start with a stored key: kept and current rows, fake at ${LATENCY_MS} ms per response, median of ${RUNS}`,
  async run() {
    const fake = await startFakeProcess(['--opportunities', '2000', '--latency', String(LATENCY_MS), '--currency', 'EUR', '--seed', '4']);
    const builds = [{ name: 'this build', dist: path.join(REPO_ROOT, 'dist') }];
    const before = process.env.CLOSE_BENCH_BEFORE;
    if (before) builds.unshift({ name: `before (${before})`, dist: path.join(path.resolve(before), 'dist') });
    const folders: string[] = [];
    try {
      const prepared = [];
      for (const build of builds) {
        const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'close-startup-'));
        folders.push(storage);
        const secret = JSON.stringify({ key: fake.key, origin: new URL(fake.url).origin });
        fs.writeFileSync(path.join(storage, 'secret.json'), JSON.stringify({ 'closeOpportunities.apiKey': secret }));
        // Two earlier sessions: the first learns whose the key is, the second keeps results knowing it.
        await startOnce(build.dist, fake.url, storage, true);
        await startOnce(build.dist, fake.url, storage, true);
        prepared.push({ ...build, storage, runs: [] as StartupRun[] });
      }
      // Alternating, so both builds see the same machine.
      for (let i = 0; i < RUNS; i++) for (const build of prepared) build.runs.push(await startOnce(build.dist, fake.url, build.storage));
      const figures = prepared.map((build) => {
        const fresh = medianOf(build.runs.map((r) => r.freshRowsMs));
        return {
          build: build.name,
          kept_rows_ms: round(medianOf(build.runs.map((r) => r.keptRowsMs))),
          fresh_rows_ms: round(fresh),
          fresh_round_trips: fresh === null ? null : Math.round((fresh / LATENCY_MS) * 100) / 100,
          complete_ms: round(medianOf(build.runs.map((r) => r.completeMs))),
          requests: median(build.runs.map((r) => r.requests)),
          first_frame_currency: build.runs.map((r) => r.firstFrameCurrency),
          kept_runs_ms: build.runs.map((r) => round(r.keptRowsMs)),
          fresh_runs_ms: build.runs.map((r) => round(r.freshRowsMs)),
          request_paths: build.runs[0]?.paths,
        };
      });
      const rows: [string, string][] = [];
      for (const f of figures) {
        rows.push([f.build, '']);
        rows.push(['  kept rows (target ≤ 50 ms)', f.kept_rows_ms === null ? 'not shown' : `${f.kept_rows_ms} ms   runs: ${f.kept_runs_ms.join(', ')}`]);
        rows.push(['  current rows (target ≤ 1.2 round trips)', `${f.fresh_rows_ms} ms = ${f.fresh_round_trips} round trips   runs: ${f.fresh_runs_ms.join(', ')}`]);
        rows.push(['  view complete (rows, euros, nothing in flight)', `${f.complete_ms} ms`]);
        rows.push(['  requests until complete', `${f.requests}   (${(f.request_paths ?? []).join('; ')})`]);
        rows.push(['  currency of the first frame with rows', f.first_frame_currency.join(', ')]);
      }
      const json = before ? { before: figures[0], after: figures[1], runs: RUNS } : { ...figures[0], runs: RUNS };
      return { rows, json };
    } finally {
      await fake.stop();
      for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
    }
  },
};
