// Server text that VS Code must show as text: never a link, an image or an icon. Pure: no 'vscode' here.
import { GroupingLimitError, groupingLimitText } from './errors';
import type { Translate } from './translate';

/** U+2060 WORD JOINER: invisible and unread by screen readers, but it breaks a link's syntax. */
const JOINER = '\u2060';

/**
 * Server text made inert for the places VS Code turns link syntax into live links or icons: notifications
 * (`[x](command:…)`, `[x](https://…)`), quick picks (`$(icon)`), the tree message and status bar tooltips.
 * The text reads the same (one line, control characters dropped); an invisible word joiner breaks every
 * link, image and autolink form: `](`, `$(`, `://`, `<scheme:` and `www.`.
 */
export function inertText(text: string): string {
  if (text === '') return text;
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\]\(/g, `]${JOINER}(`)
    .replace(/\$\(/g, `$${JOINER}(`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/<(?=[a-z][a-z0-9+.-]{1,31}:)/gi, `<${JOINER}`)
    .replace(/\bwww\./gi, `www${JOINER}.`);
}

/**
 * What failed, in words a user can act on (server text included but inert; the client's errors never hold the
 * key); in the user's language (`t`, `locale`) for the errors that carry facts rather than only words.
 */
export function errorText(error: unknown, locale?: string, t?: Translate): string {
  if (error instanceof GroupingLimitError && t) return inertText(groupingLimitText(error, locale, t));
  return inertText(error instanceof Error && error.message ? error.message : String(error));
}
