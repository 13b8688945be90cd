// Registers the summary webview, the hover, the id links, export and saved filters (called from the composition root).
// Activation only registers: each feature's code is required the first time it is used (the view is
// shown, a hover is asked for, a command runs), which keeps activation within its budget (design §9).
import * as vscode from 'vscode';
import type { MoneyContext } from '../close/format';
import type { Services } from '../services';
import type { ChangeTracker } from '../state/changeTracker';
import type { ChangeTextSource } from './changeDecorations';
import type { OpportunityHoverProvider } from './opportunityHoverProvider';
import type { OpportunityLinkProvider } from './opportunityLinkProvider';
import type { SummaryViewProvider } from './summaryViewProvider';
import type { OpportunitiesModel } from './tree/opportunitiesModel';

/** `closeOpportunities.summary` (as in the manifest). */
const SUMMARY_VIEW = 'closeOpportunities.summary';

const load = {
  summary: () => require('./summaryViewProvider') as typeof import('./summaryViewProvider'),
  hover: () => require('./opportunityHoverProvider') as typeof import('./opportunityHoverProvider'),
  links: () => require('./opportunityLinkProvider') as typeof import('./opportunityLinkProvider'),
  exportView: () => require('../commands/exportView') as typeof import('../commands/exportView'),
  savedFilters: () => require('../commands/savedFilters') as typeof import('../commands/savedFilters'),
};

export class SummaryFeatures implements vscode.Disposable {
  private summaryProvider: SummaryViewProvider | undefined;
  private hoverProvider: OpportunityHoverProvider | undefined;
  private linkProvider: OpportunityLinkProvider | undefined;
  readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: Services,
    model: OpportunitiesModel,
    private readonly money: () => MoneyContext,
    private readonly changes?: ChangeTracker,
    private readonly changeText?: ChangeTextSource,
  ) {
    this.disposables = [
      this,
      vscode.window.registerWebviewViewProvider(SUMMARY_VIEW, { resolveWebviewView: (view) => this.summary.resolveWebviewView(view) }),
      // Every document, any scheme: files, untitled, output, diffs, notebooks' cells.
      vscode.languages.registerHoverProvider({ scheme: '*' }, { provideHover: (document, position, token) => this.hover.provideHover(document, position, token) }),
      vscode.languages.registerDocumentLinkProvider({ scheme: '*' }, { provideDocumentLinks: (document, token) => this.links.provideDocumentLinks(document, token) }),
      vscode.commands.registerCommand('closeOpportunities.exportView', (arg: unknown) => load.exportView().exportView(services, arg)),
      vscode.commands.registerCommand('closeOpportunities.saveFilter', (arg: unknown) => load.savedFilters().saveFilter(services, arg)),
      vscode.commands.registerCommand('closeOpportunities.applySavedFilter', (arg: unknown) => load.savedFilters().applySavedFilter(services, arg)),
      // The tree reloads on Refresh (and on filter or connection changes): the summary follows, cached hovers go.
      model.onDidChangeTree((node) => {
        if (node !== undefined || model.root.kind !== 'loading') return;
        this.summaryProvider?.reload();
        this.hoverProvider?.cache.clear();
      }),
    ];
  }

  /** The summary view's host (created on first use). */
  get summary(): SummaryViewProvider {
    this.summaryProvider ??= new (load.summary().SummaryViewProvider)(this.services, {
      money: this.money,
      changes: this.changes && this.changeText ? { tracker: this.changes, text: this.changeText } : undefined,
    });
    return this.summaryProvider;
  }

  /** The hover provider (created on the first hover). */
  get hover(): OpportunityHoverProvider {
    this.hoverProvider ??= new (load.hover().OpportunityHoverProvider)(this.services);
    return this.hoverProvider;
  }

  /** The `oppo_…` link provider (created when VS Code first asks for links). */
  get links(): OpportunityLinkProvider {
    this.linkProvider ??= new (load.links().OpportunityLinkProvider)();
    return this.linkProvider;
  }

  dispose(): void {
    this.summaryProvider?.dispose();
    this.hoverProvider?.dispose();
  }
}
