// The hover on `oppo_…` ids in any document. A thin shell: finding the id, the cache and the Markdown are
// vscode-free (hoverMarkdown.ts, hoverContent.ts, hoverCache.ts).
import * as vscode from 'vscode';
import type { Services } from '../../state/services';
import type { OpportunitiesModel } from '../../views/tree/opportunitiesModel';
import { OpportunityCache } from './hoverCache';
import { foundElsewhere, hoverMarkdownFor, NotConnectedError } from './hoverContent';
import { NotFoundError } from '../../close/errors';
import { findInOtherOrganizations } from '../../state/otherOrganizations';
import { HOVER_COMMANDS } from './hoverMarkdown';
import { findOpportunityIdAt } from './idLinks';

export const HOVER_TTL_MS = 60_000;

/** Turns a CancellationToken into an AbortSignal for the cache. */
function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => void subscription.dispose() };
}

export class OpportunityHoverProvider implements vscode.HoverProvider, vscode.Disposable {
  /** Opportunities by id, shared by every hover; cleared when the connection changes or the user refreshes. */
  readonly cache: OpportunityCache;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Services,
    /** The tree's model: its rows answer when Close cannot be reached. */
    private readonly model?: OpportunitiesModel,
  ) {
    this.cache = new OpportunityCache(
      async (id, signal) => {
        const client = await services.connection.client();
        if (!client) throw new NotConnectedError();
        try {
          return await client.getOpportunity(id, signal);
        } catch (error) {
          // Not in the organization shown: perhaps in another one added here, which the hover then names.
          if (!(error instanceof NotFoundError)) throw error;
          const found = await findInOtherOrganizations(services.connection.organizations, id, signal);
          if (!found) throw error;
          foundElsewhere.set(found.opportunity, found.account.kind === 'sample' ? vscode.l10n.t('Sample data') : (found.account.organization ?? found.account.label));
          return found.opportunity;
        }
      },
      { ttlMs: HOVER_TTL_MS },
    );
    this.subscription = services.connection.onDidChange(() => this.cache.clear());
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    // Read live, so switching the setting off takes effect at once.
    if (!vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('hover.enabled', true)) return undefined;
    if (position.line >= document.lineCount) return undefined;
    const match = findOpportunityIdAt(document.lineAt(position.line).text, position.character);
    if (!match) return undefined;

    const cancel = signalOf(token);
    try {
      const text = await hoverMarkdownFor(match.id, this.cache, {
        connected: this.services.connection.connected,
        signal: cancel.signal,
        t: vscode.l10n.t,
        onUnauthorized: () => this.services.connection.reportUnauthorized(),
        kept: (id) => this.kept(id),
      });
      if (text === undefined || token.isCancellationRequested) return undefined;
      const markdown = new vscode.MarkdownString(text);
      // Links may run these commands only; server text is escaped, so it cannot add links of its own.
      markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
      markdown.supportHtml = false;
      markdown.supportThemeIcons = false;
      return new vscode.Hover(markdown, new vscode.Range(position.line, match.start, position.line, match.end));
    } finally {
      cancel.dispose();
    }
  }

  /** The row on screen (as of its load), else the newest kept one. */
  private kept(id: string): Promise<{ row: { id: string }; at: number } | undefined> {
    const row = this.model?.findOpportunity(id)?.row;
    const at = this.model?.rowsAsOf;
    if (row && at !== undefined) return Promise.resolve({ row, at });
    return this.services.keptResults.findRow(id);
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}
