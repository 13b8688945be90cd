// The ids of the extension's views, as the manifest (package.json) declares them: a public contract.

export const TREE_VIEW_ID = 'closeOpportunities.tree';
export const SUMMARY_VIEW_ID = 'closeOpportunities.summary';
