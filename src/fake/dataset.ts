// A seeded, realistic Close organisation: users, pipelines, statuses, leads, Smart Views and opportunities.
// Same seed and size → the same data, byte for byte.
import type { Me, Opportunity, OpportunityStatus, Organization, Pipeline, SavedSearch, StatusType, User, ValuePeriod } from '../close/types';
import { closeDateTime, utcDate } from './dates';
import { formatValue } from './money';
import { Random } from './random';

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

export interface GenerateOptions {
  opportunities: number;
  seed: number;
  /** Latest date in the data (`YYYY-MM-DD`); dates reach about five years back. Default 2026-11-01. */
  anchor?: string;
  /** The organization's currency (default USD): most opportunities are in it, a few in others. */
  currency?: 'USD' | 'EUR' | 'GBP';
}

const DAY = 86_400_000;
export const DEFAULT_ANCHOR = '2026-11-01';

const USER_NAMES: [string, string][] = [
  ['Amara', 'Okafor'],
  ['Björn', 'Lindqvist'],
  ['Chen', 'Wei'],
  ['Diego', 'Hernández'],
  ['Fatima', 'Al-Sayed'],
  ['Hiroshi', 'Tanaka'],
  ['Priya', 'Raman'],
  ['Sam', "O'Brien"],
];
const DEACTIVATED_USER: [string, string] = ['Morgan', 'Reyes'];

const PIPELINES: { name: string; weight: number; statuses: [string, StatusType][] }[] = [
  {
    name: 'Sales',
    weight: 6,
    statuses: [
      ['Active', 'active'],
      ['Demo Scheduled', 'active'],
      ['Proposal Sent', 'active'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ],
  },
  {
    name: 'Renewals',
    weight: 3,
    statuses: [
      ['Renewal Due', 'active'],
      ['Negotiating', 'active'],
      ['Renewed', 'won'],
      ['Churned', 'lost'],
    ],
  },
  {
    name: 'Partnerships',
    weight: 1,
    statuses: [
      ['Exploring', 'active'],
      ['Signed', 'won'],
      ['Declined', 'lost'],
    ],
  },
];

// prettier-ignore
const COMPANY_FIRST = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Hooli', 'Pied Piper', 'Vandelay',
  'Bluth', 'Soylent', 'Tyrell', 'Cyberdyne', 'Aperture', 'Black Mesa', 'Dunder Mifflin', 'Sterling Cooper',
  'Prestige', 'Monarch', 'Oscorp', 'Nakatomi', 'Gringotts', 'Duff', 'Krusty', 'Massive Dynamic', 'Virtucon',
  'Blue Sun', 'Weyland', 'Zorg', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adatum',
  'さくら', 'ヤマト', 'النور', 'Żabka', 'Øresund', 'Ünlü', 'Çelik', 'São Paulo', '🚀 Rocket', 'Müller & Söhne',
];
const COMPANY_SUFFIX = ['Inc', 'Corp', 'LLC', 'Ltd', 'GmbH', 'Labs', 'Industries', 'Systems', 'Group', 'Holdings', 'AG', 'SA', '株式会社', 'Co.'];
// prettier-ignore
const FIRST_NAMES = [
  'Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj',
  'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter', 'Zoë', 'José', 'Søren', 'Ayşe',
  '太郎', '花子', 'محمد', 'فاطمة', 'Łukasz', 'Nguyễn',
];
// prettier-ignore
const LAST_NAMES = [
  'Smith', 'Johnson', 'Coyote', 'Runner', 'Müller', 'Núñez', 'Ångström', "O'Connor", 'van der Berg',
  'Kowalski', 'Yılmaz', '山田', '佐藤', 'العلي', 'Dubois', 'Rossi', 'Novak', 'Silva', 'Kim', 'Singh',
];

/** Notes deliberately contain Markdown/HTML metacharacters and non-Latin text: they are data, not markup. */
const NOTES = [
  'Call went well. **Budget** approved for Q3.',
  'Pasted from the web form: <script>alert("hi")</script> <b>not bold</b>',
  'See [proposal](http://x) | pricing `v2` | discount 10%',
  'Needs security review before signing.',
  'Signed annual license',
  'Champion left the company; find a new contact.',
  '見積書を送付しました。来週フォローアップします。',
  'تم إرسال العرض. المتابعة الأسبوع القادم',
  '🚀 Expansion deal — champion is keen 🎉',
  'Follow up after the demo.\nAsk about SSO and SCIM.\n- pricing\n- timeline',
  'Competitor is cheaper, but our support wins. _Important_ account.',
  'Procurement wants net-60 terms & a MSA > 3 years',
  '# Heading that should not render\n> quoted text',
  'Renewal at risk: usage down 40% since March',
  'Über-wichtig: Vertrag bis Freitag unterschreiben',
  'Intro via partner; pilot with 5 seats',
  'Budget frozen until next fiscal year',
  'Asked for a proposal with annual billing',
  'Price: $1,200 | Seats: 12 | Term: 1y',
  'Uses `curl -u key:` against the API; wants webhooks',
];

