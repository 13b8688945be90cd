// The kept results' file whose first read was begun at activation, beside the key, so the start's kept rows wait
// for no disk read of their own. No 'vscode' here.
import type { OfflineFile } from './offlineResults';

/** `file`, whose first read is `first`; a write or a removal makes that early text stale (it is never merged back). */
export function withEarlyRead(file: OfflineFile, first: Promise<string | undefined>): OfflineFile {
  let early: Promise<string | undefined> | undefined = first;
  return {
    read() {
      const text = early ?? file.read();
      early = undefined;
      return text;
    },
    write(text) {
      early = undefined;
      return file.write(text);
    },
    remove() {
      early = undefined;
      return file.remove();
    },
  };
}
