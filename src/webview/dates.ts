// Date checks shared by the webview (immediate feedback) and the extension (which re-checks everything).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,6})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

function isRealDay(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2024-02-29` or an ISO datetime such as `2024-02-29T10:00:00Z` on a day that exists. */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text) ?? DATETIME.exec(text);
  if (!match) return false;
  return isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Milliseconds since the epoch; date-only values are midnight UTC. NaN when not an ISO date. */
export function dateValue(text: string): number {
  if (!isIsoDate(text)) return NaN;
  return Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text);
}

export type DateRangeProblem = 'invalidFrom' | 'invalidTo' | 'endBeforeStart';

/** What is wrong with a from/to pair ('' = open end), or undefined when it can be sent. */
export function dateRangeProblem(from: string, to: string): DateRangeProblem | undefined {
  if (from !== '' && !isIsoDate(from)) return 'invalidFrom';
  if (to !== '' && !isIsoDate(to)) return 'invalidTo';
  if (from !== '' && to !== '' && dateValue(to) < dateValue(from)) return 'endBeforeStart';
  return undefined;
}