const VALUE_TIERS = [
  ['small', 50],
  ['mid', 35],
  ['large', 15],
] as const;
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
const STATUS_TYPE_WEIGHTS = [
  ['active', 40],
  ['won', 35],
  ['lost', 25],
] as const;
const PERIOD_WEIGHTS = [
  ['one_time', 60],
  ['monthly', 25],
  ['annual', 15],
] as const;
const CURRENCY_WEIGHTS = [
  ['USD', 90],
  ['GBP', 6],
  ['EUR', 4],
] as const;
const NOTE_KINDS = [
  ['text', 75],
  ['empty', 10],
  ['null', 15],
] as const;
/** What a Smart View rule looks at, collected while an opportunity is generated. */
interface SmartViewFacts {
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

// Close's `ActionItem.action` (StalledOpportunityActionTypeV1), not the suggested-action kinds.
const STALL_ACTIONS = ['follow_up', 'change_communication_method', 'ask_someone_else_to_reach_out', 'adjust_close_date', 'mark_as_lost'] as const;
const SUGGESTED_ACTIONS = ['change_status', 'adjust_close_date', 'follow_up_email', 'follow_up_call', 'follow_up_sms'] as const;

/**
 * `details` of a suggested action in Close's shape (OpportunitySuggestedActionDetails), from the opportunity
 * itself (no random draws, so the rest of the data stays as it was). An email draft would also match the SMS
 * shape (Close's `oneOf` cannot tell them apart), so email suggestions, and calls or texts without a contact,
 * carry `null` details, which Close allows.
 */
function suggestedDetails(
  action: (typeof SUGGESTED_ACTIONS)[number],
  opportunity: Opportunity,
  statuses: Map<StatusType, OpportunityStatus[]>,
  anchorMs: number,
): Record<string, string> | null {
  const contact = opportunity.contact_id;
  switch (action) {
    case 'change_status':
      return { status_id: statuses.get('won')![0].id };
    case 'adjust_close_date':
      return { close_date: utcDate(anchorMs + 30 * DAY) };
    case 'follow_up_call':
      return contact ? { call_plan: 'Ask whether the budget was approved and agree on a date.', contact_id: contact } : null;
    case 'follow_up_sms':
      return contact ? { contact_id: contact, message_draft: 'Hi! Any news on the proposal?' } : null;
    case 'follow_up_email':
      return null;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** note → note_html; notes come from a short list, so each is converted once. */
const noteHtmlCache = new Map<string, string>();
function noteHtml(note: string): string {
  let html = noteHtmlCache.get(note);
  if (html === undefined) {
    html = note === '' ? '' : `<p>${escapeHtml(note).replace(/\n/g, '<br>')}</p>`;
    noteHtmlCache.set(note, html);
  }
  return html;
}

function fullName(user: User): string {
  return `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim();
}

/** Dollars (or other major units) in a range, as cents; some amounts have cents, most are whole. */
function amount(random: Random, minMajor: number, maxMajor: number): number {
  const major = random.int(minMajor, maxMajor);
  const rounded = major >= 1000 ? Math.round(major / 50) * 50 : major;
  const cents = random.chance(0.15) ? random.pick([50, 99, 25, 5]) : 0;
  return rounded * 100 + cents;
}

function drawValue(random: Random, period: ValuePeriod): number | null {
  if (random.chance(0.04)) return null;
  if (period === 'monthly') return amount(random, 50, 5000);
  if (period === 'annual') return amount(random, 1000, 120_000);
  const tier = random.weighted(VALUE_TIERS);
  if (tier === 'small') return amount(random, 500, 10_000);
  if (tier === 'mid') return amount(random, 10_000, 50_000);
  return amount(random, 50_000, 250_000);
}

export function generateDataset(options: GenerateOptions): Dataset {
  const random = new Random(options.seed);
  const count = Math.max(0, Math.floor(options.opportunities));
  const anchorMs = Date.parse(`${options.anchor ?? DEFAULT_ANCHOR}T00:00:00Z`);
  const startMs = anchorMs - Math.round(5 * 365.25 * DAY);
  const organization: Organization = { id: random.id('orga'), name: 'Sample Sales Co' };
  const currency = options.currency ?? 'USD';
  // The same draws whatever the currency: the org's takes USD's share and USD takes its place.
  const currencyWeights = CURRENCY_WEIGHTS.map(([code, weight]): [string, number] => [code === 'USD' ? currency : code === currency ? 'USD' : code, weight]);

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
  const [regionField, sourceField, productsField, lengthField] = customFields.map((field) => `custom.${field.id}` as const);

  const leads: Lead[] = [];
  const opportunities: Opportunity[] = [];
  /** Per lead (same index as `leads`), one bit per SMART_VIEWS rule it matches. */
  const smartViewBits: number[] = [];
  while (opportunities.length < count) {
    const contacts: Lead['contacts'] = [];
    const contactCount = random.weighted(CONTACTS_PER_LEAD);
    for (let c = 0; c < contactCount; c++) {
      contacts.push({ id: random.id('cont'), name: `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}` });
    }
    const named = contacts.length === 0 || random.chance(0.94);
    const lead: Lead = { id: random.id('lead'), name: named ? `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SUFFIX)}` : null, contacts };
    leads.push(lead);
    smartViewBits.push(0);
    const perLead = Math.min(count - opportunities.length, random.weighted(OPPORTUNITIES_PER_LEAD));
    for (let k = 0; k < perLead; k++) opportunities.push(makeOpportunity(lead));
  }

  function makeOpportunity(lead: Lead): Opportunity {
    const owner = random.weighted(owners);
    const pipeline = random.weighted(pipelineWeights);
    const type = random.weighted(STATUS_TYPE_WEIGHTS);
    const status = random.pick(statusesByPipeline.get(pipeline.id)!.get(type)!);
    const period = random.weighted(PERIOD_WEIGHTS);
    const value = drawValue(random, period);
    const valueCurrency = random.weighted(currencyWeights);
    const confidence = type === 'won' ? 100 : type === 'lost' ? 0 : random.pick([10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90]);
    const expected = value === null ? null : Math.round((value * confidence) / 100);
    const factor = period === 'monthly' ? 12 : 1;

    const createdMs = startMs + Math.floor(random.next() * (anchorMs - startMs - 2 * DAY));
    let dateWon: string | null = null;
    let lostMs: number | null = null;
    let eventMs = createdMs;
    if (type === 'won') {
      eventMs = Math.min(createdMs + random.int(3, 200) * DAY, anchorMs - DAY);
      dateWon = utcDate(eventMs);
    } else if (type === 'lost') {
      lostMs = Math.min(createdMs + random.int(3, 200) * DAY + random.int(0, DAY - 1), anchorMs - random.int(DAY, 3 * DAY));
      eventMs = lostMs;
    } else if (random.chance(0.65)) {
      // Close reuses date_won as the expected close date of open opportunities; it may lie in the future.
      dateWon = utcDate(createdMs + random.int(14, 300) * DAY);
    }
    // Capped just before the anchor, at a random moment, so recent records do not share one timestamp.
    const updatedMs = Math.min(Math.max(eventMs, createdMs) + random.int(0, 20 * DAY), anchorMs - random.int(1000, DAY));

    // An unnamed lead always shows a contact: that is what the UI falls back to.
    const contact = lead.contacts.length > 0 && (lead.name === null || random.chance(0.85)) ? random.pick(lead.contacts) : null;
    const creator = random.chance(0.95) ? (random.chance(0.8) ? owner : random.pick(users)) : null;
    const updater = creator === null ? null : random.chance(0.7) ? owner : random.pick(users);
    const note = random.weighted(NOTE_KINDS);
    const noteText = note === 'text' ? random.pick(NOTES) : note === 'empty' ? '' : null;

    // One literal for the fields every object has, so V8 keeps 100,000 objects in fast mode; optional fields
    // (reference §1.1: present on some objects, absent on others) are added after it, never removed with `delete`.
    const opportunity: Opportunity = {
      id: random.id('oppo'),
      organization_id: organization.id,
      lead_id: lead.id,
      contact_id: contact?.id ?? null,
      contact_name: contact?.name ?? null,
      user_id: owner.id,
      user_name: nameOf.get(owner)!,
      status_id: status.id,
      status_label: status.label,
      status_type: status.type,
      pipeline_id: pipeline.id,
      pipeline_name: pipeline.name,
      value,
      value_period: period,
      value_currency: valueCurrency,
      value_formatted: formatValue(value, period, valueCurrency),
      expected_value: expected,
      annualized_value: value === null ? null : value * factor,
      annualized_expected_value: expected === null ? null : expected * factor,
      confidence,
      note: noteText,
      date_created: closeDateTime(createdMs),
      date_updated: closeDateTime(updatedMs),
      date_won: dateWon,
      date_lost: lostMs === null ? null : closeDateTime(lostMs),
      created_by: creator?.id ?? null,
      created_by_name: creator ? nameOf.get(creator)! : null,
      updated_by: updater?.id ?? null,
      updated_by_name: updater ? nameOf.get(updater)! : null,
    };
    if (lead.name !== null || random.chance(0.7)) opportunity.lead_name = lead.name;
    if (random.chance(0.9)) opportunity.status_display_name = status.label;
    if (noteText !== null && random.chance(0.7)) {
      opportunity.note_html = noteHtml(noteText);
    }
    if (random.chance(0.9)) {
      opportunity.integration_links = random.chance(0.1) ? [{ name: 'Open in billing', url: `https://billing.example/opportunities/${opportunity.id}` }] : [];
    }
    if (random.chance(0.6)) {
      opportunity.attachments = random.chance(0.08)
        ? [
            {
              url: `https://files.example/${random.base62(12)}/proposal.pdf`,
              filename: 'proposal.pdf',
              content_type: 'application/pdf',
              size: random.int(20_000, 900_000),
            },
          ]
        : [];
    }
    let stalled = false;
    if (random.chance(0.85)) {
      stalled = type === 'active' && random.chance(0.18);
      opportunity.is_stalled = stalled;
      opportunity.stall_status = stalled
        ? {
            communication_issue: random.pick(['cant_get_in_touch', 'no_communication_attempts', 'no_issue'] as const),
            next_action: { action: random.pick(STALL_ACTIONS), justification: `No reply for ${random.int(7, 45)} days.` },
          }
        : null;
    }
    if (type === 'active' && random.chance(0.12)) {
      const action = random.pick(SUGGESTED_ACTIONS);
      opportunity.suggested_action = {
        action,
        details: suggestedDetails(action, opportunity, statusesByPipeline.get(pipeline.id)!, anchorMs),
        justification: 'Expected close date has passed.',
      };
    }
    if (random.chance(0.2)) {
      opportunity.comment_summary = { comment_count: random.int(1, 9), thread_id: random.id('cmth') };
    }
    if (random.chance(0.5)) {
      opportunity.lead_primary_email = {
        email: `contact${random.int(1, 9999)}@example.${random.pick(['com', 'co.uk', 'de', 'jp'])}`,
        type: 'office',
        is_unsubscribed: random.chance(0.05),
      };
    }
    if (random.chance(0.3)) {
      const digits = `${random.int(200, 999)}555${random.int(1000, 9999)}`;
      opportunity.lead_primary_phone = [{ phone: `+1${digits}`, phone_formatted: `+1 ${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`, type: 'office' }];
    }
    const region = random.chance(0.55) ? random.pick(customFields[0].choices!) : undefined;
    if (region !== undefined) opportunity[regionField] = region;
    if (random.chance(0.35)) opportunity[sourceField] = random.pick(customFields[1].choices!);
    if (random.chance(0.2)) {
      opportunity[productsField] = customFields[2].choices!.filter(() => random.chance(0.5));
    }
    if (random.chance(0.15)) opportunity[lengthField] = random.pick([1, 6, 12, 24, 36]);
    const facts: SmartViewFacts = { type, confidence, annualizedValue: value === null ? 0 : value * factor, region, stalled };
    const leadIndex = leads.length - 1;
    SMART_VIEWS.forEach((rule, bit) => {
      if (rule.matches?.(facts)) smartViewBits[leadIndex] |= 1 << bit;
    });
    return opportunity;
  }

  const me: Me = { ...users[0], organizations: [{ ...organization }] };
  const stamp = closeDateTime(anchorMs - 90 * DAY);
  const savedSearches = SMART_VIEWS.map((rule, bit): FakeSavedSearch => ({
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
    matchingLeadIds: leads.filter((_lead, i) => (smartViewBits[i] & (1 << bit)) !== 0).map((lead) => lead.id),
  }));

  return { organization, users, deactivatedUsers, pipelines, statuses, savedSearches, leads, customFields, opportunities, me, currency };
}
