// Four opportunities, two users and one pipeline, as a Dataset: worked examples of Close's list answers
// (plain, grouped by user, grouped by month), checked in query.test.ts and reused where a test needs real totals.
import type { Aggregates, Opportunity } from '../../../src/close/types';
import type { Dataset } from '../../../src/fake/dataset';
import { listOpportunities } from '../../../src/fake/query';

const ORG = 'orga_ExampleOrg0123456789abcdefghijklmnopqrstuvw';
const ALICE = 'user_AliceAbcdefghijklmnopqrstuvwxyz0123456789AB';
const BOB = 'user_BobBbcdefghijklmnopqrstuvwxyz0123456789ABCD';
const PIPE = 'pipe_3fGhJkLmNoPqRsTuVwXyZa';
const WON = 'stat_WonCbcdefghijklmnopqrstuvwxyz0123456789ABCD';
const DEMO = 'stat_DemoBbcdefghijklmnopqrstuvwxyz0123456789ABC';
const LOST = 'stat_LostDcdefghijklmnopqrstuvwxyz0123456789ABCD';
const ACTIVE = 'stat_ActiveAbcdefghijklmnopqrstuvwxyz0123456789A';

export const A1 = 'oppo_A1bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
export const B2 = 'oppo_B2bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
export const C3 = 'oppo_C3bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
export const D4 = 'oppo_D4bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
export { ALICE, BOB };

const common = { organization_id: ORG, pipeline_id: PIPE, pipeline_name: 'Sales', integration_links: [] };

