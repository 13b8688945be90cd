// Close's Event Log (`GET /event/`), followed by its cursor.
import { type Requester, newStats } from './request';
import { shapeError } from './responseErrors';

/**
 * Close's Event Log (`GET /event/`), newest first, following `cursor_next` (the date bounds are sent with
 * the first request only, as Close asks) for at most `maxPages` pages of 50. `complete` is false when
 * pages were left. Errors (403/404 for keys that cannot read it) are thrown as for any request.
 */
export async function eventLog(
  requests: Requester,
  query: { object_type: string; action: string; date_updated__gte: string },
  options: { signal?: AbortSignal; maxPages?: number } = {},
): Promise<{ events: Record<string, unknown>[]; complete: boolean; requests: number }> {
  const stats = newStats();
  const events: Record<string, unknown>[] = [];
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? 20));
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const params = new URLSearchParams({ object_type: query.object_type, action: query.action, _limit: '50' });
    if (cursor) params.set('_cursor', cursor);
    else params.set('date_updated__gte', query.date_updated__gte);
    const body = await requests.getJson<{ data?: unknown; cursor_next?: unknown }>('event/', params, options.signal, stats);
    if (typeof body !== 'object' || body === null || !Array.isArray(body.data)) throw shapeError('event/');
    events.push(...body.data.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null));
    const next = body.cursor_next;
    // A cursor that does not move on would loop for ever.
    if (typeof next !== 'string' || next === '' || next === cursor || body.data.length === 0) return { events, complete: true, requests: stats.requests };
    cursor = next;
  }
  return { events, complete: false, requests: stats.requests };
}
