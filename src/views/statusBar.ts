import * as vscode from 'vscode';
import type { MoneyContext } from '../close/format';
import type { Connection } from '../state/connection';
import { statusBarSummary, statusBarTooltip, withOrganization } from './statusBarText';
import type { OpportunitiesModel } from './tree/opportunitiesModel';
import { t } from '../shared/l10n';
import { briefError, offlineLabel, refreshingLabel } from '../features/offline/offlineText';
import { NetworkError, TimeoutError } from '../close/errors';
import { errorText } from '../close/inert';
import { commandId } from '../shared/commands';

/** The current filter's total and annualized value; click to focus the summary. Hidden when not connected. */
export class OpportunityStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether the item is shown (StatusBarItem does not say). */
  visible = false;

  constructor(
    private readonly connection: Connection,
    private readonly model: OpportunitiesModel,
    /** The organization's currency and whether the filter's sums mix currencies. */
    private readonly money: () => MoneyContext,
  ) {
    this.item = vscode.window.createStatusBarItem('closeOpportunities.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = t('Close Opportunities');
    this.item.command = commandId('focusSummary');
    const update = () => this.update();
    // The tree's events too: a load that fails changes no totals, yet the item must stop spinning and say why.
    this.disposables.push(this.item, connection.onDidChange(update), model.onDidChangeTotals(update), model.onDidChangeTree(update));
    this.update();
  }

  update(): void {
    if (!this.connection.connected) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const totals = this.model.aggregates;
    const locale = vscode.env.language;
    const money = this.money();
    const offline = this.model.offline;
    const asOf = offline ? offlineLabel(offline.asOf, Date.now(), locale, t) : undefined;
    const refreshing = this.model.refreshing && refreshingLabel(this.model.refreshing.asOf, Date.now(), locale, t);
    const root = this.model.root;
    // Close could not be reached and nothing was kept: the reason, in a few words, in the tooltip.
    const unreachable =
      !totals && root.kind === 'error' && (root.error instanceof NetworkError || root.error instanceof TimeoutError)
        ? briefError(root.error, errorText(root.error, locale, t))
        : undefined;
    if (totals && asOf) this.item.text = `$(debug-disconnect) ${asOf} · ${statusBarSummary(totals, money, locale, t)}`;
    else if (totals && refreshing) this.item.text = `$(sync~spin) ${refreshing} · ${statusBarSummary(totals, money, locale, t)}`;
    else if (totals) this.item.text = `$(briefcase) ${statusBarSummary(totals, money, locale, t)}`;
    else if (this.model.loading) this.item.text = `$(loading~spin) ${t('Close')}`;
    else if (unreachable) this.item.text = `$(debug-disconnect) ${t('Close: offline')}`;
    else this.item.text = `$(briefcase) ${t('Close')}`;
    // Old numbers stand out: the warning colours of the theme.
    this.item.backgroundColor = asOf || unreachable ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const sample = this.connection.kind === 'sampleData';
    const organization = this.connection.organizations.shownName;
    // With several organizations, the one shown is named first.
    if (organization) this.item.text = withOrganization(this.item.text, organization);
    this.item.tooltip = statusBarTooltip(totals, sample, money, locale, t, asOf, this.model.loading, refreshing, unreachable);
    if (organization && this.connection.label) this.item.tooltip = `${this.connection.label}\n${this.item.tooltip}`;
    this.item.accessibilityInformation = { label: this.item.tooltip.replace(/\n/g, '. '), role: 'button' };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
