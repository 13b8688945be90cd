// The export's data path, without `vscode`: asks only for the columns it writes (`_fields`), writes each
// page as it arrives to a temporary file beside the target, and renames that over the target at the end.
// A failure or Cancel leaves any earlier file as it was and no temporary file behind.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CloseClient } from '../../close/client';
import { abortError } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import { CSV_COLUMNS, ExportChunks, type ExportFormat } from './exportWriter';

/** Where an export's text goes: appended as it comes, then kept or thrown away as a whole. */
export interface ExportSink {
  /** Text, or UTF-8 bytes. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Everything arrived: make it the target. */
  commit(): Promise<void>;
  /** Something failed or was cancelled: leave the target as it was. */
  discard(): Promise<void>;
}

/** A hidden temporary file in the target's folder (so the final rename stays on one file system). */
export class TempFileSink implements ExportSink {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly tempPath: string,
    private readonly target: string,
  ) {}

  static async open(target: string): Promise<TempFileSink> {
    const tempPath = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`);
    const earlier = await fs.stat(target).catch(() => undefined);
    // The new file gets the permissions of the one it replaces (a private 0600 file stays private); owner only until then.
    const handle = await fs.open(tempPath, 'wx', earlier ? 0o600 : 0o666);
    try {
      if (earlier) await handle.chmod(earlier.mode & 0o777);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fs.rm(tempPath, { force: true });
      throw error;
    }
    return new TempFileSink(handle, tempPath, target);
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    if (typeof chunk === 'string') await this.handle.write(chunk, null, 'utf8');
    else await this.handle.write(chunk);
  }

  async commit(): Promise<void> {
    await this.handle.close();
    await fs.rename(this.tempPath, this.target);
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.tempPath, { force: true });
  }
}

/** Keeps the text in memory, for targets that are not local files (a remote or virtual file system). */
export class MemorySink implements ExportSink {
  private readonly parts: Uint8Array[] = [];
  constructor(private readonly save: (bytes: Uint8Array) => PromiseLike<void>) {}

  write(chunk: string | Uint8Array): Promise<void> {
    this.parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    return Promise.resolve();
  }

  async commit(): Promise<void> {
    await this.save(Buffer.concat(this.parts));
  }

  discard(): Promise<void> {
    this.parts.length = 0;
    return Promise.resolve();
  }
}

/** A custom field id that can go into `_fields` (the server's text is not trusted to be one). */
const FIELD_ID = /^[A-Za-z0-9_]+$/;

/**
 * Every opportunity of `filter` (ungrouped) into `sink`, page by page; resolves to how many were written.
 * CSV asks only for its columns (`_fields`), with a column for each opportunity custom field of the
 * organization; JSON asks for whole objects, as Close returns them.
 */
export async function exportOpportunities(
  client: CloseClient,
  filter: OpportunityFilter,
  format: ExportFormat,
  sink: ExportSink,
  options: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
): Promise<number> {
  try {
    let custom: string[] = [];
    if (format === 'csv') {
      const definitions = await client.listOpportunityCustomFields(options.signal);
      custom = [...new Set(definitions.filter((d) => FIELD_ID.test(d.id)).map((d) => `custom.${d.id}`))].sort();
    }
    const chunks = new ExportChunks(format, custom);
    const fields = format === 'csv' ? [...CSV_COLUMNS, ...custom] : undefined;
    await sink.write(chunks.start());
    const { group_by: _groupBy, ...plain } = filter;
    const { count } = await client.eachPage(
      { ...plain, fields },
      { signal: options.signal, onProgress: options.onProgress, onPage: (objects) => sink.write(chunks.page(objects)) },
    );
    await sink.write(chunks.end());
    if (options.signal?.aborted) throw abortError(options.signal);
    await sink.commit();
    return count;
  } catch (error) {
    await sink.discard();
    throw error;
  }
}