export function referenceDataset(): Dataset {
  const opportunities: Opportunity[] = [
    {
      ...common,
      id: A1,
      lead_id: 'lead_AcmeAbcdefghijklmnopqrstuvwxyz0123456789ABC',
      lead_name: 'Acme Corp',
      contact_id: 'cont_WileyAbcdefghijklmnopqrstuvwxyz0123456789AB',
      contact_name: 'Wile E. Coyote',
      user_id: ALICE,
      user_name: 'Alice Anders',
      status_id: WON,
      status_label: 'Won',
      status_display_name: 'Won',
      status_type: 'won',
      value: 1200000,
      value_period: 'one_time',
      value_currency: 'USD',
      value_formatted: '$12,000',
      expected_value: 1200000,
      annualized_value: 1200000,
      annualized_expected_value: 1200000,
      confidence: 100,
      note: 'Signed annual license',
      note_html: '<p>Signed annual license</p>',
      date_won: '2024-03-14',
      date_lost: null,
      date_created: '2024-02-01T15:04:05.123000+00:00',
      date_updated: '2024-03-14T09:30:00.000000+00:00',
      created_by: ALICE,
      created_by_name: 'Alice Anders',
      updated_by: ALICE,
      updated_by_name: 'Alice Anders',
      attachments: [],
      is_stalled: false,
      stall_status: null,
      'custom.cf_RegionAbcdefghijklmnopqrstuvwxyz0123456789ABC': 'EMEA',
    },
    {
      ...common,
      id: B2,
      lead_id: 'lead_BluthAbcdefghijklmnopqrstuvwxyz0123456789AB',
      lead_name: 'Bluth Company',
      contact_id: null,
      contact_name: null,
      user_id: BOB,
      user_name: 'Bob Brown',
      status_id: WON,
      status_label: 'Won',
      status_display_name: 'Won',
      status_type: 'won',
      value: 50000,
      value_period: 'monthly',
      value_currency: 'USD',
      value_formatted: '$500 monthly',
      expected_value: 50000,
      annualized_value: 600000,
      annualized_expected_value: 600000,
      confidence: 100,
      note: '',
      date_won: '2024-04-02',
      date_lost: null,
      date_created: '2024-03-20T11:00:00.000000+00:00',
      date_updated: '2024-04-02T16:45:10.500000+00:00',
      created_by: BOB,
      created_by_name: 'Bob Brown',
      updated_by: BOB,
      updated_by_name: 'Bob Brown',
    },
    {
      ...common,
      id: C3,
      lead_id: 'lead_WayneAbcdefghijklmnopqrstuvwxyz0123456789AB',
      lead_name: 'Wayne Enterprises',
      contact_id: null,
      contact_name: null,
      user_id: ALICE,
      user_name: 'Alice Anders',
      status_id: DEMO,
      status_label: 'Demo Scheduled',
      status_display_name: 'Demo Scheduled',
      status_type: 'active',
      value: 2400000,
      value_period: 'annual',
      value_currency: 'USD',
      value_formatted: '$24,000 annually',
      expected_value: 1200000,
      annualized_value: 2400000,
      annualized_expected_value: 1200000,
      confidence: 50,
      note: 'Needs security review',
      date_won: null,
      date_lost: null,
      date_created: '2024-04-10T08:00:00.000000+00:00',
      date_updated: '2024-04-11T08:00:00.000000+00:00',
      created_by: ALICE,
      created_by_name: 'Alice Anders',
      updated_by: ALICE,
      updated_by_name: 'Alice Anders',
      is_stalled: true,
      stall_status: { communication_issue: 'cant_get_in_touch', next_action: { action: 'follow_up_email', justification: 'No reply for 14 days.' } },
    },
    {
      ...common,
      id: D4,
      lead_id: 'lead_InitechAbcdefghijklmnopqrstuvwxyz0123456789',
      lead_name: 'Initech',
      contact_id: null,
      contact_name: null,
      user_id: BOB,
      user_name: 'Bob Brown',
      status_id: LOST,
      status_label: 'Lost',
      status_display_name: 'Lost',
      status_type: 'lost',
      value: null,
      value_period: 'one_time',
      value_currency: 'USD',
      value_formatted: '',
      expected_value: null,
      annualized_value: null,
      annualized_expected_value: null,
      confidence: 0,
      note: null,
      date_won: null,
      date_lost: '2024-04-20T12:00:00.000000+00:00',
      date_created: '2024-01-15T12:00:00.000000+00:00',
      date_updated: '2024-04-20T12:00:00.000000+00:00',
      created_by: null,
      created_by_name: null,
      updated_by: null,
      updated_by_name: null,
    },
  ];
  const statuses = [
    { id: ACTIVE, label: 'Active', type: 'active' as const, pipeline_id: PIPE, organization_id: ORG },
    { id: DEMO, label: 'Demo Scheduled', type: 'active' as const, pipeline_id: PIPE, organization_id: ORG },
    { id: WON, label: 'Won', type: 'won' as const, pipeline_id: PIPE, organization_id: ORG },
    { id: LOST, label: 'Lost', type: 'lost' as const, pipeline_id: PIPE, organization_id: ORG },
  ];
  const alice = { id: ALICE, first_name: 'Alice', last_name: 'Anders', email: 'alice@example.com' };
  const bob = { id: BOB, first_name: 'Bob', last_name: 'Brown', email: 'bob@example.com' };
  return {
    organization: { id: ORG, name: 'Example Inc' },
    users: [alice, bob],
    deactivatedUsers: [],
    pipelines: [{ id: PIPE, name: 'Sales', organization_id: ORG, statuses }],
    statuses,
    savedSearches: [],
    leads: [],
    customFields: [],
    opportunities,
    me: { ...alice, organizations: [{ id: ORG, name: 'Example Inc' }] },
    currency: 'USD',
  };
}

/** The aggregates of the four, as the fake answers them (query.test.ts holds them to the worked example), in cents: no `_formatted` strings. */
export function referenceAggregates(): Aggregates {
  const body = listOpportunities(referenceDataset(), new URLSearchParams('_limit=0')).body as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(body).filter(
      ([key]) => key === 'total_results' || key === 'count_by_value_period' || (/^(total|expected)_value_[a-z]+(_[a-z]+)?$/.test(key) && !key.endsWith('_formatted')),
    ),
  ) as unknown as Aggregates;
}
