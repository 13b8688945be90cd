// What counts as a date: the one definition of an ISO date or datetime on a day that exists, for the filter's
// checks (./query.ts), the palette's date boxes and the summary's form (each adds only its own format rule).

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?$/;

/**
 * A point in time for an ISO date (`2024-02-29`, start of the day in UTC) or datetime
 * (`2024-02-29T10:00:00.000000+00:00`, `…Z`, no offset = UTC); `undefined` when the text is not one or
 * names a day that does not exist.
 */
export function parseIsoInstant(text: string): number | undefined {
  const date = DATE_RE.exec(text);
  if (date) {
    const [, y, m, d] = date.map(Number);
    return realDay(y, m, d) ? Date.UTC(y, m - 1, d) : undefined;
  }
  const dt = DATETIME_RE.exec(text);
  if (!dt) return undefined;
  const [y, mo, d, h, mi] = [dt[1], dt[2], dt[3], dt[4], dt[5]].map(Number);
  const s = dt[6] === undefined ? 0 : Number(dt[6]);
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (dt[8] && dt[8] !== 'Z') {
    const oh = Number(dt[9]);
    const om = Number(dt[10]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (dt[8].startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = dt[7] ? Number(dt[7]) * 1000 : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s) + fraction - offsetMinutes * 60_000;
}

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate() && y >= 1;
}

/** A day of the calendar written `YYYY-MM-DD` (no time), one that exists. */
export function isCalendarDay(text: string): boolean {
  return DATE_RE.test(text) && parseIsoInstant(text) !== undefined;
}
