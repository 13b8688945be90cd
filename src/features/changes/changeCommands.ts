// Close: Show Changes Since Last Look… and Close: Mark All as Seen.
import * as vscode from 'vscode';
import { CHANGE_KINDS, type ChangeKind, type OpportunityChange } from './changes';
import { inertText } from '../../close/inert';
import type { Services } from '../../state/services';
import type { ChangeTracker } from './changeTracker';
import { changeLabel, changeLine, kindTitle, sinceText, summaryLine, type ChangeNames } from './changeText';
import type { OpportunityTreeView } from '../../views/tree/opportunityTreeView';
import { t } from '../../shared/l10n';
import { requireConnection } from '../../commands/filterCommands';
import { showDetails } from '../../commands/opportunityCommands';

const KIND_ICONS: Record<ChangeKind, string> = {
  new: 'add',
  won: 'pass-filled',
  lost: 'circle-slash',
  moved: 'arrow-right',
  value: 'graph',
  reassigned: 'person',
  left: 'sign-out',
  updated: 'edit',
};

export interface ChangeItem extends vscode.QuickPickItem {
  change: OpportunityChange;
}

export interface ChangeCommandContext {
  services: Services;
  tree: OpportunityTreeView;
  tracker: ChangeTracker;
  names(): ChangeNames;
  currency(): string | undefined;
}

/** The quick pick's items, grouped by kind in CHANGE_KINDS order. */
export function changeItems(context: ChangeCommandContext): (ChangeItem | vscode.QuickPickItem)[] {
  const report = context.tracker.report;
  if (!report) return [];
  const options = { locale: vscode.env.language, currency: context.currency(), names: context.names(), t };
  const items: (ChangeItem | vscode.QuickPickItem)[] = [];
  for (const kind of CHANGE_KINDS) {
    const changes = report.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    items.push({ label: kindTitle(kind, t), kind: vscode.QuickPickItemKind.Separator });
    for (const change of changes) {
      items.push({
        // Lead, status and owner names are server text: never icons or links in a quick pick.
        label: `$(${KIND_ICONS[kind]}) ${inertText(changeLabel(change))}`,
        description: inertText(changeLine(change, report.since, Date.now(), options)),
        change,
      } satisfies ChangeItem);
    }
  }
  return items;
}

/** Lists the changes of the current filter; the one picked is revealed in the tree (or its details shown). */
export async function showChanges(context: ChangeCommandContext): Promise<void> {
  const { services, tree, tracker } = context;
  if (!(await requireConnection(services))) return;
  await vscode.commands.executeCommand('closeOpportunities.tree.focus');
  await tree.model.start();
  await Promise.allSettled([services.referenceData.statuses(), services.referenceData.users()]);
  const report = tracker.report;
  if (!report || report.changes.length === 0) {
    const message = report
      ? summaryLine([], report.since, Date.now(), { locale: vscode.env.language, t })
      : t('No changes to show yet: they are counted from the last time you looked at this filter. Refresh later to see what changed.');
    void vscode.window.showInformationMessage(message);
    return;
  }
  const items = changeItems(context);
  const picked = (await vscode.window.showQuickPick(items, {
    title: summaryLine(report.changes, report.since, Date.now(), { locale: vscode.env.language, currency: context.currency(), truncated: report.truncated, t }),
    placeHolder: t('Pick a change to show its opportunity'),
    matchOnDescription: true,
  })) as ChangeItem | undefined;
  if (picked?.change) await revealChange(context, picked.change.id);
}

/** Selects the changed opportunity's row; when it is not in the tree (it left the filter, or is on a page not loaded), shows its details. */
export async function revealChange(context: Pick<ChangeCommandContext, 'services' | 'tree'>, id: string): Promise<void> {
  if (await context.tree.reveal(id)) return;
  await showDetails(context.services, context.tree, id);
}

/** The current filter's last look becomes now: every marker goes. */
export async function markAllSeen(context: ChangeCommandContext): Promise<void> {
  const { services, tree, tracker } = context;
  if (!(await requireConnection(services))) return;
  const since = tracker.report?.since;
  await tracker.markAllSeen(tree.model.filter, tree.model.loadedRows());
  vscode.window.setStatusBarMessage(
    since ? t('$(check-all) Changes since {0} marked as seen.', sinceText(since, Date.now(), { locale: vscode.env.language })) : t('$(check-all) Marked as seen.'),
    4000,
  );
}
