// What the opportunities model is given: where its client comes from, what it reports as it loads, and
// where it keeps the last results of a filter. No 'vscode' here: activate() passes the VS Code side in.
import type { GroupSummary, CloseClient } from '../../close/client';
import type { OpportunityFilter } from '../../close/filter';
import type { Translate } from '../../close/translate';
import type { Pipeline } from '../../close/types';
import type { OfflineSnapshot } from '../../features/offline/offlineResults';
import type { OpportunityRow } from './rows';

export interface ModelDependencies {
  client(): Promise<CloseClient | undefined>;
  pageSize(): number;
  /** Every load in progress, for a progress indicator. */
  track?(load: Promise<unknown>): void;
  /** Rows as they arrive (names seen on opportunities fill the reference data). */
  onRows?(rows: readonly OpportunityRow[]): void;
  /** Groups as they are found (owner groups name owners /user/ may not list). */
  onGroups?(groups: readonly GroupSummary[]): void;
  /** The organization's pipelines (shared reference data), for grouping by status or pipeline. */
  pipelines?(signal: AbortSignal): Promise<Pipeline[]>;
  /** Statuses (and pipelines) with no opportunities are shown too when grouping by them. */
  showEmptyStatuses?(): boolean;
  /** The last results of recent filters, shown (marked) when Close cannot be reached. */
  offline?: OfflineResultsAccess;
  /** `vscode.l10n.t`, for a group that comes without a label; default English. */
  translate?: Translate;
}

/** How the model keeps and finds the last results of a filter (see features/offline/offlineResults.ts). */
export interface OfflineResultsAccess {
  save(filter: OpportunityFilter, snapshot: OfflineSnapshot): void;
  load(filter: OpportunityFilter): Promise<OfflineSnapshot | undefined>;
  /** True for a failure that means Close cannot be reached (not an answer such as a 4xx). */
  applies(error: unknown): boolean;
  now?(): number;
}

/** The tree shows kept results because Close could not be reached. */
export interface OfflineState {
  /** When the results shown were loaded (ms since the epoch). */
  asOf: number;
  /** Why the load failed. */
  error: unknown;
}

/** The tree shows the kept results of its filter while their first page is on its way (at start). */
export interface RefreshingState {
  /** When the results shown were loaded (ms since the epoch). */
  asOf: number;
}
