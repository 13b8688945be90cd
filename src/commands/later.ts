// What the palette's commands load on first use (dist/later.js, through shared/onFirstUse.ts): their work.
export { commandHandlers } from './handlers';
