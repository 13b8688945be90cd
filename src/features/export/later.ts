// What export loads when it first runs (dist/later.js, through shared/onFirstUse.ts).
export { exportView } from './exportView';
