// Date helpers of the query engine: ISO weeks, quarters and the date formats accepted in filters.

/** ISO 8601 week of a `YYYY-MM-DD` date: 2024-12-30 → { weekyear: 2025, week: 1 }. */
export function isoWeek(date: string): { weekyear: number; week: number } {
  const day = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  const weekday = day.getUTCDay() || 7; // Monday = 1 … Sunday = 7
  // The Thursday of this week decides the week-year.
  const thursday = new Date(day.getTime() + (4 - weekday) * 86_400_000);
  const weekyear = thursday.getUTCFullYear();
  const firstOfYear = Date.UTC(weekyear, 0, 1);
  const week = Math.floor((thursday.getTime() - firstOfYear) / 86_400_000 / 7) + 1;
  return { weekyear, week };
}

export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

/** A filter value: either a calendar date or an instant. */
export type DateValue = { kind: 'date'; date: string; startMs: number } | { kind: 'datetime'; ms: number };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/**
 * Parses a date filter value: `2024-01-31`, `2024-01-31T10:00:00Z`, `2024-01-31T10:00:00.5+02:00`.
 * A datetime without an offset is taken as UTC. Returns undefined for anything else.
 */
export function parseDateValue(text: string): DateValue | undefined {
  const date = DATE_ONLY.exec(text);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!validDate(y, m, d)) return undefined;
    return { kind: 'date', date: text, startMs: Date.UTC(y, m - 1, d) };
  }
  // A '+' sent unencoded arrives as a space: that is a client bug, so it is rejected, not guessed.
  const time = DATE_TIME.exec(text);
  if (!time) return undefined;
  const [y, m, d, hh, mm] = [1, 2, 3, 4, 5].map((i) => Number(time[i]));
  const ss = time[6] === undefined ? 0 : Number(time[6]);
  if (!validDate(y, m, d) || hh > 23 || mm > 59 || ss > 59) return undefined;
  const fraction = time[7] === undefined ? 0 : Number(`0.${time[7]}`);
  let ms = Date.UTC(y, m - 1, d, hh, mm, ss) + Math.round(fraction * 1000);
  const offset = time[8];
  if (offset !== undefined && offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return undefined;
    ms -= sign * (oh * 60 + om) * 60_000;
  }
  return { kind: 'datetime', ms };
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Close's datetime format: `2024-02-01T15:04:05.123000+00:00` (microseconds, explicit offset). */
export function closeDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;
}
