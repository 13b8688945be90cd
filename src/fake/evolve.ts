// The sample organisation over time: new opportunities, status moves, wins, losses, value changes and
// reassignments, each also written to an event log (`GET /event/`) with `data` and `previous_data`.
// What changes is deterministic from the seed; when it happens is the caller's clock. No 'vscode' here.
import { VALUE_PERIODS, type Opportunity, type OpportunityStatus, type StatusType } from '../close/types';
import type { Dataset } from './dataset';
import { closeDateTime, utcDate } from './dates';
import { formatValue } from './money';
import { Random } from './random';
import { fullName } from '../close/userName';

export type EvolutionKind = 'created' | 'moved' | 'won' | 'lost' | 'value' | 'reassigned';

/** One entry of Close's Event Log, as far as the fake writes it (reference: Event Log). */
export interface FakeEvent {
  id: string;
  object_type: 'opportunity';
  object_id: string;
  lead_id: string;
  action: 'created' | 'updated';
  date_created: string;
  date_updated: string;
  organization_id: string;
  user_id: string | null;
  request_id: string;
  api_key_id: null;
  changed_fields: string[];
  data: Record<string, unknown>;
  previous_data: Record<string, unknown>;
  meta: Record<string, never>;
}

export interface EvolutionChange {
  kind: EvolutionKind;
  id: string;
}

/** Events kept for `GET /event/` (the oldest go first). */
const MAX_EVENTS = 20_000;

/** Each step: one new opportunity and two changes to active ones, weighted like a sales team's day. */
const CHANGE_WEIGHTS = [
  ['moved', 35],
  ['won', 25],
  ['lost', 15],
  ['value', 15],
  ['reassigned', 10],
] as const;

const CONFIDENCES = [10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90];

/**
 * Changes a dataset step by step. Every step makes a new `Dataset` object (opportunities replaced, never
 * mutated), so the query engine's per-dataset index and caches are rebuilt for it.
 */
export class Evolution {
  private readonly random: Random;
  private readonly events: FakeEvent[] = [];
  private lastMs = 0;
  private steps = 0;

  constructor(
    private current: Dataset,
    seed: number,
    private readonly now: () => number = Date.now,
  ) {
    this.random = new Random((seed ^ 0x0e701fe) >>> 0);
    // Changes are always newer than the data, even on a machine whose clock is behind the data's anchor.
    for (const o of current.opportunities) this.lastMs = Math.max(this.lastMs, Date.parse(o.date_updated) || 0);
  }

  get dataset(): Dataset {
    return this.current;
  }

  /** Every event, oldest first. */
  get log(): readonly FakeEvent[] {
    return this.events;
  }

  /** Runs `n` steps; returns what changed, in order. */
  advance(n = 1): EvolutionChange[] {
    const changes: EvolutionChange[] = [];
    const opportunities = [...this.current.opportunities];
    const position = new Map(opportunities.map((o, i) => [o.id, i]));
    for (let step = 0; step < n; step++) {
      this.steps++;
      changes.push(this.create(opportunities, position));
      for (let k = 0; k < 2; k++) {
        const change = this.change(opportunities, position, this.random.weighted(CHANGE_WEIGHTS));
        if (change) changes.push(change);
      }
    }
    this.current = { ...this.current, opportunities };
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    return changes;
  }

  /**
   * Strictly increasing timestamps (a burst of changes in one millisecond is stamped a millisecond apart),
   * so `date_updated__gt` never misses a change made in the same millisecond.
   */
  private tick(): string {
    this.lastMs = Math.max(this.now(), this.lastMs + 1);
    return closeDateTime(this.lastMs);
  }

  private statusesOf(pipelineId: string | null | undefined, type: StatusType): OpportunityStatus[] {
    return this.current.statuses.filter((s) => s.pipeline_id === pipelineId && s.type === type);
  }

