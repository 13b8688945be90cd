// The in-process sample data server (src/fake/server.ts, kept apart in dist/fake.js): started when sample data
// is first used, stopped on sign-out, when the demo setting is turned off and when the window closes.
import * as vscode from 'vscode';

/** What the sample-data mode needs from the fake server (src/fake/server.ts). */
export interface SampleServer {
  url: string;
  key: string;
  close(): Promise<void>;
}

/**
 * How often the sample data changes by itself; the environment variable CLOSE_SAMPLE_DATA_EVOLVE_MS overrides it
 * (0: never), which the e2e suite uses so that what it reads stays put while it reads it.
 */
export const SAMPLE_DATA_EVOLVE_MS = 20_000;
function sampleDataEvolveMs(): number {
  const override = Number(process.env.CLOSE_SAMPLE_DATA_EVOLVE_MS);
  return process.env.CLOSE_SAMPLE_DATA_EVOLVE_MS !== undefined && Number.isFinite(override) && override >= 0 ? override : SAMPLE_DATA_EVOLVE_MS;
}

/** Loaded on first use only: the fake is not needed for activation and not for a real key at all. */
async function startSampleServer(): Promise<SampleServer> {
  // require (not import()) so the bundle loads dist/fake.js, kept apart by esbuild.mjs, only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fake = require('../../fake/server') as typeof import('../../fake/server');
  // Not recording requests: this server lives as long as the window, and a record per request would only grow.
  // The sample organisation moves on every 20 s (new deals, moves, wins, losses), so a refresh shows changes.
  return fake.startFakeServer({ recordRequests: false, evolve: { everyMs: sampleDataEvolveMs() } });
}

/** One sample data server at a time: started once however many ask, and a start that is stopped half-way stops. */
export class SampleDataServer {
  private server: SampleServer | undefined;
  private starting: Promise<SampleServer> | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The server, once it listens. */
  get running(): SampleServer | undefined {
    return this.server;
  }

  /** Starts the server unless it runs or is starting; resolves when it listens. */
  start(): Promise<SampleServer> {
    if (this.server) return Promise.resolve(this.server);
    if (!this.starting) {
      const starting = startSampleServer().then((server) => {
        this.log.info(`Sample data server listening on ${server.url}`);
        if (this.starting !== starting) {
          // Stopped while starting.
          void server.close();
          throw new Error(vscode.l10n.t('Sample data was stopped.'));
        }
        this.server = server;
        return server;
      });
      this.starting = starting;
      starting.catch((error: unknown) => {
        if (this.starting === starting) this.starting = undefined;
        this.log.error(`Sample data server failed to start: ${(error as Error).message}`);
      });
    }
    return this.starting;
  }

  /** Stops the server (and any start under way); resolves when it has stopped. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    if (server) {
      await server.close().catch(() => undefined);
      this.log.info('Sample data server stopped');
    }
  }
}
