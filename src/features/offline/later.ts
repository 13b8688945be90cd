// What the kept results load when a load first finishes or fails (dist/later.js, through shared/onFirstUse.ts).
export { OfflineResults, isOfflineError, offlineKey, offlinePrefix } from './offlineResults';
