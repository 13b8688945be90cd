// Scripted answers of the fake: replies queued by a test that the next matching requests get instead of the
// real ones, bypassing auth, rate limits, latency and faults.
import type { Reply } from './reply';

export interface ScriptedResponse {
  status: number;
  /** Added to `Content-Type: application/json`; a `Content-Length` given here is sent as is. */
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent verbatim (e.g. truncated JSON); wins over `body`. */
  rawBody?: string;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  delayMs?: number;
  /** Only requests whose path matches get this answer. */
  path?: RegExp;
  /** Only requests with these query parameters (e.g. `{ _limit: '25' }`: the tree's page, not the summary's `_limit=0`). */
  query?: Record<string, string>;
}

/** Takes out of `scripts` the first answer meant for this request, if any. */
export function takeScript(scripts: ScriptedResponse[], path: string, query: URLSearchParams): ScriptedResponse | undefined {
  const position = scripts.findIndex(
    (candidate) =>
      (candidate.path === undefined || candidate.path.test(path)) && Object.entries(candidate.query ?? {}).every(([name, value]) => query.get(name) === value),
  );
  return position < 0 ? undefined : scripts.splice(position, 1)[0];
}

/** The reply a scripted answer sends (when it does not reset the connection). */
export function scriptedReply(scripted: ScriptedResponse): Reply {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...scripted.headers };
  const body = scripted.rawBody ?? (scripted.body === undefined ? '' : JSON.stringify(scripted.body));
  return { status: scripted.status, headers, body };
}
