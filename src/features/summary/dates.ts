// Date checks shared by the webview (immediate feedback) and the extension (which re-checks everything).
import { parseIsoInstant } from '../../close/isoDates';

/** The form takes years a person would type: 1900–2999 (a five-digit or 0024 year is a typo). */
function plausibleYear(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return year >= 1900 && year <= 2999;
}

/** `2024-02-29` or an ISO datetime such as `2024-02-29T10:00:00Z` on a day that exists (close/isoDates.ts). */
export function isIsoDate(text: string): boolean {
  return parseIsoInstant(text) !== undefined && plausibleYear(text);
}

/** Milliseconds since the epoch; date-only values are midnight UTC, a datetime without offset is UTC. NaN when not an ISO date. */
export function dateValue(text: string): number {
  return isIsoDate(text) ? (parseIsoInstant(text) ?? NaN) : NaN;
}

export type DateRangeProblem = 'invalidFrom' | 'invalidTo' | 'endBeforeStart';

/** What is wrong with a from/to pair ('' = open end), or undefined when it can be sent. */
export function dateRangeProblem(from: string, to: string): DateRangeProblem | undefined {
  if (from !== '' && !isIsoDate(from)) return 'invalidFrom';
  if (to !== '' && !isIsoDate(to)) return 'invalidTo';
  if (from !== '' && to !== '' && dateValue(to) < dateValue(from)) return 'endBeforeStart';
  return undefined;
}
