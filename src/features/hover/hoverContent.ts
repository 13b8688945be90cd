// What a hover over an opportunity id says: cache lookup + outcome → Markdown text. vscode-free.
import { AuthError, isAbortError, NetworkError, NotFoundError, TimeoutError } from '../../close/errors';
import type { Opportunity } from '../../close/types';
import { offlineLabel } from '../offline/offlineText';
import type { OpportunityCache } from './hoverCache';
import { escapeMarkdown, untranslated } from '../../shared/text';
import { renderError, renderNoConnection, renderNotFound, renderOpportunityHover, renderUnauthorized, type HoverRenderOptions } from './hoverMarkdown';

/** Thrown by a loader when there is neither a key nor sample data. */
export class NotConnectedError extends Error {
  constructor() {
    super('Not connected to Close');
    this.name = 'NotConnectedError';
  }
}

/** Opportunities found in another organization than the one shown, with that organization's name. */
export const foundElsewhere = new WeakMap<Opportunity, string>();

export interface HoverContentOptions extends HoverRenderOptions {
  /** False when there is neither a key nor sample data: the hover offers to set one, nothing is fetched. */
  connected: boolean;
  signal?: AbortSignal;
  /** Told about a refused key (so the connection can ask for a new one). */
  onUnauthorized?: () => void;
  /** The opportunity as last loaded (the tree's rows, the kept results), for when Close cannot be reached. */
  kept?: (id: string) => Promise<{ row: { id: string }; at: number } | undefined>;
  /** For "as of 10:42" (default Date.now). */
  now?: () => number;
}

/** The hover's Markdown for `id`, or undefined when the caller gave up (its signal aborted). */
export async function hoverMarkdownFor(id: string, cache: OpportunityCache, options: HoverContentOptions): Promise<string | undefined> {
  if (!options.connected) return renderNoConnection(options);
  try {
    const opportunity = await cache.get(id, options.signal);
    const elsewhere = foundElsewhere.get(opportunity);
    if (elsewhere === undefined) return renderOpportunityHover(opportunity, options);
    const t = options.t ?? untranslated;
    const said = t('In {0}, not in the organization shown.', elsewhere);
    return `${escapeMarkdown(said)}\n\n---\n\n${renderOpportunityHover(opportunity, options)}`;
  } catch (error) {
    if (options.signal?.aborted || isAbortError(error)) return undefined;
    if (error instanceof NotFoundError) return renderNotFound(id, options);
    if (error instanceof NotConnectedError) return renderNoConnection(options);
    if (error instanceof AuthError) {
      options.onUnauthorized?.();
      return renderUnauthorized(options);
    }
    if (error instanceof NetworkError || error instanceof TimeoutError) {
      const kept = await options.kept?.(id).catch(() => undefined);
      if (kept && !options.signal?.aborted) return renderKept(kept.row as Opportunity, kept.at, options);
    }
    return renderError(error instanceof Error ? error.message : String(error), options);
  }
}

/** A row as last loaded, under a line saying so: "Offline — as of 10:42: Close cannot be reached." */
function renderKept(row: Opportunity, at: number, options: HoverContentOptions): string {
  const asOf = offlineLabel(at, (options.now ?? Date.now)(), options.locale, options.t);
  const t = options.t ?? untranslated;
  const said = t('{0}: Close cannot be reached; this is the opportunity as last loaded.', asOf);
  return `${escapeMarkdown(said)}\n\n---\n\n${renderOpportunityHover(row, options)}`;
}
