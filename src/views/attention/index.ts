// Registers Needs Attention at activation: the view's place and its three commands. Its code (model, rows,
// provider, view; about 16 KB) is in dist/later.js, loaded when the view is first drawn (it starts collapsed), a
// command of it runs, or the summary shows its counts.
import * as vscode from 'vscode';
import type { MoneyContext } from '../../close/format';
import { commandId } from '../../shared/commands';
import { onFirstUse } from '../../shared/onFirstUse';
import { ATTENTION_VIEW_ID } from '../../shared/viewIds';
import type { Services } from '../../state/services';
import type { OpportunitiesModel } from '../tree/opportunitiesModel';
import type { AttentionNode } from './attentionModel';
import type { AttentionView } from './attentionView';
import type * as AttentionLater from './later';

/** The palette commands of this view (the manifest declares them; src/commands/index.ts leaves them to us). */
export const ATTENTION_COMMANDS = ['nextNeedingAttention', 'previousNeedingAttention', 'copyDraft'] as const;

export class AttentionFeature implements vscode.Disposable {
  private made: AttentionView | undefined;
  private readonly view: vscode.TreeView<AttentionNode>;
  private readonly changed = new vscode.EventEmitter<AttentionNode | undefined | void>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: Services,
    private readonly tree: OpportunitiesModel,
    private readonly money: () => MoneyContext,
  ) {
    // The view's provider stands in for the real one until VS Code first asks it for rows.
    const provider: vscode.TreeDataProvider<AttentionNode> = {
      onDidChangeTreeData: this.changed.event,
      getChildren: (node) => this.loaded.provider.getChildren(node),
      getParent: (node) => this.loaded.provider.getParent(node),
      getTreeItem: (node) => this.loaded.provider.getTreeItem(node),
      resolveTreeItem: (item, node) => this.loaded.provider.resolveTreeItem(item, node),
    };
    this.view = vscode.window.createTreeView(ATTENTION_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
    this.disposables = [
      this.view,
      this.changed,
      ...ATTENTION_COMMANDS.map((name) => vscode.commands.registerCommand(commandId(name), (arg?: unknown) => this.loaded.run(name, arg))),
    ];
  }

  /** The view's work (made on first use). */
  get loaded(): AttentionView {
    if (!this.made) {
      this.made = new (onFirstUse<typeof AttentionLater>().AttentionView)(this.services, this.tree, this.money, this.view);
      this.disposables.push(
        this.made,
        this.made.provider.onDidChangeTreeData((node) => this.changed.fire(node)),
      );
    }
    return this.made;
  }

  /** Amounts are drawn again (the organization's currency became known), if the view has been drawn. */
  redraw(): void {
    this.made?.provider.redraw();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
