// The Show Details card in an editor tab: one webview panel per opportunity, with no script; its links run only
// the commands of CARD_COMMANDS. The page is built by ./opportunityCard.ts.
import * as vscode from 'vscode';
import type { Opportunity } from '../../close/types';
import { t } from '../../shared/l10n';
import { makeNonce } from '../../shared/nonce';
import { CARD_COMMANDS, cardTitle, opportunityCardHtml } from './opportunityCard';

export const CARD_VIEW_TYPE = 'closeOpportunities.details';

/** The open cards by opportunity id: showing one again refreshes it and brings it forward. */
export class OpportunityCards implements vscode.Disposable {
  private static instance: OpportunityCards | undefined;
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; opportunity: Opportunity }>();

  static get current(): OpportunityCards {
    return (OpportunityCards.instance ??= new OpportunityCards());
  }

  /** The opportunity a card shows (as fetched for it), for Show JSON without asking Close again. */
  opportunity(id: string): Opportunity | undefined {
    return this.panels.get(id)?.opportunity;
  }

  /** The card of `id` when one is open (for the tests and for commands on it). */
  panel(id: string): vscode.WebviewPanel | undefined {
    return this.panels.get(id)?.panel;
  }

  /** `customFieldNames`: the organization's names of its custom fields, by id (the card shows an id without one). */
  show(opportunity: Opportunity, customFieldNames?: ReadonlyMap<string, string>): vscode.WebviewPanel {
    const locale = vscode.env.language;
    const title = cardTitle(opportunity, { locale });
    let open = this.panels.get(opportunity.id);
    if (!open) {
      const panel = vscode.window.createWebviewPanel(
        CARD_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        { enableScripts: false, enableCommandUris: [...CARD_COMMANDS], localResourceRoots: [] },
      );
      open = { panel, opportunity };
      this.panels.set(opportunity.id, open);
      panel.onDidDispose(() => this.panels.delete(opportunity.id));
    } else {
      open.opportunity = opportunity;
      open.panel.reveal();
    }
    open.panel.title = title;
    open.panel.webview.html = opportunityCardHtml(opportunity, {
      nonce: makeNonce((size) => globalThis.crypto.getRandomValues(new Uint8Array(size))),
      lang: vscode.env.language,
      locale,
      t,
      customFieldNames,
    });
    return open.panel;
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    this.panels.clear();
    if (OpportunityCards.instance === this) OpportunityCards.instance = undefined;
  }
}
