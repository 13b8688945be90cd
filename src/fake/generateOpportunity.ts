// One generated opportunity: owner, pipeline and status, value and currency, dates, note, and the optional fields
// Close sends on some objects and not on others (stall status, suggested action, attachments, custom fields, …),
// drawn from the organisation's seeded Random in a fixed order, so the same seed gives the same opportunities.
import type { Opportunity, OpportunityStatus, Organization, Pipeline, StatusType, User, ValuePeriod } from '../close/types';
import type { CustomFieldDefinition, Lead } from './dataset';
import { closeDateTime, utcDate } from './dates';
import { formatValue } from './money';
import type { Random } from './random';
import type { SmartViewFacts } from './smartViews';
import { NOTES } from './vocabulary';

const DAY = 86_400_000;

const VALUE_TIERS = [
  ['small', 50],
  ['mid', 35],
  ['large', 15],
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

/** The organisation an opportunity belongs to: what its draws choose from. */
export interface OpportunitySource {
  random: Random;
  organization: Organization;
  /** Active members: they create and update opportunities. */
  users: User[];
  /** Who owns opportunities, weighted (a deactivated user too). */
  owners: [User, number][];
  /** One shared full-name string per user. */
  nameOf: Map<User, string>;
  pipelineWeights: [Pipeline, number][];
  statusesByPipeline: Map<string, Map<StatusType, OpportunityStatus[]>>;
  customFields: CustomFieldDefinition[];
  /** The organization's currency: most opportunities are in it, a few in others. */
  currency: string;
  /** Opportunities are created between these two. */
  startMs: number;
  anchorMs: number;
}

export interface GeneratedOpportunity {
  opportunity: Opportunity;
  /** What the Smart Views' rules look at. */
  facts: SmartViewFacts;
}

/** Makes the opportunities of one organisation, one per call, for the lead given. */
export function opportunityGenerator(source: OpportunitySource): (lead: Lead) => GeneratedOpportunity {
  const { random, organization, users, owners, nameOf, pipelineWeights, statusesByPipeline, customFields, currency, startMs, anchorMs } = source;
  // The same draws whatever the currency: the org's takes USD's share and USD takes its place.
  const currencyWeights = CURRENCY_WEIGHTS.map(([code, weight]): [string, number] => [code === 'USD' ? currency : code === currency ? 'USD' : code, weight]);
  const [regionField, sourceField, productsField, lengthField] = customFields.map((field) => `custom.${field.id}` as const);

  return function makeOpportunity(lead: Lead): GeneratedOpportunity {
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
    // (Close sends them on some objects, not on others) are added after it, never removed with `delete`.
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
    return { opportunity, facts };
  };
}
