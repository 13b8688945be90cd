// `oppo_…` ids in a document: the one under the pointer (the hover) and every one as a link (where they are
// and what Ctrl/Cmd-click runs). Pure and vscode-free: the providers are thin shells.
import { OPPORTUNITY_ID_PATTERN } from '../../close/ids';
import { commandId } from '../../shared/commands';

/** Longest line we look at; longer lines (minified files, logs) are skipped so a hover never scans megabytes. */
export const MAX_LINE_LENGTH = 10_000;

export interface IdMatch {
  id: string;
  /** Character offsets in the line, end exclusive. */
  start: number;
  end: number;
}

/** The opportunity id under `character`, if any. Lines over MAX_LINE_LENGTH are not looked at. */
export function findOpportunityIdAt(line: string, character: number): IdMatch | undefined {
  if (line.length > MAX_LINE_LENGTH) return undefined;
  for (const match of line.matchAll(OPPORTUNITY_ID_PATTERN)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (character >= start && character <= end) return { id: match[0], start, end };
    if (start > character) break;
  }
  return undefined;
}

/** Most links one document gets (a log full of ids still costs a bounded amount). */
export const MAX_LINKS_PER_DOCUMENT = 5_000;

/** The command a link runs: reveal the row in the sidebar, or show the details when it is not loaded. */
export const LINK_COMMAND = commandId('revealOrShowDetails');

export interface IdLink extends IdMatch {
  line: number;
}

/** Every id in one line; none for a line over MAX_LINE_LENGTH (minified files, huge log lines). */
export function opportunityIdsInLine(line: string): IdMatch[] {
  if (line.length > MAX_LINE_LENGTH || !line.includes('oppo_')) return [];
  return Array.from(line.matchAll(OPPORTUNITY_ID_PATTERN), (match) => {
    const start = match.index ?? 0;
    return { id: match[0], start, end: start + match[0].length };
  });
}

/** The ids of a document, line by line, at most `limit`; stops early when `cancelled()` says so. */
export function opportunityIdLinks(lineCount: number, lineAt: (line: number) => string, options: { limit?: number; cancelled?: () => boolean } = {}): IdLink[] {
  const limit = options.limit ?? MAX_LINKS_PER_DOCUMENT;
  const links: IdLink[] = [];
  for (let line = 0; line < lineCount && links.length < limit; line++) {
    if (options.cancelled?.()) break;
    for (const match of opportunityIdsInLine(lineAt(line))) {
      links.push({ ...match, line });
      if (links.length >= limit) break;
    }
  }
  return links;
}

/** `command:closeOpportunities.revealOrShowDetails?["oppo_…"]`, arguments URI-encoded JSON as VS Code expects. */
export function linkTarget(id: string): string {
  return `command:${LINK_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`;
}
