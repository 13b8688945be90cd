// Registers the summary webview, the hover and the id links (called from the composition root).
// Activation only registers: the summary's and the hover's code is in dist/later.js, required the first time
// the view is shown or a hover is asked for, which keeps activation within its budget (10 ms, `npm run bench`). The link
// provider is small and asked for as soon as an editor opens, so it is here.
import * as vscode from 'vscode';
import { SUMMARY_VIEW_ID } from '../../shared/viewIds';
import type { MoneyContext } from '../../close/format';
import type { Services } from '../../state/services';
import type { ChangeTracker } from '../changes/changeTracker';
import type { ChangeTextSource } from '../changes/changeDecorations';
import type { OpportunityHoverProvider } from '../hover/opportunityHoverProvider';
import { OpportunityLinkProvider } from '../hover/opportunityLinkProvider';
import { onFirstUse } from '../../shared/onFirstUse';
import type { SummaryViewOptions, SummaryViewProvider } from './summaryViewProvider';
import type { OpportunitiesModel } from '../../views/tree/opportunitiesModel';

export class SummaryFeatures implements vscode.Disposable {
  private summaryProvider: SummaryViewProvider | undefined;
  private hoverProvider: OpportunityHoverProvider | undefined;
  private linkProvider: OpportunityLinkProvider | undefined;
  readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: Services,
    private readonly model: OpportunitiesModel,
    private readonly money: () => MoneyContext,
    private readonly changes?: () => ChangeTracker,
    private readonly changeText?: ChangeTextSource,
    private readonly attention?: SummaryViewOptions['attention'],
  ) {
    this.disposables = [
      this,
      vscode.window.registerWebviewViewProvider(SUMMARY_VIEW_ID, { resolveWebviewView: (view) => this.summary.resolveWebviewView(view) }),
      // Every document, any scheme: files, untitled, output, diffs, notebooks' cells.
      vscode.languages.registerHoverProvider({ scheme: '*' }, { provideHover: (document, position, token) => this.hover.provideHover(document, position, token) }),
      vscode.languages.registerDocumentLinkProvider({ scheme: '*' }, { provideDocumentLinks: (document, token) => this.links.provideDocumentLinks(document, token) }),
      // The tree reloads on Refresh (and on filter or connection changes): cached hovers go. The summary
      // renders from the model itself.
      model.onDidChangeTree((node) => {
        if (node !== undefined || model.root.kind !== 'loading') return;
        this.hoverProvider?.cache.clear();
      }),
    ];
  }

  /** The summary view's host (created on first use). */
  get summary(): SummaryViewProvider {
    this.summaryProvider ??= new (onFirstUse().SummaryViewProvider)(this.services, this.model, {
      money: this.money,
      changes: this.changes && this.changeText ? { tracker: this.changes(), text: this.changeText } : undefined,
      attention: this.attention,
    });
    return this.summaryProvider;
  }

  /** The hover provider (created on the first hover). */
  get hover(): OpportunityHoverProvider {
    this.hoverProvider ??= new (onFirstUse().OpportunityHoverProvider)(this.services, this.model);
    return this.hoverProvider;
  }

  /** The `oppo_…` link provider (created when VS Code first asks for links). */
  get links(): OpportunityLinkProvider {
    this.linkProvider ??= new OpportunityLinkProvider();
    return this.linkProvider;
  }

  /** The organization's currency became known: amounts are drawn again. */
  moneyChanged(): void {
    this.summaryProvider?.moneyChanged();
  }

  dispose(): void {
    this.summaryProvider?.dispose();
    this.hoverProvider?.dispose();
  }
}
