// What the chat tools load on their first call (dist/later.js, through shared/onFirstUse.ts).
export { chatTools } from '.';
