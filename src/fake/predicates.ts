// The filters of `GET /opportunity/` as predicates over an opportunity and its position in the dataset:
// date parameters, `query=` search terms and `lead_query=` lead terms.
//
// Choices where Close is silent (documented in src/fake/README.md):
// - date_won is a calendar date. A datetime bound on it is reduced to its UTC calendar date.
// - date_created/date_updated are instants. A date-only bound means that date's start (00:00 UTC);
//   an exact date-only match (`date_created=2024-01-31`) means the whole UTC day. Datetimes without an
//   offset are UTC.
import type { Opportunity } from '../close/types';
import type { Dataset } from './dataset';
import type { Index } from './datasetIndex';
import { parseDateValue, utcDate } from './dates';
import { ApiError } from './engineResponse';
import type { SearchTerm } from './search';

export type Predicate = (o: Opportunity, i: number) => boolean;

export const DATE_FIELDS = ['date_won', 'date_created', 'date_updated'] as const;
export const DATE_OPERATORS = ['', '__gte', '__gt', '__lte', '__lt'] as const;

export function datePredicate(
  field: (typeof DATE_FIELDS)[number],
  operator: (typeof DATE_OPERATORS)[number],
  value: NonNullable<ReturnType<typeof parseDateValue>>,
  index: Index,
): Predicate {
  if (field === 'date_won') {
    // A calendar date compares as text (YYYY-MM-DD sorts chronologically).
    const bound = value.kind === 'date' ? value.date : utcDate(value.ms);
    const compare = (won: string | null, test: (c: number) => boolean): boolean => won !== null && test(won < bound ? -1 : won > bound ? 1 : 0);
    switch (operator) {
      case '':
        return (o) => compare(o.date_won, (c) => c === 0);
      case '__gte':
        return (o) => compare(o.date_won, (c) => c >= 0);
      case '__gt':
        return (o) => compare(o.date_won, (c) => c > 0);
      case '__lte':
        return (o) => compare(o.date_won, (c) => c <= 0);
      case '__lt':
        return (o) => compare(o.date_won, (c) => c < 0);
    }
  }
  const times = field === 'date_created' ? index.createdMs : index.updatedMs;
  if (operator === '') {
    if (value.kind === 'date') {
      const start = value.startMs;
      const end = start + 86_400_000;
      return (_o, i) => times[i] >= start && times[i] < end;
    }
    const exact = value.ms;
    return (_o, i) => times[i] === exact;
  }
  const bound = value.kind === 'date' ? value.startMs : value.ms;
  switch (operator) {
    case '__gte':
      return (_o, i) => times[i] >= bound;
    case '__gt':
      return (_o, i) => times[i] > bound;
    case '__lte':
      return (_o, i) => times[i] <= bound;
    case '__lt':
      return (_o, i) => times[i] < bound;
  }
}

function contains(haystack: string | null | undefined, needle: string): boolean {
  return haystack?.toLowerCase().includes(needle) ?? false;
}

/**
 * `status_change(old_status:… new_status:… date:…)`: the fake keeps no history, so a won or lost opportunity
 * changed once, from an active status to its own, on its `date_won` / `date_lost` (UTC day).
 */
function statusChangePredicate(term: Extract<SearchTerm, { kind: 'status_change' }>, dataset: Dataset, now: number): Predicate {
  const matchesStatus = (wanted: string, type: string, label: string | undefined): boolean => {
    const lower = wanted.toLowerCase();
    return lower === type || lower === (label ?? '').toLowerCase();
  };
  const activeLabels = new Set(dataset.statuses.filter((s) => s.type === 'active').map((s) => s.label.toLowerCase()));
  const day = term.date?.toLowerCase();
  const wantedDay = day === 'today' ? utcDate(now) : day === 'yesterday' ? utcDate(now - 86_400_000) : day;
  return (o) => {
    if (o.status_type !== 'won' && o.status_type !== 'lost') return false;
    const changed = o.status_type === 'won' ? o.date_won : o.date_lost ? utcDate(Date.parse(o.date_lost)) : null;
    if (!changed) return false;
    if (term.old_status !== undefined && term.old_status.toLowerCase() !== 'active' && !activeLabels.has(term.old_status.toLowerCase())) return false;
    if (term.new_status !== undefined && !matchesStatus(term.new_status, o.status_type, o.status_label)) return false;
    return wantedDay === undefined || changed === wantedDay;
  };
}

export function searchPredicates(terms: SearchTerm[], index: Index, dataset: Dataset, now: number): Predicate[] {
  return terms.map((term): Predicate => {
    if (term.kind === 'status_change') return statusChangePredicate(term, dataset, now);
    const needle = term.value.toLowerCase();
    if (term.kind === 'text') return (_o, i) => index.text[i].includes(needle);
    switch (term.field) {
      case 'note':
        return (o) => contains(o.note, needle);
      case 'lead_name':
        return (o) => contains(o.lead_name, needle);
      case 'contact_name':
        return (o) => contains(o.contact_name, needle);
      case 'user_name':
        return (o) => contains(o.user_name, needle);
      case 'status_label':
        return (o) => (o.status_label ?? '').toLowerCase() === needle;
      case 'status_type':
        return (o) => o.status_type === needle;
      case 'pipeline_name':
        return (o) => (o.pipeline_name ?? '').toLowerCase() === needle;
      case 'value_period':
        return (o) => o.value_period === needle;
      case 'is_stalled':
        return (o) => (o.is_stalled === true) === (needle === 'true');
    }
  });
}

/** `lead_query` matches leads (their name and any of their contacts); an opportunity passes when its lead does. */
export function leadPredicate(term: SearchTerm, index: Index): Predicate {
  if (term.kind === 'status_change') throw new ApiError(400, 'Invalid lead_query: status_change(…) is not a lead search term.');
  const needle = term.value.toLowerCase();
  const leadName = (o: Opportunity): string | null | undefined => index.leads.get(o.lead_id)?.name ?? o.lead_name;
  const contactNames = (o: Opportunity): string[] => {
    const lead = index.leads.get(o.lead_id);
    return lead ? lead.contacts.map((contact) => contact.name) : o.contact_name ? [o.contact_name] : [];
  };
  if (term.kind === 'field' && term.field === 'lead_name') return (o) => contains(leadName(o), needle);
  if (term.kind === 'field') return (o) => contactNames(o).some((name) => contains(name, needle));
  return (o) => contains(leadName(o), needle) || contactNames(o).some((name) => contains(name, needle));
}
