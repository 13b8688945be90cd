// The per-dataset index of the query engine: values parsed once, so each request only compares numbers and
// lower-case strings. Built on first use and kept as long as the dataset (which is replaced, never mutated).
import type { Dataset, Lead } from './dataset';
import { fullName } from '../close/userName';

export interface Index {
  createdMs: Float64Array;
  updatedMs: Float64Array;
  /** lead name, note and contact name, lower-cased, separated by NUL so phrases do not span fields. */
  text: string[];
  leads: Map<string, Lead>;
  byId: Map<string, number>;
  /** Full names of every user, active or not, by id. */
  userNames: Map<string, string>;
  savedSearchLeads: Map<string, { type: string; leads: Set<string> }>;
}

const indexes = new WeakMap<Dataset, Index>();

export function indexOf(dataset: Dataset): Index {
  let index = indexes.get(dataset);
  if (index) return index;
  const n = dataset.opportunities.length;
  const createdMs = new Float64Array(n);
  const updatedMs = new Float64Array(n);
  const text = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const o = dataset.opportunities[i];
    createdMs[i] = Date.parse(o.date_created);
    updatedMs[i] = Date.parse(o.date_updated);
    text[i] = `${o.lead_name ?? ''}\u0000${o.note ?? ''}\u0000${o.contact_name ?? ''}`.toLowerCase();
  }
  const userNames = new Map<string, string>();
  for (const user of [...(dataset.deactivatedUsers ?? []), ...dataset.users]) userNames.set(user.id, fullName(user));
  const savedSearchLeads = new Map<string, { type: string; leads: Set<string> }>();
  for (const search of dataset.savedSearches) {
    savedSearchLeads.set(search.id, { type: search.type, leads: new Set(search.matchingLeadIds ?? []) });
  }
  index = {
    createdMs,
    updatedMs,
    text,
    leads: new Map((dataset.leads ?? []).map((lead) => [lead.id, lead])),
    byId: new Map(dataset.opportunities.map((o, i) => [o.id, i])),
    userNames,
    savedSearchLeads,
  };
  indexes.set(dataset, index);
  return index;
}
