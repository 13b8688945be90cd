import type * as vscode from 'vscode';
import type { FilterState } from './filterState';
import type { Connection } from './connection';
import type { ReferenceData } from './referenceData';
import type { KeptResults } from '../features/offline/offlineStorage';

/** What every view and command is built from; made once in `activate()`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly filterState: FilterState;
  readonly connection: Connection;
  readonly referenceData: ReferenceData;
  /** The last results of recent filters, shown marked when Close cannot be reached. */
  readonly keptResults: KeptResults;
}