  private create(opportunities: Opportunity[], position: Map<string, number>): EvolutionChange {
    const random = this.random;
    const template = opportunities[random.int(0, opportunities.length - 1)] ?? this.current.opportunities[0];
    const lead = this.current.leads.length > 0 ? random.pick(this.current.leads) : undefined;
    const pipeline = random.pick(this.current.pipelines);
    const status = this.statusesOf(pipeline.id, 'active')[0] ?? this.current.statuses[0];
    const owner = random.pick(this.current.users);
    const period = random.pick(VALUE_PERIODS);
    const value = random.int(10, 600) * 10_000;
    const confidence = random.pick(CONFIDENCES);
    const expected = Math.round((value * confidence) / 100);
    const factor = period === 'monthly' ? 12 : 1;
    const stamp = this.tick();
    const contact = lead && lead.contacts.length > 0 ? lead.contacts[0] : undefined;
    const opportunity: Opportunity = {
      id: random.id('oppo'),
      organization_id: this.current.organization.id,
      lead_id: lead?.id ?? template?.lead_id ?? random.id('lead'),
      contact_id: contact?.id ?? null,
      contact_name: contact?.name ?? null,
      user_id: owner.id,
      user_name: fullName(owner),
      status_id: status.id,
      status_label: status.label,
      status_type: status.type,
      pipeline_id: pipeline.id,
      pipeline_name: pipeline.name,
      value,
      value_period: period,
      value_currency: this.current.currency,
      value_formatted: formatValue(value, period, this.current.currency),
      expected_value: expected,
      annualized_value: value * factor,
      annualized_expected_value: expected * factor,
      confidence,
      note: `New in step ${this.steps}`,
      date_created: stamp,
      date_updated: stamp,
      date_won: null,
      date_lost: null,
      created_by: owner.id,
      created_by_name: fullName(owner),
      updated_by: owner.id,
      updated_by_name: fullName(owner),
      lead_name: lead?.name ?? null,
      status_display_name: status.label,
    };
    position.set(opportunity.id, opportunities.length);
    opportunities.push(opportunity);
    this.record(opportunity, 'created', {}, stamp);
    return { kind: 'created', id: opportunity.id };
  }

  private change(opportunities: Opportunity[], position: Map<string, number>, kind: Exclude<EvolutionKind, 'created'>): EvolutionChange | undefined {
    const random = this.random;
    // Only open deals move, win or lose; a handful of tries finds one in any realistic pipeline.
    let old: Opportunity | undefined;
    for (let tries = 0; tries < 50 && !old; tries++) {
      const candidate = opportunities[random.int(0, opportunities.length - 1)];
      if (candidate?.status_type === 'active') old = candidate;
    }
    if (!old) return undefined;
    const next: Opportunity = { ...old };
    const users = this.current.users;
    switch (kind) {
      case 'moved': {
        const others = this.statusesOf(old.pipeline_id, 'active').filter((s) => s.id !== old.status_id);
        if (others.length === 0) return undefined;
        this.setStatus(next, random.pick(others));
        next.confidence = random.pick(CONFIDENCES);
        break;
      }
      case 'won':
      case 'lost': {
        const target = this.statusesOf(old.pipeline_id, kind)[0];
        if (!target) return undefined;
        this.setStatus(next, target);
        next.confidence = kind === 'won' ? 100 : 0;
        break;
      }
      case 'value': {
        const base = old.value ?? random.int(10, 600) * 10_000;
        const factor = random.pick([0.5, 0.75, 1.25, 1.5, 2]);
        next.value = Math.max(100, Math.round((base * factor) / 100) * 100);
        break;
      }
      case 'reassigned': {
        const others = users.filter((u) => u.id !== old.user_id);
        if (others.length === 0) return undefined;
        const owner = random.pick(others);
        next.user_id = owner.id;
        next.user_name = fullName(owner);
        break;
      }
    }
    const stamp = this.tick();
    if (kind === 'won') next.date_won = utcDate(this.lastMs);
    if (kind === 'lost') next.date_lost = stamp;
    this.recompute(next);
    next.date_updated = stamp;
    const updater = random.pick(users);
    next.updated_by = updater.id;
    next.updated_by_name = fullName(updater);
    opportunities[position.get(old.id)!] = next;
    const previous: Record<string, unknown> = {};
    for (const field of Object.keys(next) as (keyof Opportunity)[]) {
      if (field === 'updated_by' || field === 'updated_by_name') continue;
      if (JSON.stringify(next[field]) !== JSON.stringify(old[field])) previous[field] = old[field] ?? null;
    }
    this.record(next, 'updated', previous, stamp);
    return { kind, id: next.id };
  }

