// Opportunity ids: `oppo_` + base62. Real ids have 43 characters after the prefix; 10–60 are accepted so
// ids of other environments (and any future length change) still match, while `oppo_` in prose does not.

/** Finds ids in running text (global: use with `matchAll`). */
export const OPPORTUNITY_ID_PATTERN = /(?<![A-Za-z0-9_])oppo_[A-Za-z0-9]{10,60}(?![A-Za-z0-9])/g;

/** True for a string that is exactly an opportunity id. */
export function isOpportunityId(text: string): boolean {
  return /^oppo_[A-Za-z0-9]{10,60}$/.test(text);
}
