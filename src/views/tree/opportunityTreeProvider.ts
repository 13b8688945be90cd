import * as vscode from 'vscode';
import type { MoneyContext } from '../../close/format';
import { OpportunitiesModel } from './opportunitiesModel';
import { ErrorNode, GroupNode, LoadMoreNode, OpportunityNode, type TreeNode } from './treeNodes';
import { t } from '../../shared/l10n';
import { errorText } from '../../close/inert';
import { escapeMarkdown } from '../../shared/text';
import { descriptionAfter, groupDescription, groupStatusIcon, groupTooltip, loadMoreLabel, opportunityRowText, opportunityTooltipMarkdown, statusIcon } from './rows';
import { accessibleName, type NameContext } from './accessibleNames';
import { briefError, offlineLabel, refreshingLabel } from '../../features/offline/offlineText';
import { commandId } from '../../shared/commands';
import { TREE_ITEM_CONTEXT } from '../../shared/viewIds';

/** The scheme of the rows' `resourceUri`s, which the change markers (../changeDecorations.ts) decorate. */
export const CHANGE_URI_SCHEME = 'close-opportunity-row';

/** The `resourceUri` of an opportunity's row (used only for decorations, never opened). */
export function opportunityRowUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CHANGE_URI_SCHEME, path: `/${id}` });
}

/** What the rows show beyond the model's data. */
export interface RowLook {
  /** The organization's currency (aggregates carry none of their own). */
  money?: () => MoneyContext;
  /** Status labels learnt so far, by id. */
  statusLabels?: () => Map<string, string>;
  /** "Moved: Demo → Proposal since Tue 10:42" for an opportunity that changed since the last look. */
  changeLine?: (id: string) => string | undefined;
}

/** Turns the model's nodes into VS Code tree items. */
export class OpportunityTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  private readonly money: () => MoneyContext;
  private readonly statusLabels: () => Map<string, string>;
  private readonly changeLine: (id: string) => string | undefined;

  constructor(
    readonly model: OpportunitiesModel,
    look: RowLook = {},
  ) {
    this.money = look.money ?? (() => ({}));
    this.statusLabels = look.statusLabels ?? (() => new Map());
    this.changeLine = look.changeLine ?? (() => undefined);
    this.subscription = model.onDidChangeTree((node) => this.changed.fire(node));
  }

  /** Redraws every item (e.g. once the organization's currency is known); loads nothing. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return this.model.children(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.model.parent(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = this.itemOf(node);
    // Everything the row shows by icon, colour or marker is in its name too (accessibleNames.ts).
    item.accessibilityInformation = accessibleName(node, this.nameContext());
    return item;
  }

  private itemOf(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'opportunity':
        return this.opportunityItem(node);
      case 'group':
        return this.groupItem(node);
      case 'loadMore':
        return this.loadMoreItem(node);
      case 'error':
        return this.errorItem(node);
    }
  }

  private nameContext(): NameContext {
    const offline = this.model.offline;
    const refreshing = this.model.refreshing;
    return {
      locale: vscode.env.language,
      t,
      currency: this.money().currency,
      statusLabel: (id) => this.statusLabels().get(id),
      changeLine: this.changeLine,
      offline: offline
        ? offlineLabel(offline.asOf, Date.now(), vscode.env.language, t)
        : refreshing && refreshingLabel(refreshing.asOf, Date.now(), vscode.env.language, t),
    };
  }

  /** The tooltip is built only when the pointer rests on a row. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'opportunity') {
      const change = this.changeLine(node.row.id);
      const markdown = new vscode.MarkdownString(
        (change ? `${escapeMarkdown(change)}\n\n` : '') + opportunityTooltipMarkdown(node.row, this.statusLabels().get(node.row.status_id ?? ''), vscode.env.language, t),
      );
      markdown.supportHtml = false;
      markdown.isTrusted = false;
      item.tooltip = markdown;
    }
    return item;
  }

  /** Rows are drawn again (their names and tooltips say what changed); nothing is fetched. */
  refreshRows(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private opportunityItem(node: OpportunityNode): vscode.TreeItem {
    const row = node.row;
    const statusLabel = this.statusLabels().get(row.status_id ?? '');
    const { label, description } = opportunityRowText(row, node.list?.sharesLead(row) ?? false, statusLabel, vscode.env.language, t);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    // For the change markers (a FileDecoration); the label and icon stay the row's own.
    item.resourceUri = opportunityRowUri(row.id);
    item.description = descriptionAfter(label, description);
    const icon = statusIcon(row.status_type);
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = TREE_ITEM_CONTEXT.opportunity;
    return item;
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = descriptionAfter(node.label, groupDescription(node.summary, this.money().currency, vscode.env.language));
    item.tooltip = groupTooltip(node.label, node.summary, this.money().currency, vscode.env.language, t);
    const icon = groupStatusIcon(node.field, node.summary);
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = TREE_ITEM_CONTEXT.group;
    return item;
  }

  private loadMoreItem(node: LoadMoreNode): vscode.TreeItem {
    const pager = node.list.pager;
    if (pager.loading) {
      const item = new vscode.TreeItem(t('Loading more…'), vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      item.contextValue = TREE_ITEM_CONTEXT.loading;
      return item;
    }
    const label = loadMoreLabel(pager.rows.length, pager.total, vscode.env.language, t);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = TREE_ITEM_CONTEXT.loadMore;
    item.command = { command: commandId('loadMore'), title: t('Load More'), arguments: [node] };
    return item;
  }

  private errorItem(node: ErrorNode): vscode.TreeItem {
    const message = errorText(node.error, vscode.env.language, t);
    // A failed load is said by the message above the tree: its row only offers to try again, the details in its
    // tooltip. A page that failed under loaded rows has no such message, so its row says what failed.
    const rootFailure = this.model.root.kind === 'error' && this.model.root.node === node;
    const label = rootFailure ? t('Try Again') : t('Could not load: {0}', briefError(node.error, message));
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    if (!rootFailure) item.description = t('Retry');
    item.tooltip = new vscode.MarkdownString().appendText(message).appendMarkdown('\n\n').appendText(t('Click to try again.'));
    item.iconPath = rootFailure ? new vscode.ThemeIcon('refresh') : new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = TREE_ITEM_CONTEXT.error;
    item.command = { command: commandId('retry'), title: t('Retry'), arguments: [node] };
    return item;
  }
}
