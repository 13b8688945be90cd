// Marks changed rows of the tree: each opportunity row has a `resourceUri` in this scheme, and this provider
// decorates the ones that changed since the last look with a letter, a colour and a tooltip line.
import * as vscode from 'vscode';
import type { ChangeReport, ChangeTracker } from './changeTracker';
import { t } from '../../shared/l10n';
import { CHANGE_URI_SCHEME, opportunityRowUri } from '../../views/tree/opportunityTreeProvider';
import { CHANGE_BADGES, CHANGE_COLORS, changeLine, type ChangeNames } from './changeText';

/** Names and the currency the change lines are written with. */
export interface ChangeTextSource {
  names(): ChangeNames;
  currency(): string | undefined;
}

/** The tooltip line of a changed opportunity: "Moved: Demo → Proposal since Tue 10:42". */
export function changeLineOf(tracker: ChangeTracker, source: ChangeTextSource, id: string): string | undefined {
  const report = tracker.report;
  const change = report?.byId.get(id);
  if (!report || !change) return undefined;
  return changeLine(change, report.since, Date.now(), { locale: vscode.env.language, currency: source.currency(), names: source.names(), t });
}

export class ChangeDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private shown: readonly string[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly tracker: ChangeTracker,
    private readonly source: ChangeTextSource,
  ) {
    this.subscription = tracker.onDidChange((report) => this.refresh(report));
  }

  /** Redraws every changed row (the names for ids became known, or the changes changed). */
  refresh(report: ChangeReport | undefined = this.tracker.report): void {
    const ids = report?.changes.map((c) => c.id) ?? [];
    const uris = [...new Set([...this.shown, ...ids])].map(opportunityRowUri);
    this.shown = ids;
    if (uris.length > 0) this.changed.fire(uris);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== CHANGE_URI_SCHEME) return undefined;
    const id = uri.path.slice(1);
    const change = this.tracker.changeOf(id);
    const line = changeLineOf(this.tracker, this.source, id);
    if (!change || !line) return undefined;
    const decoration = new vscode.FileDecoration(CHANGE_BADGES[change.kind], line, new vscode.ThemeColor(CHANGE_COLORS[change.kind]));
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
