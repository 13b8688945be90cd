// The ids of the extension's views, as the manifest (package.json) declares them: a public contract.

export const TREE_VIEW_ID = 'closeOpportunities.tree';
export const SUMMARY_VIEW_ID = 'closeOpportunities.summary';
export const ATTENTION_VIEW_ID = 'closeOpportunities.attention';

/** The tree items' `contextValue`s, which the manifest's menus match with `viewItem == …`. */
export const TREE_ITEM_CONTEXT = {
  opportunity: 'opportunity',
  group: 'group',
  loading: 'loading',
  loadMore: 'loadMore',
  error: 'error',
  attentionKind: 'attentionKind',
  /** A row of Needs Attention; with `.draft` when Close drafted a message for it ("Copy Draft"). */
  attentionOpportunity: 'attentionOpportunity',
  attentionDraft: 'attentionOpportunity.draft',
} as const;
