// What the summary loads when its view is first shown (dist/later.js, through shared/onFirstUse.ts).
export { SummaryViewProvider } from './summaryViewProvider';
