// `oppo_…` ids in any document are links: Ctrl/Cmd-click reveals the row in the sidebar, or opens the
// opportunity's details when it is not loaded. A thin shell over idLinks.ts; nothing is fetched to make links.
import * as vscode from 'vscode';
import { t } from '../../shared/l10n';
import { linkTarget, opportunityIdLinks } from './idLinks';

export class OpportunityLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentLink[] {
    // Read live, so switching the setting off takes effect at once.
    if (!vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('links.enabled', true)) return [];
    const tooltip = t('Show in the Close sidebar');
    return opportunityIdLinks(document.lineCount, (line) => document.lineAt(line).text, {
      cancelled: () => token.isCancellationRequested,
    }).map((found) => {
      const link = new vscode.DocumentLink(new vscode.Range(found.line, found.start, found.line, found.end), vscode.Uri.parse(linkTarget(found.id)));
      link.tooltip = tooltip;
      return link;
    });
  }
}
