// What the connection loads on first use (dist/later.js, through shared/onFirstUse.ts): the HTTP client.
export { CloseClient } from '../close/client';
export { newConnectionClient } from './connectionClient';
export { migrateStoredKey } from './accountMigration';
export { removeAccounts, clientOfAccount, relabelShown } from './otherOrganizations';
