// What the fake serves: a Close organisation's users, pipelines, statuses, leads, Smart Views, custom fields and
// opportunities, as one immutable object (generateDataset.ts makes one; evolve.ts makes the next from it).
import type { Me, Opportunity, OpportunityStatus, Organization, Pipeline, SavedSearch, User } from '../close/types';

/** A lead as far as opportunities need it (the fake has no `/lead/` endpoint). */
export interface Lead {
  id: string;
  /** Null for leads that only have a contact (the UI falls back to the contact name). */
  name: string | null;
  contacts: { id: string; name: string }[];
}

/** A Smart View plus the leads it matches; the server never sends `matchingLeadIds`. */
export interface FakeSavedSearch extends SavedSearch {
  matchingLeadIds: string[];
}

/** An opportunity custom field definition (`custom.cf_…` keys on opportunities). */
export interface CustomFieldDefinition {
  id: string;
  name: string;
  type: 'choices' | 'text' | 'number';
  accepts_multiple_values: boolean;
  choices?: string[];
}

export interface Dataset {
  organization: Organization;
  /** Active members, exactly what `GET /user/` lists. */
  users: User[];
  /** Former members: they still own opportunities but `GET /user/` does not list them. */
  deactivatedUsers: User[];
  pipelines: Pipeline[];
  /** Every status of every pipeline, as `GET /status/opportunity/` lists them. */
  statuses: OpportunityStatus[];
  savedSearches: FakeSavedSearch[];
  leads: Lead[];
  customFields: CustomFieldDefinition[];
  opportunities: Opportunity[];
  me: Me;
  /** The organisation's currency, used to format aggregates. */
  currency: string;
}
