// The part of the extension that activation does not need, loaded the first time something needs it.
// In the package this is dist/later.js (see esbuild.mjs); in the tests' out/ it is out/later.js.

/**
 * dist/later.js, required on first use. Each caller names the part it uses, its own folder's later.ts (which
 * src/later.ts re-exports), so reaching lazy code never makes one folder depend on another's.
 */
export function onFirstUse<Part>(): Part {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../later') as Part;
}
