// The part of the extension that activation does not need, loaded the first time something needs it.
// In the package this is dist/later.js (see esbuild.mjs); in the tests' out/ it is out/later.js.
import type * as Later from '../later';

export type LaterModule = typeof Later;

/** The HTTP client, the commands' work, the summary, the hover, export: required on first use. */
export function onFirstUse(): LaterModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../later') as LaterModule;
}
