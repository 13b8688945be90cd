// Date presets and the checks of typed dates for the date filters. Pure: no 'vscode' here.
import { dateFormOf, dateFormRange, type DateForm, type DateRange } from '../close/filter';
import { untranslated as english, type Translate } from '../shared/text';
import { isCalendarDay } from '../close/isoDates';

export type DatePreset =
  | 'today'
  | 'yesterday'
  | 'last_7_days'
  | 'last_30_days'
  | 'next_30_days'
  | 'overdue'
  | 'this_week'
  | 'last_week'
  | 'this_month'
  | 'last_month'
  | 'this_quarter'
  | 'last_quarter'
  | 'this_year'
  | 'last_year';
/** The presets of every date field. */
export const DATE_PRESETS: readonly DatePreset[] = [
  'today',
  'yesterday',
  'last_7_days',
  'last_30_days',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
];
/** Those of the close date (date_won), which also lies ahead for active opportunities. */
export const CLOSE_DATE_PRESETS: readonly DatePreset[] = [...DATE_PRESETS.slice(0, 4), 'next_30_days', 'overdue', ...DATE_PRESETS.slice(4)];

/** The presets offered for a date field. */
export function datePresetsFor(key: string): readonly DatePreset[] {
  return key === 'date_won' ? CLOSE_DATE_PRESETS : DATE_PRESETS;
}

/** "overdue" is about active opportunities only: it sets the status type too. */
export function presetStatusTypes(preset: DatePreset): ['active'] | undefined {
  return preset === 'overdue' ? ['active'] : undefined;
}

export function presetLabel(preset: DatePreset, t: Translate = english): string {
  switch (preset) {
    case 'today':
      return t('Today');
    case 'yesterday':
      return t('Yesterday');
    case 'last_7_days':
      return t('Last 7 days');
    case 'last_30_days':
      return t('Last 30 days');
    case 'next_30_days':
      return t('Next 30 days');
    case 'overdue':
      return t('Overdue (active, close date before today)');
    case 'this_week':
      return t('This week');
    case 'last_week':
      return t('Last week');
    case 'this_month':
      return t('This month');
    case 'last_month':
      return t('Last month');
    case 'this_quarter':
      return t('This quarter');
    case 'last_quarter':
      return t('Last quarter');
    case 'this_year':
      return t('This year');
    case 'last_year':
      return t('Last year');
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD` of a calendar day (month 0-based, overflow allowed: day 0 is the last day of the month before). */
function isoDay(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month, day));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * A preset's days, relative to the user's calendar day `today` (its local year, month and day are used, so
 * a daylight saving change moves nothing): inclusive `gte`/`lte`, or `lt` today for "overdue". Weeks start
 * on Monday (ISO weeks, as the week grouping); the last 7 and 30 days end today, the next 30 start today.
 */
export function presetRange(preset: DatePreset, today: Date): DateRange {
  const year = today.getFullYear();
  const month = today.getMonth();
  const date = today.getDate();
  const quarterStart = month - (month % 3);
  const day = (offset: number) => isoDay(year, month, date + offset);
  const monday = -((today.getDay() + 6) % 7);
  switch (preset) {
    case 'today':
      return { gte: day(0), lte: day(0) };
    case 'yesterday':
      return { gte: day(-1), lte: day(-1) };
    case 'last_7_days':
      return { gte: day(-6), lte: day(0) };
    case 'last_30_days':
      return { gte: day(-29), lte: day(0) };
    case 'next_30_days':
      return { gte: day(0), lte: day(29) };
    case 'overdue':
      return { lt: day(0) };
    case 'this_week':
      return { gte: day(monday), lte: day(monday + 6) };
    case 'last_week':
      return { gte: day(monday - 7), lte: day(monday - 1) };
    case 'this_month':
      return { gte: isoDay(year, month, 1), lte: isoDay(year, month + 1, 0) };
    case 'last_month':
      return { gte: isoDay(year, month - 1, 1), lte: isoDay(year, month, 0) };
    case 'this_quarter':
      return { gte: isoDay(year, quarterStart, 1), lte: isoDay(year, quarterStart + 3, 0) };
    case 'last_quarter':
      return { gte: isoDay(year, quarterStart - 3, 1), lte: isoDay(year, quarterStart, 0) };
    case 'this_year':
      return { gte: isoDay(year, 0, 1), lte: isoDay(year, 11, 31) };
    case 'last_year':
      return { gte: isoDay(year - 1, 0, 1), lte: isoDay(year - 1, 11, 31) };
  }
}

/** The preset a range is exactly, if any (to pre-select it); "today" before "this week" when both fit. */
export function presetOf(range: DateRange | undefined, today: Date, presets: readonly DatePreset[] = CLOSE_DATE_PRESETS): DatePreset | undefined {
  if (!range) return undefined;
  const same = (a: DateRange, b: DateRange) => (['eq', 'gt', 'gte', 'lt', 'lte'] as const).every((k) => (a[k] ?? '') === (b[k] ?? ''));
  return presets.find((p) => same(presetRange(p, today), range));
}

/** The input box message for a typed date, or undefined when it is fine. Empty is fine when `optional`. */
export function validateDateText(text: string, optional: boolean, t: Translate = english): string | undefined {
  const value = text.trim();
  if (!value) return optional ? undefined : t('Enter a date as YYYY-MM-DD, e.g. 2026-03-31.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return t('Write the date as YYYY-MM-DD, e.g. 2026-03-31.');
  if (!isCalendarDay(value)) return t('{0} is not a date in the calendar.', value);
  return undefined;
}

/** The message for an end date, which must be a date on or after the start. */
export function validateEndDate(start: string | undefined, text: string, t: Translate = english): string | undefined {
  const problem = validateDateText(text, start !== undefined && start !== '', t);
  if (problem) return problem;
  const end = text.trim();
  if (start && end && end < start) return t('The end date must not be before the start date ({0}).', start);
  return undefined;
}

/** A custom range from the two typed dates (both already validated); undefined when both are empty. */
export function customRange(start: string, end: string): DateRange | undefined {
  return dateFormRange('between', start, end);
}

/** A date filter on one day: on that whole day, after it (from the next day), before it (up to the day before). */
export type DayForm = Exclude<DateForm, 'between'>;
export const DAY_FORMS: readonly DayForm[] = ['on', 'after', 'before'];

/** The range a day form writes: `eq`, `gt` or `lt` of the day (the query makes each a whole day of the user's calendar). */
export function dayFormRange(form: DayForm, day: string): DateRange {
  return dateFormRange(form, day) ?? {};
}

/** The day form a range is exactly, and its day (to mark it current and offer the day again). */
export function dayFormOf(range: DateRange | undefined): { form: DayForm; day: string } | undefined {
  const said = dateFormOf(range);
  return said && said.form !== 'between' ? { form: said.form, day: said.day } : undefined;
}

export function dayFormLabel(form: DayForm, t: Translate = english): string {
  return form === 'on' ? t('On a day…') : form === 'after' ? t('After a day…') : t('Before a day…');
}

/** The input box's prompt: what the day means for this form. */
export function dayFormPrompt(form: DayForm, t: Translate = english): string {
  if (form === 'on') return t('The day (YYYY-MM-DD): the whole day, in your time zone.');
  if (form === 'after') return t('The day (YYYY-MM-DD): from the next day on.');
  return t('The day (YYYY-MM-DD): up to the day before.');
}
