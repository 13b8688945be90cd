// Fault injection of the fake: its options, the gateways' 5xx answers, and writing a reply whose body may arrive
// cut off, malformed or slowly. Also honours a scripted answer's own (possibly wrong) Content-Length.
import type * as http from 'node:http';
import type { Random } from './random';
import { json, type Reply } from './reply';

export interface FaultOptions {
  /** Share of requests answered 502, 503 or 504 (0–1). */
  serverErrorRate?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  resetRate?: number;
  /** Share of requests whose JSON body is cut mid-way (Content-Length either wrong or absent). */
  truncateRate?: number;
  /** Share of requests answered 200 with a body that is not valid JSON. */
  malformedRate?: number;
  /** When > 0, bodies are written in chunks spread over this many milliseconds. */
  slowBodyMs?: number;
  /** Share of requests that get the slow body (default 1 when slowBodyMs is set). */
  slowBodyRate?: number;
}

/** What writing a reply needs from the server. */
export interface SendContext {
  random: Random;
  /** Resolves after `ms`; the server stops waiting when it closes. */
  wait: (ms: number) => Promise<void>;
  isClosed: () => boolean;
}

/**
 * Writes a reply, with the body faults of `faults` (undefined: none), and notes the status and the body bytes
 * written in `record` (the request log's entry).
 */
export async function sendReply(
  res: http.ServerResponse,
  record: { status: number; bytes: number },
  reply: Reply,
  faults: FaultOptions | undefined,
  { random, wait, isClosed }: SendContext,
): Promise<void> {
  if (isClosed() || res.destroyed) return;
  const body = Buffer.from(reply.body, 'utf8');
  if (faults && reply.status === 200 && body.length > 2) {
    if (faults.truncateRate && random.next() < faults.truncateRate) {
      const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
      record.status = reply.status;
      record.bytes = cut.length;
      if (random.next() < 0.5) {
        // Content-Length promises the whole body; the connection dies half-way.
        res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
        res.write(cut, () => res.destroy());
      } else {
        // No Content-Length: the response ends cleanly, but the JSON stops mid-way.
        res.writeHead(reply.status, reply.headers);
        res.end(cut);
      }
      return;
    }
    if (faults.malformedRate && random.next() < faults.malformedRate) {
      const broken = Buffer.from(`${reply.body.slice(0, 40)}<!-- upstream error -->}{]`, 'utf8');
      record.status = reply.status;
      record.bytes = broken.length;
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(broken.length) });
      res.end(broken);
      return;
    }
  }
  record.status = reply.status;
  record.bytes = body.length;
  // A scripted answer may set its own (wrong) Content-Length to simulate a broken server.
  const ownLength = Object.entries(reply.headers).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
  res.writeHead(reply.status, ownLength !== undefined ? reply.headers : { ...reply.headers, 'Content-Length': String(body.length) });
  if (ownLength !== undefined && Number(ownLength) !== body.length) {
    // The length lies: end the connection after the body instead of leaving the client waiting for bytes.
    res.write(body, () => res.destroy());
    return;
  }
  const slowMs = faults?.slowBodyMs ?? 0;
  if (faults && slowMs > 0 && body.length > 1 && random.next() < (faults.slowBodyRate ?? 1)) {
    const chunks = Math.min(8, body.length);
    const size = Math.ceil(body.length / chunks);
    for (let offset = 0; offset < body.length; offset += size) {
      if (offset > 0) await wait(slowMs / chunks);
      if (isClosed() || res.destroyed) return;
      res.write(body.subarray(offset, offset + size));
    }
    res.end();
    return;
  }
  res.end(body);
}

/** A gateway error: 502 and 504 in HTML, as gateways answer, 503 in JSON. */
export function serverError(status: 502 | 503 | 504): Reply {
  if (status === 503) return json(503, { error: 'Service temporarily unavailable, please retry.' });
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  // Gateways answer with HTML, not JSON: clients must cope.
  return { status, headers: { 'Content-Type': 'text/html' }, body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n` };
}
