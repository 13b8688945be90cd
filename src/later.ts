// Everything the extension loads on first use rather than at activation (dist/later.js; see esbuild.mjs and
// src/shared/onFirstUse.ts). Activation parses only dist/extension.js; these wait for a request, a command, the
// summary view or a hover.
export { CloseClient } from './close/client';
export { connectionDiagnosis } from './commands/connectionDiagnosis';
export { probeCertificate } from './close/networkErrors';
export { commandHandlers } from './commands/handlers';
export { SummaryViewProvider } from './features/summary/summaryViewProvider';
export { OpportunityHoverProvider } from './features/hover/opportunityHoverProvider';
export { exportView } from './features/export/exportView';
export { saveFilter, applySavedFilter } from './commands/savedFilters';
export { showChanges, markAllSeen } from './features/changes/changeCommands';
export { startChangeFeatures } from './features/changes/changeFeatures';
export { OfflineResults, isOfflineError, offlineKey, offlinePrefix } from './features/offline/offlineResults';
export { newConnectionClient } from './state/connectionClient';
export { chatTools } from './lm/tools';
