// Opportunity ids: `oppo_` + base62. Real ids have 43 characters after the prefix; 10–60 are accepted so
// ids of other environments (and any future length change) still match, while `oppo_` in prose does not.

/** Finds ids in running text (global: use with `matchAll`). */
export const OPPORTUNITY_ID_PATTERN = /(?<![A-Za-z0-9_])oppo_[A-Za-z0-9]{10,60}(?![A-Za-z0-9])/g;

/** True for a string that is exactly an opportunity id. */
export function isOpportunityId(text: string): boolean {
  return /^oppo_[A-Za-z0-9]{10,60}$/.test(text);
}

/** The prefixes of Close's object ids (`lead_…`, `user_…`, …), each followed by base62 characters. */
export type IdPrefix = 'oppo' | 'lead' | 'user' | 'stat' | 'pipe' | 'save' | 'orga';

/**
 * True for a string with the shape of a Close id of that kind: the prefix, `_`, then 1 to 100 letters and
 * digits (real ids have 43, pipelines 22). Anything else from the server never reaches Markdown, a URL or a tree id.
 */
export function isCloseId(value: unknown, prefix: IdPrefix): value is string {
  return typeof value === 'string' && value.length <= prefix.length + 101 && value.startsWith(`${prefix}_`) && /^[a-z]+_[A-Za-z0-9]{1,100}$/.test(value);
}

/** The id fields of an opportunity and the kind of id each holds. */
export const OPPORTUNITY_ID_FIELDS = { id: 'oppo', lead_id: 'lead', user_id: 'user', status_id: 'stat' } as const satisfies Record<string, IdPrefix>;
/** Its entries, listed once: every opportunity of every page is checked against them. */
const ID_FIELD_ENTRIES = Object.entries(OPPORTUNITY_ID_FIELDS) as [string, IdPrefix][];

/**
 * The first id field of an opportunity from the server that does not have Close's shape, or undefined when
 * all do. `id` must be there unless `idOptional` (a `_fields` list without it); the others may be absent or null.
 */
export function badOpportunityIdField(object: Record<string, unknown>, idOptional = false): string | undefined {
  for (const [field, prefix] of ID_FIELD_ENTRIES) {
    const value = object[field];
    if (field === 'id' && value === undefined && idOptional) continue;
    if (field !== 'id' && (value === undefined || value === null)) continue;
    if (!isCloseId(value, prefix)) return field;
  }
  return undefined;
}

/**
 * The id of that kind in what a user typed or pasted: the id itself, or a Close address that holds it
 * (`https://app.close.com/lead/lead_…/` or one of its pages). Undefined when there is none.
 */
export function closeIdIn(text: string, prefix: IdPrefix): string | undefined {
  const value = text.trim();
  if (isCloseId(value, prefix)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.pathname.split('/').find((segment) => isCloseId(segment, prefix));
}
