// Text shown to the user: translation signature and Markdown escaping of server text. Pure and vscode-free.

export { untranslated, type Translate } from '../close/translate';

/**
 * Text that Markdown shows exactly as written: every ASCII punctuation character is backslash-escaped
 * (CommonMark allows that for all of them), which also defeats autolinks (`https\:`, `www\.`, `a\@b`),
 * HTML (`\<script\>`), entities (`\&`), emphasis, code spans and tables. Control characters are dropped
 * and whitespace runs become one space (one line per field).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Cuts to `limit` characters (whole code points) with "…". */
export function cut(text: string, limit: number): string {
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit).join('').trimEnd()}…`;
}

/** A multi-line note: cut, each line escaped, empty lines dropped, joined with hard line breaks. */
export function escapeNote(note: string, limit: number): string {
  return cut(note.trim(), limit)
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(line))
    .filter((line) => line !== '')
    .join('  \n');
}
