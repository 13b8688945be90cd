// Date presets and the checks of typed dates for the date filters. Pure: no 'vscode' here.
import { dateFormOf, dateFormRange, type DateForm, type DateRange } from '../close/filter';
import { untranslated as english, type Translate } from '../shared/text';
import { isCalendarDay } from '../close/isoDates';

export type DatePreset = 'this_month' | 'last_month' | 'this_quarter' | 'last_quarter' | 'this_year' | 'last_year';
export const DATE_PRESETS: readonly DatePreset[] = ['this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year'];

export function presetLabel(preset: DatePreset, t: Translate = english): string {
  switch (preset) {
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
 * The first and last day of a preset, as inclusive `gte`/`lte` dates, relative to the user's calendar
 * day `today` (its local year, month and day are used).
 */
export function presetRange(preset: DatePreset, today: Date): { gte: string; lte: string } {
  const year = today.getFullYear();
  const month = today.getMonth();
  const quarterStart = month - (month % 3);
  switch (preset) {
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

/** The preset a range is exactly, if any (to pre-select it). */
export function presetOf(range: DateRange | undefined, today: Date): DatePreset | undefined {
  if (!range?.gte || !range.lte || range.eq || range.gt || range.lt) return undefined;
  return DATE_PRESETS.find((p) => {
    const r = presetRange(p, today);
    return r.gte === range.gte && r.lte === range.lte;
  });
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
