// Generates the fake's organisation from a seed: users, pipelines and statuses, custom fields, leads with their
// contacts and opportunities, and Smart Views. Same seed and size → the same data, byte for byte.
import type { Me, Opportunity, OpportunityStatus, Organization, Pipeline, StatusType, User } from '../close/types';
import type { CustomFieldDefinition, Dataset, Lead } from './dataset';
import { closeDateTime } from './dates';
import { opportunityGenerator } from './generateOpportunity';
import { Random } from './random';
import { generateSavedSearches, smartViewBits } from './smartViews';
import { COMPANY_FIRST, COMPANY_SUFFIX, DEACTIVATED_USER, FIRST_NAMES, LAST_NAMES, PIPELINES, USER_NAMES } from './vocabulary';
import { fullName } from '../close/userName';

export interface GenerateOptions {
  opportunities: number;
  seed: number;
  /** Latest date in the data (`YYYY-MM-DD`); dates reach about five years back. Default 2026-11-01. */
  anchor?: string;
  /** The organization's currency (default USD): most opportunities are in it, a few in others. */
  currency?: 'USD' | 'EUR' | 'GBP';
  /** The organization's name (default "Sample Sales Co"). */
  organizationName?: string;
}

const DAY = 86_400_000;
export const DEFAULT_ANCHOR = '2026-11-01';

const CONTACTS_PER_LEAD = [
  [0, 1],
  [1, 6],
  [2, 3],
  [3, 1],
] as const;
const OPPORTUNITIES_PER_LEAD = [
  [1, 5],
  [2, 3],
  [3, 1],
  [4, 1],
] as const;

export function generateDataset(options: GenerateOptions): Dataset {
  const random = new Random(options.seed);
  const count = Math.max(0, Math.floor(options.opportunities));
  const anchorMs = Date.parse(`${options.anchor ?? DEFAULT_ANCHOR}T00:00:00Z`);
  const startMs = anchorMs - Math.round(5 * 365.25 * DAY);
  const organization: Organization = { id: random.id('orga'), name: options.organizationName ?? 'Sample Sales Co' };
  const currency = options.currency ?? 'USD';

  const makeUser = ([first, last]: [string, string], index: number): User => ({
    id: random.id('user'),
    first_name: first,
    last_name: last,
    email: `${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${index}@sample.example`,
    image: null,
    date_created: closeDateTime(startMs - 30 * DAY + index * DAY),
    date_updated: closeDateTime(anchorMs - (index + 1) * 7 * DAY),
  });
  const users = USER_NAMES.map(makeUser);
  const deactivatedUsers = [makeUser(DEACTIVATED_USER, USER_NAMES.length)];
  // One shared name string per user instead of one per opportunity.
  const nameOf = new Map([...users, ...deactivatedUsers].map((user) => [user, fullName(user)]));
  const owners: [User, number][] = [...users.map((user, i): [User, number] => [user, 12 - i]), [deactivatedUsers[0], 3]];

  const pipelines: Pipeline[] = [];
  const statuses: OpportunityStatus[] = [];
  const statusesByPipeline = new Map<string, Map<StatusType, OpportunityStatus[]>>();
  for (const definition of PIPELINES) {
    const pipeline: Pipeline = { id: random.id('pipe', 22), name: definition.name, organization_id: organization.id, statuses: [] };
    const byType = new Map<StatusType, OpportunityStatus[]>();
    for (const [label, type] of definition.statuses) {
      const status: OpportunityStatus = { id: random.id('stat'), label, type, pipeline_id: pipeline.id, organization_id: organization.id };
      pipeline.statuses.push(status);
      statuses.push(status);
      byType.set(type, [...(byType.get(type) ?? []), status]);
    }
    pipelines.push(pipeline);
    statusesByPipeline.set(pipeline.id, byType);
  }
  const pipelineWeights = pipelines.map((pipeline, i): [Pipeline, number] => [pipeline, PIPELINES[i].weight]);

  const customFields: CustomFieldDefinition[] = [
    { id: random.id('cf'), name: 'Region', type: 'choices', accepts_multiple_values: false, choices: ['EMEA', 'AMER', 'APAC', 'LATAM'] },
    { id: random.id('cf'), name: 'Deal source', type: 'choices', accepts_multiple_values: false, choices: ['Inbound', 'Outbound', 'Partner', 'Event'] },
    { id: random.id('cf'), name: 'Products', type: 'choices', accepts_multiple_values: true, choices: ['Core', 'Analytics', 'API', 'Support+'] },
    { id: random.id('cf'), name: 'Contract length (months)', type: 'number', accepts_multiple_values: false },
  ];
  const makeOpportunity = opportunityGenerator({
    random,
    organization,
    users,
    owners,
    nameOf,
    pipelineWeights,
    statusesByPipeline,
    customFields,
    currency,
    startMs,
    anchorMs,
  });

  const leads: Lead[] = [];
  const opportunities: Opportunity[] = [];
  /** Per lead (same index as `leads`), one bit per Smart View it matches. */
  const leadBits: number[] = [];
  while (opportunities.length < count) {
    const contacts: Lead['contacts'] = [];
    const contactCount = random.weighted(CONTACTS_PER_LEAD);
    for (let c = 0; c < contactCount; c++) {
      contacts.push({ id: random.id('cont'), name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}` });
    }
    const named = contacts.length === 0 || random.chance(0.94);
    const lead: Lead = { id: random.id('lead'), name: named ? `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SUFFIX)}` : null, contacts };
    leads.push(lead);
    const perLead = Math.min(count - opportunities.length, random.weighted(OPPORTUNITIES_PER_LEAD));
    let bits = 0;
    for (let k = 0; k < perLead; k++) {
      const { opportunity, facts } = makeOpportunity(lead);
      opportunities.push(opportunity);
      bits |= smartViewBits(facts);
    }
    leadBits.push(bits);
  }

  const me: Me = { ...users[0], organizations: [{ ...organization }] };
  const stamp = closeDateTime(anchorMs - 90 * DAY);
  const savedSearches = generateSavedSearches(random, organization, users, leads, leadBits, stamp);

  return { organization, users, deactivatedUsers, pipelines, statuses, savedSearches, leads, customFields, opportunities, me, currency };
}
