// The change check: one request (paged if needed) for what matches the filter and was updated since the
// last look, and the Event Log when it can tell more. Plain Node (no 'vscode'): measured against the fake.
import { changeCheckFilter, classifyChanges, eventLogFacts, filterKey, type EventLogFacts, type OpportunityChange, type SeenOpportunity } from './changes';
import type { CloseClient } from '../../close/client';
import { CloseError, isAbortError } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import type { Opportunity } from '../../close/types';

/** At most this many pages of 100 changes per check (the 1,000 most recent); beyond that `truncated`. */
export const MAX_CHANGE_PAGES = 10;
/** At most this many Event Log pages (50 events each) per check. */
export const MAX_EVENT_PAGES = 20;

/** What the Event Log did for a check. */
export type EventLogUse = 'used' | 'partial' | 'unavailable' | 'notNeeded';

export interface ChangeCheckResult {
  changes: OpportunityChange[];
  /** More changed than one check reads (MAX_CHANGE_PAGES pages). */
  truncated: boolean;
  eventLog: EventLogUse;
  /** The Event Log answered 403 or 404: not worth asking again on this connection. */
  eventLogRefused: boolean;
  /** Why the Event Log could not be read, when it could not. */
  eventLogError?: string;
  /** Requests sent: change check pages plus Event Log pages. */
  requests: number;
}

export interface ChangeCheckInput {
  filter: OpportunityFilter;
  /** The last look (ISO). */
  since: string;
  seen: ReadonlyMap<string, SeenOpportunity>;
  /** False once the Event Log refused (403/404) on this connection. */
  eventLogAllowed: boolean;
}

type Row = Partial<Opportunity> & { id: string };

export async function checkChanges(client: CloseClient, input: ChangeCheckInput, signal?: AbortSignal): Promise<ChangeCheckResult> {
  const { filter, since, seen } = input;
  const changed: Row[] = [];
  let truncated = false;
  let requests = 0;
  for await (const page of client.pages(changeCheckFilter(filter, since), { limit: 100, signal })) {
    requests++;
    changed.push(...(page.data as Row[]));
    if (requests >= MAX_CHANGE_PAGES && page.has_more) {
      truncated = true;
      break;
    }
  }
  const sinceMs = Date.parse(since);
  // The Event Log is asked only when it can tell something: the former state of a changed opportunity
  // never seen here, or whether a seen one left the filter (a filter on nothing cannot be left).
  const unknownBefore = changed.some((o) => !seen.has(o.id) && !(Date.parse(o.date_created ?? '') > sinceMs));
  // Leaving can only be told when every change was read (an unread one would look gone).
  const canLeave = seen.size > 0 && filterKey(filter) !== '' && !truncated;
  let events: EventLogFacts | undefined;
  let eventLog: EventLogUse = 'notNeeded';
  let eventLogRefused = false;
  let eventLogError: string | undefined;
  if (unknownBefore || canLeave) {
    if (!input.eventLogAllowed) {
      eventLog = 'unavailable';
    } else {
      try {
        const answer = await client.events({ object_type: 'opportunity', action: 'updated', date_updated__gte: since }, { signal, maxPages: MAX_EVENT_PAGES });
        requests += answer.requests;
        events = eventLogFacts(answer.events, since);
        eventLog = answer.complete ? 'used' : 'partial';
      } catch (error) {
        if (isAbortError(error)) throw error;
        requests++;
        eventLog = 'unavailable';
        eventLogRefused = error instanceof CloseError && (error.status === 403 || error.status === 404);
        eventLogError = error instanceof Error ? error.message : String(error);
      }
    }
  }
  return { changes: classifyChanges({ since, seen, changed, events, detectLeft: canLeave }), truncated, eventLog, eventLogRefused, eventLogError, requests };
}