  private setStatus(o: Opportunity, status: OpportunityStatus): void {
    o.status_id = status.id;
    o.status_label = status.label;
    o.status_type = status.type;
    if (o.status_display_name !== undefined) o.status_display_name = status.label;
  }

  private recompute(o: Opportunity): void {
    const factor = o.value_period === 'monthly' ? 12 : 1;
    const expected = o.value === null ? null : Math.round((o.value * o.confidence) / 100);
    o.expected_value = expected;
    o.annualized_value = o.value === null ? null : o.value * factor;
    o.annualized_expected_value = expected === null ? null : expected * factor;
    o.value_formatted = formatValue(o.value, o.value_period, o.value_currency ?? this.current.currency);
  }

  private record(o: Opportunity, action: FakeEvent['action'], previous: Record<string, unknown>, stamp: string): void {
    this.events.push({
      id: this.random.id('ev'),
      object_type: 'opportunity',
      object_id: o.id,
      lead_id: o.lead_id,
      action,
      date_created: stamp,
      date_updated: stamp,
      organization_id: o.organization_id,
      user_id: o.updated_by ?? null,
      request_id: this.random.id('req'),
      api_key_id: null,
      changed_fields: Object.keys(previous).sort(),
      data: { ...o },
      previous_data: previous,
      meta: {},
    });
  }
}

/** Close's Event Log pages hold at most 50 events. */
export const EVENT_PAGE_LIMIT = 50;

/**
 * `GET /event/`: newest `date_updated` first, filtered by `object_type`, `action`, `object_id`, `lead_id` and
 * `date_updated` bounds, paged by an opaque `_cursor` (the other filters are repeated with it).
 */
export function listEvents(events: readonly FakeEvent[], params: URLSearchParams): { status: number; body: unknown } {
  const instant = (name: string): number | undefined => {
    const text = params.get(name);
    if (text === null || text === '') return undefined;
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new Error(`Invalid value for ${name}: ${text}`);
    return ms;
  };
  interface Bounds {
    gte?: number;
    gt?: number;
    lte?: number;
    lt?: number;
  }
  let bounds: Bounds;
  let start = 0;
  const cursor = params.get('_cursor');
  try {
    if (cursor) {
      // Like Close, a cursor carries the date bounds of the first request: they are not repeated with it.
      const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { start: unknown; bounds: Bounds };
      if (typeof decoded.start !== 'number' || !Number.isInteger(decoded.start) || decoded.start < 0) throw new Error('Invalid cursor.');
      start = decoded.start;
      bounds = decoded.bounds ?? {};
    } else {
      bounds = { gte: instant('date_updated__gte'), gt: instant('date_updated__gt'), lte: instant('date_updated__lte'), lt: instant('date_updated__lt') };
    }
  } catch (error) {
    return { status: 400, body: { error: error instanceof SyntaxError ? 'Invalid cursor.' : (error as Error).message } };
  }
  const equal = (name: 'object_type' | 'action' | 'object_id' | 'lead_id', event: FakeEvent) => {
    const wanted = params.get(name);
    return wanted === null || wanted === '' || event[name] === wanted;
  };
  const matching: FakeEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    const ms = Date.parse(event.date_updated);
    if (bounds.gte !== undefined && ms < bounds.gte) continue;
    if (bounds.gt !== undefined && ms <= bounds.gt) continue;
    if (bounds.lte !== undefined && ms > bounds.lte) continue;
    if (bounds.lt !== undefined && ms >= bounds.lt) continue;
    if (equal('object_type', event) && equal('action', event) && equal('object_id', event) && equal('lead_id', event)) matching.push(event);
  }
  const limitText = params.get('_limit');
  const limit = limitText === null ? EVENT_PAGE_LIMIT : Math.min(EVENT_PAGE_LIMIT, Math.max(1, Math.floor(Number(limitText)) || EVENT_PAGE_LIMIT));
  const data = matching.slice(start, start + limit);
  const end = start + data.length;
  return {
    status: 200,
    body: {
      data,
      // Frozen at the newest event of the first page, so events added while paging do not shift the pages.
      cursor_next:
        end < matching.length
          ? Buffer.from(JSON.stringify({ start: end, bounds: { ...bounds, lte: bounds.lte ?? Date.parse(matching[0].date_updated) } }), 'utf8').toString('base64url')
          : null,
      cursor_previous: null,
    },
  };
}
