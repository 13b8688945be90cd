// Registers the summary webview, the hover, export and saved filters (called from the composition root).
import * as vscode from 'vscode';
import { exportView } from '../commands/exportView';
import { applySavedFilter, saveFilter } from '../commands/savedFilters';
import type { Services } from '../services';
import { registerOpportunityHover, type OpportunityHoverProvider } from './opportunityHoverProvider';
import { SUMMARY_VIEW_ID, SummaryViewProvider } from './summaryViewProvider';
import type { OpportunitiesModel } from './tree/opportunitiesModel';

export interface SummaryFeatures {
  summary: SummaryViewProvider;
  hover: OpportunityHoverProvider;
  disposables: vscode.Disposable[];
}

export function registerSummaryFeatures(services: Services, model: OpportunitiesModel, currency: () => string | undefined): SummaryFeatures {
  const summary = new SummaryViewProvider(services, { currency });
  const hover = registerOpportunityHover(services);
  const disposables: vscode.Disposable[] = [
    summary,
    vscode.window.registerWebviewViewProvider(SUMMARY_VIEW_ID, summary),
    ...hover.disposables,
    vscode.commands.registerCommand('closeOpportunities.exportView', (arg: unknown) => exportView(services, arg)),
    vscode.commands.registerCommand('closeOpportunities.saveFilter', (arg: unknown) => saveFilter(services, arg)),
    vscode.commands.registerCommand('closeOpportunities.applySavedFilter', (arg: unknown) => applySavedFilter(services, arg)),
    // The tree reloads on Refresh (and on filter or connection changes): the summary follows, cached hovers go.
    model.onDidChangeTree((node) => {
      if (node !== undefined || model.root.kind !== 'loading') return;
      summary.reload();
      hover.provider.cache.clear();
    }),
  ];
  return { summary, hover: hover.provider, disposables };
}
