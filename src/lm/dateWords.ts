// A filter's dates in the open: the range in words ("in December 2026"), and exactly what is sent to Close with
// the time zone that turned days into times, so that a "this month" mistake shows. Pure: no 'vscode' here.
import type { DateRange, OpportunityFilter } from '../close/filter';
import { FILTER_FIELDS } from '../close/filterFields';
import { isCalendarDay } from '../close/isoDates';
import { toQueryParams } from '../close/query';
import { describeRange } from '../shared/filterDescription';
import { untranslated as english, type Translate } from '../shared/text';

const DAY = 86_400_000;
const dayOf = (text: string) => Date.parse(`${text}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first and last calendar day of a range given in days, when it has both. */
function wholeDays(range: DateRange): { first: number; last: number } | undefined {
  const day = (text: string | undefined) => (text !== undefined && isCalendarDay(text) ? dayOf(text) : undefined);
  const first = day(range.gte) ?? (day(range.gt) !== undefined ? day(range.gt)! + DAY : undefined);
  const last = day(range.lte) ?? (day(range.lt) !== undefined ? day(range.lt)! - DAY : undefined);
  return first !== undefined && last !== undefined ? { first, last } : undefined;
}

/** "in December 2026", "in Q4 2026", "in 2026", "on 2026-12-05", "2026-12-01 – 2026-12-15", "from 2026-12-01". */
export function rangeWords(range: DateRange, t: Translate = english, locale = 'en-US'): string {
  if (range.eq) return t('on {0}', range.eq);
  const days = wholeDays(range);
  if (days) {
    const first = new Date(days.first);
    const next = new Date(days.last + DAY);
    const [y, m] = [first.getUTCFullYear(), first.getUTCMonth()];
    if (first.getUTCDate() === 1 && next.getUTCDate() === 1) {
      const months = (next.getUTCFullYear() - y) * 12 + next.getUTCMonth() - m;
      if (months === 1) return t('in {0}', new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first));
      if (months === 3 && m % 3 === 0) return t('in {0}', t('Q{0} {1}', m / 3 + 1, y));
      if (months === 12 && m === 0) return t('in the year {0}', String(y));
    }
    if (days.first === days.last) return t('on {0}', isoDay(days.first));
    return `${isoDay(days.first)} – ${isoDay(days.last)}`;
  }
  return describeRange(range, t);
}

/**
 * One line per date field the filter sets, for the model: the range in words and the comparisons sent
 * ("date_created__gte=2026-12-01T00:00:00+01:00"), which for the fields Close compares as times are the
 * user's whole days in `timeZone`.
 */
export function dateLines(filter: OpportunityFilter, timeZone: string): string[] {
  const lines: string[] = [];
  for (const field of FILTER_FIELDS) {
    if (field.kind !== 'date') continue;
    const range = filter[field.key];
    if (!range || Object.values(range).every((v) => v === undefined || v === '')) continue;
    const sent = [...toQueryParams({ [field.key]: range })].map(([name, value]) => `${name}=${value}`).join(', ');
    const how = field.compares === 'day' ? 'calendar days, both ends included' : `times; a day is the user’s whole day in the time zone ${timeZone}, both ends included`;
    lines.push(`${field.label(english)} ${rangeWords(range)}: sent to Close as ${sent} (${how}).`);
  }
  return lines;
}

/** "Today is 2026-12-15 (Tuesday) in Europe/Berlin.": what "this month" means to the user. */
export function todayLine(now: number, timeZone: string): string {
  let day: string;
  let weekday: string;
  try {
    day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long' }).format(now);
  } catch {
    day = isoDay(now);
    weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long' }).format(now);
  }
  return `Today is ${day} (${weekday}) in the user’s time zone, ${timeZone}.`;
}
