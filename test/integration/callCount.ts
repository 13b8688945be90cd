// Counts the extension's own function calls while something runs, with V8's precise coverage (call counts),
// and names the source files they were in through the bundles' source maps. For the walk of one filter
// change in filterChange.test.ts: how many calls, functions and files one user action costs.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CallCount {
  /** Every call of a function of the bundles, summed. */
  calls: number;
  /** Functions called at least once. */
  functions: number;
  /** The source files (relative to the repository) those functions are in, sorted. */
  files: string[];
}

interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: { startOffset: number; endOffset: number; count: number }[] }[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** The source file of each offset of a bundle, through its `.map` beside it. */
function sourceOf(bundle: string, root: string): (offset: number) => string | undefined {
  const text = fs.readFileSync(bundle, 'utf8');
  const map = new SourceMap(JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    const entry = map.findEntry(low, offset - lineStarts[low]) as { originalSource?: string };
    if (!entry.originalSource) return undefined;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(bundle), entry.originalSource);
    return path.relative(root, source).split(path.sep).join('/');
  };
}

/** Runs `run` and counts the calls into `bundles` (absolute paths of built .js files with their maps) meanwhile. */
export async function countCalls(bundles: string[], root: string, run: () => Promise<void>): Promise<CallCount> {
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    await post(session, 'Profiler.takePreciseCoverage'); // starts the counts from zero
    await run();
    const { result } = await post<{ result: ScriptCoverage[] }>(session, 'Profiler.takePreciseCoverage');
    await post(session, 'Profiler.stopPreciseCoverage');
    let calls = 0;
    let functions = 0;
    const files = new Set<string>();
    for (const script of result) {
      const file = script.url.startsWith('file:') ? fileURLToPath(script.url) : script.url;
      if (!bundles.includes(file)) continue;
      const source = sourceOf(file, root);
      for (const fn of script.functions) {
        const { count, startOffset } = fn.ranges[0];
        if (count === 0) continue;
        const where = source(startOffset);
        if (!where?.startsWith('src/')) continue;
        calls += count;
        functions++;
        files.add(where);
      }
    }
    return { calls, functions, files: [...files].sort() };
  } finally {
    session.disconnect();
  }
}
