// The organisation's Smart Views (saved searches): four lead views, each matching the leads that have at least
// one opportunity its rule matches, and a contact and an opportunity view.
import type { Organization, StatusType, User } from '../close/types';
import type { FakeSavedSearch, Lead } from './dataset';
import type { Random } from './random';

/** What a Smart View rule looks at, collected while an opportunity is generated. */
export interface SmartViewFacts {
  type: StatusType;
  confidence: number;
  annualizedValue: number;
  region: string | undefined;
  stalled: boolean;
}

/** The organisation's Smart Views; lead views match the leads that have at least one matching opportunity. */
const SMART_VIEWS: { name: string; type: string; query: string; owner: number; shared: boolean; matches?: (facts: SmartViewFacts) => boolean }[] = [
  {
    name: 'Hot leads',
    type: 'lead',
    query: 'opportunity_status_type:active opportunity_confidence >= 75',
    owner: 0,
    shared: true,
    matches: (f) => f.type === 'active' && f.confidence >= 75,
  },
  { name: 'Big accounts', type: 'lead', query: 'opportunity_annualized_value >= 50000', owner: 0, shared: true, matches: (f) => f.annualizedValue >= 5_000_000 },
  { name: 'EMEA accounts', type: 'lead', query: 'custom.Region:"EMEA"', owner: 1, shared: true, matches: (f) => f.region === 'EMEA' },
  { name: 'Stalled deals', type: 'lead', query: 'opportunity_is_stalled:true', owner: 2, shared: false, matches: (f) => f.stalled },
  { name: 'Decision makers', type: 'contact', query: 'title:"VP"', owner: 0, shared: true },
  { name: 'Closing soon', type: 'opportunity', query: 'opportunity_status_type:active', owner: 3, shared: true },
];

/** One bit per Smart View whose rule these facts match. */
export function smartViewBits(facts: SmartViewFacts): number {
  let bits = 0;
  SMART_VIEWS.forEach((rule, bit) => {
    if (rule.matches?.(facts)) bits |= 1 << bit;
  });
  return bits;
}

/**
 * The Smart Views as `GET /saved_search/` lists them, plus the leads each matches (`leadBits`: per lead, in the
 * order of `leads`, the bits of its opportunities together).
 */
export function generateSavedSearches(random: Random, organization: Organization, users: User[], leads: Lead[], leadBits: number[], stamp: string): FakeSavedSearch[] {
  return SMART_VIEWS.map((rule, bit): FakeSavedSearch => ({
    id: random.id('save'),
    name: rule.name,
    type: rule.type,
    description: null,
    query: rule.query,
    s_query: { type: 'and', queries: [{ type: 'object_type', object_type: rule.type }] },
    is_shared: rule.shared,
    is_user_dependent: false,
    user_id: users[rule.owner].id,
    organization_id: organization.id,
    date_created: stamp,
    date_updated: stamp,
    // In lead order, like a search result.
    matchingLeadIds: leads.filter((_lead, i) => (leadBits[i] & (1 << bit)) !== 0).map((lead) => lead.id),
  }));
}
