import * as vscode from 'vscode';
import { TREE_VIEW_ID } from '../../shared/viewIds';
import { NotFoundError, type MissingFilterObject } from '../../close/errors';
import { describeFilter } from '../../shared/filterDescription';
import type { Services } from '../../state/services';
import type { OpportunitiesModel } from './opportunitiesModel';
import type { TreeNode } from './treeNodes';
import { OpportunityTreeProvider } from './opportunityTreeProvider';
import { opportunityCount } from './rows';
import { t } from '../../shared/l10n';
import { errorText, inertText } from '../../close/inert';
import { briefError, offlineLabel, offlineMessage, refreshingLabel } from '../../features/offline/offlineText';

/**
 * The tree view around the provider: its description (the filter in words), message (errors, empty,
 * refused key), badge (the total) and progress while loading.
 */
export class OpportunityTreeView implements vscode.Disposable {
  readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last error a notification was shown for (one per failed load). */
  private notified: unknown;

  constructor(
    private readonly services: Services,
    readonly model: OpportunitiesModel,
    readonly provider: OpportunityTreeProvider,
  ) {
    this.view = vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
    // A filter change moves the filter, the model's tree and its totals in one go: what the view shows is set
    // only when it differs (one update per state, not per event).
    const update = () => this.update();
    this.disposables.push(
      this.view,
      model.onDidChangeTree(update),
      model.onDidChangeTotals(update),
      services.connection.onDidChange(update),
      // The model follows the filter and fires with its new load: the view updates from there.
      services.filterState.onDidChange(() => this.fetchNames()),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) this.fetchNames();
      }),
    );
    this.update();
  }

  /** The message shown above the tree, if any. */
  get message(): string | undefined {
    return this.view.message;
  }

  /** Times the view's description, message or badge changed (the integration tests count them). */
  updates = 0;
  private shown: { description?: string; message?: string; badge?: string } = {};

  /** Sets the view's description, message and badge from the filter, the connection and the model. */
  update(): void {
    const { connection, referenceData } = this.services;
    // User, status and Smart View names are server text.
    const words = inertText(
      describeFilter(
        this.model.filter,
        {
          users: referenceData.userNames(),
          statuses: referenceData.statusLabels(),
          savedSearches: referenceData.savedSearchNames(),
          leads: referenceData.leadNames(),
        },
        t,
      ),
    );
    const notSentTo = connection.keyNotSentTo;
    const offline = connection.connected ? this.model.offline : undefined;
    const refreshing = connection.connected ? this.model.refreshing : undefined;
    const asOf = offline
      ? offlineLabel(offline.asOf, Date.now(), vscode.env.language, t)
      : refreshing
        ? refreshingLabel(refreshing.asOf, Date.now(), vscode.env.language, t)
        : '';
    const description = [
      connection.organizations.shownName && connection.kind !== 'sampleData' ? inertText(connection.organizations.shownName) : '',
      connection.kind === 'sampleData' && connection.connected ? t('Sample data') : '',
      notSentTo ? t('Key not sent to {0}', notSentTo) : '',
      asOf,
      words,
    ]
      .filter(Boolean)
      .join(' · ');
    const message = this.messageText(words);
    this.offerToClearMissing();
    const totals = this.model.aggregates;
    const count = totals ? opportunityCount(totals.total_results, vscode.env.language, t) : '';
    const badge = connection.connected && totals && totals.total_results > 0 ? { value: totals.total_results, tooltip: asOf ? `${count} (${asOf})` : count } : undefined;
    const shown = { description: description || undefined, message, badge: badge && JSON.stringify(badge) };
    if (shown.description === this.shown.description && shown.message === this.shown.message && shown.badge === this.shown.badge) return;
    this.shown = shown;
    this.updates++;
    this.view.description = shown.description;
    this.view.message = message;
    this.view.badge = badge;
  }

  /** Selects and shows an opportunity if it is loaded. */
  async reveal(opportunityId: string): Promise<boolean> {
    const node = this.model.findOpportunity(opportunityId);
    if (!node) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private messageText(words: string): string | undefined {
    const { connection } = this.services;
    // A refused key or no key: the welcome view explains it, with links (a message would hide it).
    if (!connection.connected) return undefined;
    const root = this.model.root;
    // Said once and short: the full diagnosis is the error row's tooltip, under this message.
    if (root.kind === 'error') return t('Could not load opportunities: {0}', briefError(root.error, errorText(root.error, vscode.env.language, t)));
    // Kept results are never to pass for current ones: said above the rows, not only in the description.
    const offline = this.model.offline;
    if (offline) return offlineMessage(offline.asOf, Date.now(), errorText(offline.error), vscode.env.language, t);
    const totals = this.model.aggregates;
    if (totals?.total_results === 0 && !this.model.loading) {
      return words ? t('No opportunities match {0}.', words) : t('No opportunities match: this organization has none yet.');
    }
    // The description is often cut off in a narrow side bar (and while the tree has focus): the message keeps
    // in sight what the rows are not, sample data and the filter, wrapped over lines as needed.
    const sample = connection.kind === 'sampleData' ? t('Sample data: a generated pipeline served on this machine.') : '';
    const filtered = words ? t('Filtered: {0}', words) : '';
    return [sample, filtered].filter(Boolean).join(' ') || undefined;
  }

  /**
   * A filter naming an object Close does not have (a deleted Smart View, an unknown status): one notification
   * saying so, with a button that clears that part of the filter.
   */
  private offerToClearMissing(): void {
    const root = this.model.root;
    if (root.kind !== 'error' || !(root.error instanceof NotFoundError) || !root.error.missing || this.notified === root.error) return;
    this.notified = root.error;
    const missing: MissingFilterObject = root.error.missing;
    const clear = clearLabel(missing.field);
    void vscode.window.showWarningMessage(root.error.message, clear).then((choice) => {
      if (choice !== clear) return;
      const filter = this.services.filterState.filter;
      // Only if the filter still names it (the user may have changed it meanwhile).
      const now = filter[missing.field];
      if ((Array.isArray(now) ? now.join(', ') : now) === missing.value) this.services.filterState.update({ [missing.field]: undefined });
    });
  }

  /** Names for the ids in the filter description, fetched once a view is shown (never at activation). */
  private fetchNames(): void {
    const { connection, filterState, referenceData } = this.services;
    if (!connection.connected || !this.view.visible) return;
    const filter = filterState.filter;
    const wanted: Promise<unknown>[] = [];
    if (filter.user_id?.length) wanted.push(referenceData.users());
    if (filter.status_id?.length) wanted.push(referenceData.statuses());
    if (filter.lead_saved_search_id) wanted.push(referenceData.savedSearches());
    if (wanted.length) void Promise.allSettled(wanted).then(() => this.update());
  }
}

function clearLabel(field: MissingFilterObject['field']): string {
  switch (field) {
    case 'lead_saved_search_id':
      return t('Clear Smart View Filter');
    case 'status_id':
      return t('Clear Status Filter');
    case 'user_id':
      return t('Clear Owner Filter');
    case 'lead_id':
      return t('Clear Lead Filter');
    case 'organization_id':
      return t('Clear Organization Filter');
  }
}
