import * as vscode from 'vscode';
import type { MoneyContext } from '../../close/format';
import { errorText } from '../../close/inert';
import { commandId } from '../../shared/commands';
import { t } from '../../shared/l10n';
import { TREE_ITEM_CONTEXT } from '../../shared/viewIds';
import { groupAccessibilityLabel } from '../tree/accessibleNames';
import { descriptionAfter, groupDescription, loadMoreLabel, opportunityLabel, statusIcon } from '../tree/rows';
import type { ErrorNode, LoadMoreNode, OpportunityNode } from '../tree/treeNodes';
import { AttentionKindNode, type AttentionModel, type AttentionNode, type AttentionRow } from './attentionModel';
import { attentionAccessibleName, attentionDescription, attentionTooltipMarkdown, draftText, kindIcon, kindLabel } from './attentionRows';

/** Turns the attention model's nodes into tree items; an opportunity in two kinds has a row under each. */
export class AttentionTreeProvider implements vscode.TreeDataProvider<AttentionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AttentionNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    readonly model: AttentionModel,
    private readonly money: () => MoneyContext,
  ) {
    this.subscription = model.onDidChange((node) => this.changed.fire(node));
  }

  getChildren(node?: AttentionNode): Promise<AttentionNode[]> {
    return this.model.children(node);
  }

  getParent(node: AttentionNode): AttentionNode | undefined {
    return this.model.parent(node);
  }

  getTreeItem(node: AttentionNode): vscode.TreeItem {
    if (node instanceof AttentionKindNode) return this.kindItem(node);
    const kind = this.model.parent(node);
    const prefix = kind?.id ?? 'attention';
    switch (node.kind) {
      case 'opportunity':
        return this.opportunityItem(node, kind, prefix);
      case 'loadMore':
        return this.loadMoreItem(node, prefix);
      case 'error':
        return this.errorItem(node, prefix);
      default:
        return new vscode.TreeItem('');
    }
  }

  resolveTreeItem(item: vscode.TreeItem, node: AttentionNode): vscode.TreeItem {
    if (node.kind === 'opportunity') {
      const kind = this.model.parent(node);
      const markdown = new vscode.MarkdownString(attentionTooltipMarkdown(node.row, kind?.attentionKind ?? 'stalled', vscode.env.language, t));
      markdown.supportHtml = false;
      markdown.isTrusted = false;
      item.tooltip = markdown;
    }
    return item;
  }

  redraw(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private kindItem(node: AttentionKindNode): vscode.TreeItem {
    const label = kindLabel(node.attentionKind, node.review.days.quietDays, t);
    const aggregates = node.review.kinds[node.attentionKind];
    const item = new vscode.TreeItem(label, node.total > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = groupDescription(aggregates, this.money().currency, vscode.env.language);
    item.iconPath = new vscode.ThemeIcon(kindIcon(node.attentionKind));
    item.contextValue = TREE_ITEM_CONTEXT.attentionKind;
    item.accessibilityInformation = {
      label: groupAccessibilityLabel(label, aggregates, this.money().currency, vscode.env.language, t),
      role: 'treeitem',
    };
    return item;
  }

  private opportunityItem(node: OpportunityNode, kind: AttentionKindNode | undefined, prefix: string): vscode.TreeItem {
    const row = node.row as AttentionRow;
    const attentionKind = kind?.attentionKind ?? 'stalled';
    const label = opportunityLabel(row);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${prefix}/${row.id}`;
    item.description = descriptionAfter(label, attentionDescription(row, attentionKind, vscode.env.language, t));
    const icon = statusIcon(row.status_type);
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    // The manifest's menus offer "Copy Draft" only where there is a draft.
    item.contextValue = draftText(row) ? TREE_ITEM_CONTEXT.attentionDraft : TREE_ITEM_CONTEXT.attentionOpportunity;
    item.accessibilityInformation = { label: attentionAccessibleName(row, attentionKind, vscode.env.language, t), role: 'treeitem' };
    return item;
  }

  private loadMoreItem(node: LoadMoreNode, prefix: string): vscode.TreeItem {
    const pager = node.list.pager;
    const label = pager.loading ? t('Loading more…') : loadMoreLabel(pager.rows.length, pager.total, vscode.env.language, t);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${prefix}/loadMore`;
    item.iconPath = new vscode.ThemeIcon(pager.loading ? 'loading~spin' : 'more');
    if (!pager.loading) item.command = { command: commandId('loadMore'), title: t('Load More'), arguments: [node] };
    item.accessibilityInformation = { label, role: pager.loading ? 'treeitem' : 'button' };
    return item;
  }

  private errorItem(node: ErrorNode, prefix: string): vscode.TreeItem {
    const message = errorText(node.error);
    const item = new vscode.TreeItem(t('Could not load: {0}', message), vscode.TreeItemCollapsibleState.None);
    item.id = `${prefix}/error`;
    item.description = t('Retry');
    item.tooltip = new vscode.MarkdownString().appendText(message).appendMarkdown('\n\n').appendText(t('Click to try again.'));
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = TREE_ITEM_CONTEXT.error;
    item.command = { command: commandId('retry'), title: t('Retry'), arguments: [node] };
    return item;
  }
}
