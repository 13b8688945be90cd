// Everything the extension loads on first use rather than at activation (dist/later.js; see esbuild.mjs and
// src/shared/onFirstUse.ts): each folder's later.ts. Activation parses only dist/extension.js; these wait for a
// request, a command, the summary view or a hover.
export * from './state/later';
export * from './commands/later';
export * from './features/changes/later';
export * from './features/export/later';
export * from './features/hover/later';
export * from './features/offline/later';
export * from './features/summary/later';
export * from './lm/tools/later';
export * from './views/attention/later';
