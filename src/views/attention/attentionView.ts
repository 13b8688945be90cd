import * as vscode from 'vscode';
import type { AttentionKind } from '../../close/attention';
import type { MoneyContext } from '../../close/format';
import { errorText, inertText } from '../../close/inert';
import { commandId } from '../../shared/commands';
import { describeFilter } from '../../shared/filterDescription';
import { t } from '../../shared/l10n';
import { ATTENTION_VIEW_ID } from '../../shared/viewIds';
import type { AttentionCommand } from '../../commands/handlers';
import type { Services } from '../../state/services';
import type { OpportunitiesModel } from '../tree/opportunitiesModel';
import { OpportunityNode } from '../tree/treeNodes';
import { AttentionModel, type AttentionNode, type AttentionStep } from './attentionModel';
import { badgeTooltip, draftText } from './attentionRows';
import { AttentionTreeProvider } from './attentionTreeProvider';

/**
 * The "Needs Attention" view: the current filter's active opportunities that are stalled, overdue, without a
 * close date or quiet, with a badge of how many need attention (each counted once). A view of its own, not a
 * group in the tree: it keeps its badge beside the tree's total, stays put whatever the tree is grouped or
 * sorted by, and can be moved, collapsed or hidden on its own.
 */
export class AttentionView implements vscode.Disposable {
  readonly model: AttentionModel;
  readonly provider: AttentionTreeProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private last: AttentionStep | undefined;
  /** The tree loaded (or moved to another filter) while this view was hidden: its review is behind. */
  private behind = false;

  constructor(
    private readonly services: Services,
    tree: OpportunitiesModel,
    money: () => MoneyContext,
    /** Created at activation (./index.ts), with a provider that stands in for this one until it exists. */
    readonly view: vscode.TreeView<AttentionNode>,
  ) {
    const config = () => vscode.workspace.getConfiguration('closeOpportunities');
    this.model = new AttentionModel(
      {
        client: () => services.connection.client(),
        pageSize: () => Number(config().get<unknown>('pageSize')) || 100,
        quietDays: () => Number(config().get<unknown>('attention.quietDays')),
        track: (load) => void vscode.window.withProgress({ location: { viewId: ATTENTION_VIEW_ID } }, () => load),
      },
      tree.filter,
    );
    this.provider = new AttentionTreeProvider(this.model, money);
    // It follows the tree while it is shown: a new filter, Refresh, auto-refresh and a new connection each start
    // a load of the tree. Hidden (collapsed, the default), it asks Close nothing, so a filter change stays one
    // request; shown again, it catches up.
    let treeLoading = tree.loading;
    let treeFilter = tree.filter;
    this.disposables.push(
      this.provider,
      { dispose: () => this.model.dispose() },
      this.model.onDidChange(() => this.update()),
      services.connection.onDidChange(() => this.update()),
      tree.onDidChangeTotals(() => {
        const began = tree.loading && !treeLoading;
        treeLoading = tree.loading;
        const moved = tree.filter !== treeFilter;
        treeFilter = tree.filter;
        if (!began && !moved) return;
        if (this.view.visible || !this.model.started) {
          void this.model.setFilter(tree.filter);
        } else {
          this.behind = true;
          this.update();
        }
      }),
      this.view.onDidChangeVisibility(({ visible }) => {
        if (!visible || !this.behind) return;
        this.behind = false;
        void this.model.setFilter(tree.filter);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('closeOpportunities.attention.quietDays') && this.model.started) void this.model.reload();
      }),
    );
    this.update();
  }

  /** Sets the badge (the number needing attention), the description and the message. */
  update(): void {
    const { connection, referenceData } = this.services;
    const state = this.model.state;
    const words = inertText(
      describeFilter(this.model.filter, { users: referenceData.userNames(), statuses: referenceData.statusLabels(), savedSearches: referenceData.savedSearchNames() }, t),
    );
    this.view.description = [connection.kind === 'sampleData' && connection.connected ? t('Sample data') : '', words].filter(Boolean).join(' · ') || undefined;
    const review = state.kind === 'loaded' && connection.connected && !this.behind ? state.review : undefined;
    const badge = review && review.needingAttention > 0 ? { value: review.needingAttention, tooltip: badgeTooltip(review, vscode.env.language, t) } : undefined;
    if (JSON.stringify(badge) !== JSON.stringify(this.view.badge)) this.view.badge = badge;
    let message: string | undefined;
    if (!connection.connected) message = t('Set an API key or explore the sample data to see the deals that need attention.');
    else if (state.kind === 'error') message = t('Could not load what needs attention: {0}', errorText(state.error));
    else if (review?.needingAttention === 0) message = t('Nothing needs attention among the active opportunities of this filter.');
    if (this.view.message !== message) this.view.message = message;
  }

  /** Reveals the opportunity after (or before) the selected one and shows its details. */
  async step(direction: 1 | -1): Promise<AttentionStep | undefined> {
    if (!(await this.services.connection.client())) {
      void vscode.commands.executeCommand(commandId('setApiKey'));
      return undefined;
    }
    const next = await this.model.step(this.selected(), direction);
    if (!next) {
      void vscode.window.showInformationMessage(t('Nothing needs attention among the active opportunities of this filter.'));
      return undefined;
    }
    this.last = next;
    await this.view.reveal(next.node, { select: true, focus: true, expand: true });
    await vscode.commands.executeCommand(commandId('showDetails'), next.node.row.id);
    return next;
  }

  /** Shows a kind in this view, opened and focused (the summary's "No close date", which no filter can say). */
  async revealKind(kind: AttentionKind): Promise<void> {
    await this.model.start();
    while (this.model.state.kind === 'loading' && this.model.isLoading) await this.model.start();
    const state = this.model.state;
    const node = state.kind === 'loaded' ? state.kinds.find((k) => k.attentionKind === kind) : undefined;
    if (node) await this.view.reveal(node, { select: true, focus: true, expand: node.total > 0 });
    else await vscode.commands.executeCommand(`${ATTENTION_VIEW_ID}.focus`);
  }

  /** Puts the drafted message of the row (or the selected or last stepped-to one) on the clipboard. */
  async copyDraft(arg?: unknown): Promise<string | undefined> {
    const node = arg instanceof OpportunityNode ? arg : this.selected()?.node;
    if (!node) {
      void vscode.window.showInformationMessage(t('Select an opportunity in Needs Attention first.'));
      return undefined;
    }
    const draft = draftText(node.row);
    if (!draft) {
      void vscode.window.showInformationMessage(t('Close suggested no drafted message for this opportunity.'));
      return undefined;
    }
    await vscode.env.clipboard.writeText(draft);
    vscode.window.setStatusBarMessage(t('$(copy) Copied the drafted message'), 3000);
    return draft;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** One of the view's palette commands (registered by ./index.ts). */
  run(name: AttentionCommand, arg: unknown): Promise<unknown> {
    switch (name) {
      case 'nextNeedingAttention':
        return this.step(1);
      case 'previousNeedingAttention':
        return this.step(-1);
      case 'copyDraft':
        return this.copyDraft(arg);
    }
  }

  /** The selected row of this view, else the last one stepped to. */
  private selected(): AttentionStep | undefined {
    const node = this.view.selection.find((n): n is OpportunityNode => n instanceof OpportunityNode);
    const kind = node && this.model.parent(node);
    if (node && kind) return { node, kind };
    return this.last;
  }
}
