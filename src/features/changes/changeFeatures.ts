// "What changed since you last looked", put together the first time a load finishes (or a command, the summary
// or a sign-out needs it): the tracker, the tree's markers, and the rows' tooltip lines and names. In dist/later.js.
import * as vscode from 'vscode';
import type { Services } from '../../state/services';
import { ChangeTracker } from './changeTracker';
import { ChangeDecorationProvider, changeLineOf } from './changeDecorations';
import type { ChangeTextSource } from './changeDecorations';
import type { OpportunityTreeProvider } from '../../views/tree/opportunityTreeProvider';

/** Changes since the last look as the user meets them: the tracker (changeTracker.ts), the tree's markers, the rows' lines. */
export interface ChangeFeatures extends vscode.Disposable {
  readonly tracker: ChangeTracker;
  readonly decorations: ChangeDecorationProvider;
  /** The tooltip line of a changed opportunity, if it changed. */
  changeLine(id: string): string | undefined;
}

export function startChangeFeatures(services: Services, treeProvider: OpportunityTreeProvider, text: ChangeTextSource): ChangeFeatures {
  const { connection, context, log, referenceData } = services;
  const tracker = new ChangeTracker({ connection, storageFolder: context.globalStorageUri, log });
  const decorations = new ChangeDecorationProvider(tracker, text);
  const disposables: vscode.Disposable[] = [
    tracker,
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    tracker.onDidChange((report) => {
      treeProvider.refreshRows();
      // Former statuses and owners are named from Close's lists, fetched only when a change needs them.
      if (report?.changes.some((c) => c.before && c.kind !== 'new')) {
        void Promise.allSettled([referenceData.statuses(), referenceData.users()]).then(() => {
          if (tracker.report !== report) return;
          decorations.refresh(report);
          // The rows' names say what changed too, now with the names.
          treeProvider.refreshRows();
        });
      }
    }),
  ];
  return {
    tracker,
    decorations,
    changeLine: (id) => changeLineOf(tracker, text, id),
    dispose: () => disposables.forEach((d) => void d.dispose()),
  };
}
