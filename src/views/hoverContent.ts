// What a hover over an opportunity id says: cache lookup + outcome → Markdown text. vscode-free.
import { AuthError, isAbortError, NotFoundError } from '../close/errors';
import type { OpportunityCache } from '../state/hoverCache';
import { renderError, renderNoConnection, renderNotFound, renderOpportunityHover, renderUnauthorized, type HoverRenderOptions } from './hoverMarkdown';

/** Thrown by a loader when there is neither a key nor sample data. */
export class NotConnectedError extends Error {
  constructor() {
    super('Not connected to Close');
    this.name = 'NotConnectedError';
  }
}

export interface HoverContentOptions extends HoverRenderOptions {
  /** False when there is neither a key nor sample data: the hover offers to set one, nothing is fetched. */
  connected: boolean;
  signal?: AbortSignal;
  /** Told about a refused key (so the connection can ask for a new one). */
  onUnauthorized?: () => void;
}

/** The hover's Markdown for `id`, or undefined when the caller gave up (its signal aborted). */
export async function hoverMarkdownFor(id: string, cache: OpportunityCache, options: HoverContentOptions): Promise<string | undefined> {
  if (!options.connected) return renderNoConnection(options);
  try {
    const opportunity = await cache.get(id, options.signal);
    return renderOpportunityHover(opportunity, options);
  } catch (error) {
    if (options.signal?.aborted || isAbortError(error)) return undefined;
    if (error instanceof NotFoundError) return renderNotFound(id, options);
    if (error instanceof NotConnectedError) return renderNoConnection(options);
    if (error instanceof AuthError) {
      options.onUnauthorized?.();
      return renderUnauthorized(options);
    }
    return renderError(error instanceof Error ? error.message : String(error), options);
  }
}
