// What the hover loads on the first hover (dist/later.js, through shared/onFirstUse.ts).
export { OpportunityHoverProvider } from './opportunityHoverProvider';
