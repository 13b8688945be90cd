// What change tracking loads on first use (dist/later.js, through shared/onFirstUse.ts).
export { startChangeFeatures } from './changeFeatures';
export { showChanges, markAllSeen } from './changeCommands';
