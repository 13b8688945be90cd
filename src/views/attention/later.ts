// What Needs Attention loads on first use (dist/later.js, through shared/onFirstUse.ts).
export { AttentionView } from './attentionView';
