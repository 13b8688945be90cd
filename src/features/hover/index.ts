// Registers the hover and the id links (called from the composition root). The hover's code is in dist/later.js,
// required on the first hover; the link provider is small and asked for as soon as an editor opens, so it is here.
import * as vscode from 'vscode';
import type { Services } from '../../state/services';
import { onFirstUse } from '../../shared/onFirstUse';
import type { OpportunitiesModel } from '../../views/tree/opportunitiesModel';
import type * as HoverLater from './later';
import type { OpportunityHoverProvider } from './opportunityHoverProvider';
import { OpportunityLinkProvider } from './opportunityLinkProvider';

export class HoverFeature implements vscode.Disposable {
  private hoverProvider: OpportunityHoverProvider | undefined;
  private linkProvider: OpportunityLinkProvider | undefined;
  readonly disposables: vscode.Disposable[];

  constructor(
    private readonly services: Services,
    private readonly model: OpportunitiesModel,
  ) {
    this.disposables = [
      this,
      // Every document, any scheme: files, untitled, output, diffs, notebooks' cells.
      vscode.languages.registerHoverProvider({ scheme: '*' }, { provideHover: (document, position, token) => this.hover.provideHover(document, position, token) }),
      vscode.languages.registerDocumentLinkProvider({ scheme: '*' }, { provideDocumentLinks: (document, token) => this.links.provideDocumentLinks(document, token) }),
      // The tree reloads on Refresh (and on filter or connection changes): cached hovers go.
      model.onDidChangeTree((node) => {
        if (node !== undefined || model.root.kind !== 'loading') return;
        this.hoverProvider?.cache.clear();
      }),
    ];
  }

  /** The hover provider (created on the first hover). */
  get hover(): OpportunityHoverProvider {
    this.hoverProvider ??= new (onFirstUse<typeof HoverLater>().OpportunityHoverProvider)(this.services, this.model);
    return this.hoverProvider;
  }

  /** The `oppo_…` link provider (created when VS Code first asks for links). */
  get links(): OpportunityLinkProvider {
    this.linkProvider ??= new OpportunityLinkProvider();
    return this.linkProvider;
  }

  dispose(): void {
    this.hoverProvider?.dispose();
  }
}
