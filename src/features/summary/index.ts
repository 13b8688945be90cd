// Registers the summary webview (called from the composition root). Activation only registers: the summary's
// code is in dist/later.js, required the first time the view is shown, which keeps activation within its budget
// (10 ms, `npm run bench`).
import * as vscode from 'vscode';
import { SUMMARY_VIEW_ID } from '../../shared/viewIds';
import type { MoneyContext } from '../../close/format';
import type { Services } from '../../state/services';
import type { ChangeTracker } from '../changes/changeTracker';
import type { ChangeTextSource } from '../changes/changeDecorations';
import { onFirstUse } from '../../shared/onFirstUse';
import type * as SummaryLater from './later';
import type { SummaryViewOptions, SummaryViewProvider } from './summaryViewProvider';
import type { OpportunitiesModel } from '../../views/tree/opportunitiesModel';

export class SummaryFeature implements vscode.Disposable {
  private summaryProvider: SummaryViewProvider | undefined;
  readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: Services,
    private readonly model: OpportunitiesModel,
    private readonly money: () => MoneyContext,
    private readonly changes?: () => ChangeTracker,
    private readonly changeText?: ChangeTextSource,
    private readonly attention?: SummaryViewOptions['attention'],
  ) {
    this.disposables = [this, vscode.window.registerWebviewViewProvider(SUMMARY_VIEW_ID, { resolveWebviewView: (view) => this.summary.resolveWebviewView(view) })];
  }

  /** The summary view's host (created on first use). */
  get summary(): SummaryViewProvider {
    this.summaryProvider ??= new (onFirstUse<typeof SummaryLater>().SummaryViewProvider)(this.services, this.model, {
      money: this.money,
      changes: this.changes && this.changeText ? { tracker: this.changes(), text: this.changeText } : undefined,
      attention: this.attention,
    });
    return this.summaryProvider;
  }

  /** The organization's currency became known: amounts are drawn again. */
  moneyChanged(): void {
    this.summaryProvider?.moneyChanged();
  }

  dispose(): void {
    this.summaryProvider?.dispose();
  }
}
