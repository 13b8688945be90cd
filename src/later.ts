// Everything the extension loads on first use rather than at activation (dist/later.js; see esbuild.mjs and
// src/shared/onFirstUse.ts). Activation parses only dist/extension.js; these wait for a request, a command, the
// summary view or a hover.
export { CloseClient } from './close/client';
export { connectionDiagnosis } from './state/testConnection';
export { probeCertificate } from './close/networkErrors';
export { commandHandlers } from './commands/handlers';
export { SummaryViewProvider } from './views/summaryViewProvider';
export { OpportunityHoverProvider } from './views/opportunityHoverProvider';
export { exportView } from './commands/exportView';
export { saveFilter, applySavedFilter } from './commands/savedFilters';
export { startChangeFeatures } from './views/changeTracking';
export { OfflineResults, isOfflineError, offlineKey, offlinePrefix } from './state/offlineResults';
export { newConnectionClient } from './state/connectionClient';
export { migrateStoredKey } from './state/accountMigration';
export { removeAccounts, clientOfAccount, relabelShown } from './state/otherOrganizations';
export { chatTools } from './lm/tools';
