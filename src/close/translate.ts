// The translation signature of the text functions (`vscode.l10n.t` in the extension), and its English stand-in
// for plain Node. Here rather than in views/ because close/ labels groups too; no 'vscode' here.

/** Same contract as `vscode.l10n.t`: `{0}`, `{1}` … replaced by the arguments. */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
