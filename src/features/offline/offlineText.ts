// How kept results are labelled when Close cannot be reached. Pure: no 'vscode' here.
import { NetworkError, TimeoutError } from '../../close/errors';
import { dateTimeFormat } from '../../close/format';
import { untranslated as english, type Translate } from '../../shared/text';

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "10:42" today, "Nov 28, 10:42" on another day, "Nov 28, 2025, 10:42" in another year (local time). */
export function asOfTime(at: number, now: number, locale?: string): string {
  const when = new Date(at);
  const today = new Date(now);
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (!sameDay(when, today)) {
    options.month = 'short';
    options.day = 'numeric';
    if (when.getFullYear() !== today.getFullYear()) options.year = 'numeric';
  }
  return dateTimeFormat(locale || 'en-US', options).format(when);
}

/** "Offline — as of 10:42": on the view's description and in the status bar. */
export function offlineLabel(at: number, now: number, locale?: string, t: Translate = english): string {
  return t('Offline — as of {0}', asOfTime(at, now, locale));
}

/** "as of 10:42 · refreshing": kept results shown at start until Close answers (not offline: nothing failed). */
export function refreshingLabel(at: number, now: number, locale?: string, t: Translate = english): string {
  return t('as of {0} · refreshing', asOfTime(at, now, locale));
}

/** The first sentence of an error message (the rest, hints on proxies and the like, is in the log). */
export function firstSentence(message: string, max = 160): string {
  const end = message.search(/\.(\s|$)/);
  const sentence = end >= 0 ? message.slice(0, end + 1) : message;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/**
 * What failed, short when Close could not be reached: the first sentence says that; the hints after it (proxies,
 * Test Connection) are the details a tooltip holds. Any other error is said whole (its advice is the point).
 */
export function briefError(error: unknown, text: string): string {
  return error instanceof NetworkError || error instanceof TimeoutError ? firstSentence(text) : text;
}

/** The message above the tree (and in the summary) while kept results are shown. */
export function offlineMessage(at: number, now: number, reason: string, locale?: string, t: Translate = english): string {
  return t(
    'Offline — as of {0}: Close cannot be reached, so these are the last results loaded for this filter, not current ones. {1} Refresh to try again.',
    asOfTime(at, now, locale),
    firstSentence(reason),
  );
}
