// Opportunities page by page: one page (`list`), pages one after another (`pages`), every page at once within
// the rate limit (`fetchAll`) or handed over in order without keeping them (`eachPage`). Bounded
// whatever the server says: a `_skip` over the server's maximum, a page that adds no new id, or more pages
// than the first page's total needs, stop paging with an error.
import { aggregatesOf } from './aggregates';
import { childController } from './concurrency';
import { BadResponseError, FilterValidationError, PagingLimitError } from './errors';
import type { OpportunityFilter } from './filter';
import { mergeGroupPages } from './groups';
import { IdSet } from './idSet';
import { type OpportunityPage, DEFAULT_PAGE_SIZE, checkFilter, checkPage, opportunityPage, opportunityPageBytes, readOpportunityPage } from './opportunityPage';
import { type CallStats, type Requester, newStats } from './request';
import { counted } from './responseErrors';
import type { SuccessBytes } from './retryPolicy';
import type { Aggregates, Opportunity, OpportunityGroup, OpportunityGroupedResponse, OpportunityListResponse } from './types';

/** Every page of a filter, reassembled in server order. */
export interface FetchAllResult {
  aggregates: Aggregates;
  objects: Opportunity[];
  /** Grouped filters: the groups merged by key, objects concatenated in order. */
  groups?: OpportunityGroup[];
  requests: number;
  responses429: number;
  /** Response body bytes received. */
  bytes: number;
}

/** A server's own page cap below this (asked for more, `has_more` true) is not believed: see `followUpBudget`. */
const MIN_PLAUSIBLE_PAGE = 50;

function countObjects(page: OpportunityPage, grouped: boolean): number {
  if (!grouped) return page.data.length;
  let n = 0;
  for (const group of page.data as OpportunityGroup[]) n += group.objects.length;
  return n;
}

/** Ids listed so far while paging: a page with none that is new would make paging go round for ever. */
class SeenIds {
  constructor(private readonly ids = new IdSet()) {}

  /** False when the page holds opportunities with ids and every one of them was listed before. */
  addsNew(page: OpportunityPage, grouped: boolean): boolean {
    const objects: unknown[] = grouped ? (page.data as OpportunityGroup[]).flatMap((group) => group.objects) : page.data;
    let withId = 0;
    let fresh = 0;
    for (const object of objects) {
      const id = (object as { id?: unknown }).id;
      if (typeof id !== 'string') continue; // `_fields` without id: only the page budget bounds paging
      withId++;
      if (this.ids.add(id)) fresh++;
    }
    return fresh > 0 || withId === 0;
  }
}

/**
 * Most requests after the first page that a filter of `total` may take: what the total needs at the page
 * size asked for (or the server's own smaller cap, if plausible), plus a margin for opportunities added
 * while paging.
 */
export function followUpBudget(total: number, step: number, limit: number): number {
  const size = Math.max(1, step >= Math.min(limit, MIN_PLAUSIBLE_PAGE) ? step : limit);
  const needed = Math.ceil(Math.max(0, total - step) / size);
  return needed + Math.max(2, Math.ceil(needed / 10));
}

/** What `eachPage` is told: the page size, a signal, and what to do with each page and with the progress. */
export interface EachPageOptions {
  limit?: number;
  signal?: AbortSignal;
  onPage: (objects: Opportunity[]) => void | Promise<void>;
  onProgress?: (loaded: number, total: number) => void;
}

/** What `eachPage` saw: the filter's aggregates, the opportunities passed on, and the requests and bytes it took. */
export interface EachPageResult {
  aggregates: Aggregates;
  count: number;
  requests: number;
  bytes: number;
}

export class OpportunityPaging {
  constructor(private readonly requests: Requester) {}

  /** One page. Plain or grouped depending on `filter.group_by`. */
  list(filter: OpportunityFilter, page: { skip: number; limit: number }, signal?: AbortSignal): Promise<OpportunityListResponse | OpportunityGroupedResponse> {
    try {
      checkFilter(filter, this.requests.scrub);
      checkPage(page, this.requests.maxSkip);
    } catch (error) {
      return Promise.reject(error);
    }
    return opportunityPage(this.requests, filter, page, signal, newStats());
  }

  /** Pages as they arrive, sequentially, until `has_more` is false. */
  async *pages(filter: OpportunityFilter, options: { limit?: number; signal?: AbortSignal } = {}): AsyncIterable<OpportunityListResponse | OpportunityGroupedResponse> {
    checkFilter(filter, this.requests.scrub);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    checkPage({ skip: 0, limit }, this.requests.maxSkip);
    const grouped = filter.group_by !== undefined;
    const stats = newStats();
    const seen = new SeenIds();
    let budget = Infinity;
    for (let skip = 0, sent = 0; ; sent++) {
      if (skip > this.requests.maxSkip) throw new PagingLimitError(this.requests.maxSkip);
      if (sent > budget) {
        throw new BadResponseError(
          `Close still said there were more opportunities after ${sent} pages of GET opportunity/, more than its total needs. Stopped there.`,
          200,
          '',
        );
      }
      const page = await opportunityPage(this.requests, filter, { skip, limit }, options.signal, stats);
      const count = countObjects(page, grouped);
      if (sent === 0) budget = followUpBudget(page.total_results, count, limit);
      if (!seen.addsNew(page, grouped)) {
        throw new BadResponseError(
          `Close answered GET opportunity/ at _skip=${skip} with opportunities already listed (it ignores _skip or repeats pages). Stopped there.`,
          200,
          '',
        );
      }
      yield page;
      // An empty page that claims more would loop for ever.
      if (!page.has_more || count === 0) return;
      skip += count;
    }
  }

  /**
   * Every page of a filter: the first page, then the rest concurrently within the rate limit; objects in
   * server order, no duplicates or gaps; groups merged by key.
   */
  async fetchAll(
    filter: OpportunityFilter,
    options: { limit?: number; signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<FetchAllResult> {
    checkFilter(filter, this.requests.scrub);
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    checkPage({ skip: 0, limit }, this.requests.maxSkip);
    const stats = newStats();
    const { aggregates, pages } = await this.fetchPages(filter, limit, stats, options.signal, options.onProgress);
    const grouped = filter.group_by !== undefined;
    if (grouped) {
      const groups = mergeGroupPages(pages.map((page) => page.data as OpportunityGroup[]));
      return { aggregates, objects: groups.flatMap((group) => group.objects), groups, requests: stats.requests, responses429: stats.responses429, bytes: stats.bytes };
    }
    const seen = new Set<string>();
    const objects: Opportunity[] = [];
    for (const page of pages) {
      for (const object of page.data as Opportunity[]) {
        if (typeof object.id === 'string') {
          if (seen.has(object.id)) continue; // shifted by a change on the server between two pages
          seen.add(object.id);
        }
        objects.push(object);
      }
    }
    return { aggregates, objects, requests: stats.requests, responses429: stats.responses429, bytes: stats.bytes };
  }

  /**
   * Every opportunity of an ungrouped filter, page by page in server order, without keeping them: `onPage`
   * gets each page's opportunities as soon as the pages before it were handed over, and at most
   * `maxConcurrency` pages are requested ahead of it, so memory stays flat however many match but for the
   * ids (a few bytes each): an opportunity listed again, shifted by a change on the server, is left out however
   * many pages later it comes.
   */
  async eachPage(filter: OpportunityFilter, options: EachPageOptions): Promise<EachPageResult> {
    checkFilter(filter, this.requests.scrub);
    if (filter.group_by) throw new FilterValidationError('group_by', 'group_by: eachPage lists opportunities without groups.');
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    checkPage({ skip: 0, limit }, this.requests.maxSkip);
    const stats = newStats();
    const ahead = this.requests.maxConcurrency;
    const ids = new IdSet();
    let count = 0;
    const aggregates = await this.followPages(
      filter,
      limit,
      stats,
      options.signal,
      ahead,
      async (page) => {
        // Every id was added when its page arrived; the first one handed over is kept, any later one was shifted by a change on the server.
        const objects = (page.data as Opportunity[]).filter((object) => typeof object.id !== 'string' || ids.markOnce(object.id));
        count += objects.length;
        await options.onPage(objects);
      },
      options.onProgress,
      ids,
    );
    return { aggregates, count, requests: stats.requests, bytes: stats.bytes };
  }

  /** The first page, then every other page at once (the limiter and pacing keep it within the rate limit). */
  async fetchPages(
    filter: OpportunityFilter,
    limit: number,
    stats: CallStats,
    signal?: AbortSignal,
    onProgress?: (loaded: number, total: number) => void,
  ): Promise<{ aggregates: Aggregates; pages: OpportunityPage[] }> {
    const pages: OpportunityPage[] = [];
    const aggregates = await this.followPages(filter, limit, stats, signal, Infinity, (page) => void pages.push(page), onProgress);
    return { aggregates, pages };
  }

  /**
   * Every page of a filter, handed to `onPage` in server order: the first page, then the others with at
   * most `ahead` pages requested beyond the last one handed over (Infinity: all at once), then any pages
   * added at the end while paging. Bounded whatever the server says: a page that adds no new id, or more
   * pages than the first page's total needs (plus a margin), is a BadResponseError. Every id of every page
   * arrived is added to `ids`.
   */
  private async followPages(
    filter: OpportunityFilter,
    limit: number,
    stats: CallStats,
    signal: AbortSignal | undefined,
    ahead: number,
    onPage: (page: OpportunityPage) => void | Promise<void>,
    onProgress?: (loaded: number, total: number) => void,
    ids = new IdSet(),
  ): Promise<Aggregates> {
    const grouped = filter.group_by !== undefined;
    const { controller, dispose } = childController(signal);
    const seen = new SeenIds(ids);
    const addsNew = (page: OpportunityPage) => seen.addsNew(page, grouped);
    const noProgress = (skip: number) =>
      new BadResponseError(
        `Close answered GET opportunity/ at _skip=${skip} with opportunities already listed, so paging would not end ` +
          `(the server or a proxy ignores _skip or repeats pages). Stopped after ${stats.requests} requests.`,
        200,
        '',
      );
    try {
      const first = await opportunityPage(this.requests, filter, { skip: 0, limit }, controller.signal, stats);
      const total = first.total_results;
      const step = countObjects(first, grouped); // the server may send fewer than asked for
      addsNew(first);
      let loaded = step;
      onProgress?.(loaded, total);
      await onPage(first);
      if (!first.has_more || step === 0) return aggregatesOf(first);

      // Checked before listing the skips: a total far beyond the cap (a broken proxy's 1e15) would not fit in memory.
      if (total > step && step * Math.floor((total - 1) / step) > this.requests.maxSkip) throw new PagingLimitError(this.requests.maxSkip, total);
      const budget = followUpBudget(total, step, limit);
      const planned = total > step ? Math.ceil((total - step) / step) : 0;
      if (planned > budget) {
        throw new BadResponseError(
          `Close sent ${counted(step, 'opportunity', 'opportunities')} on the first page of GET opportunity/ though ${limit} were asked for, ` +
            `and says there are ${total.toLocaleString('en-US')}: listing them would take ${planned.toLocaleString('en-US')} more requests. Stopped after the first page.`,
          200,
          '',
        );
      }
      const skips: number[] = [];
      for (let skip = step; skip < total; skip += step) skips.push(skip);
      // With a bound on the pages ahead (an export), pages waiting their turn stay bytes, outside the JS heap,
      // and are parsed when handed over: objects that live on while other pages are parsed make V8 grow its young generation.
      const deferred = Number.isFinite(ahead);
      const arrived = new Array<OpportunityPage | SuccessBytes | undefined>(skips.length);
      const accept = (page: OpportunityPage, skip: number): OpportunityPage => {
        if (!addsNew(page)) throw noProgress(skip);
        loaded += countObjects(page, grouped);
        onProgress?.(Math.min(loaded, total), total);
        return page;
      };
      let last: OpportunityPage = first;
      await new Promise<void>((resolve, reject) => {
        let launched = 0;
        let handed = 0;
        let handing = false;
        let failed = false;
        const fail = (error: unknown) => {
          if (failed) return;
          failed = true;
          reject(error);
        };
        const handOver = async () => {
          if (handing) return; // the running loop picks this page up
          handing = true;
          try {
            while (!failed && handed < skips.length && arrived[handed]) {
              const waiting = arrived[handed]!;
              arrived[handed] = undefined;
              const skip = skips[handed++];
              const page = deferred ? accept(readOpportunityPage(this.requests, waiting as SuccessBytes, filter), skip) : (waiting as OpportunityPage);
              last = page;
              await onPage(page);
            }
          } finally {
            handing = false;
          }
          launch();
        };
        const launch = () => {
          while (!failed && launched < skips.length && launched < handed + ahead) {
            const index = launched++;
            const page = { skip: skips[index], limit };
            const arrival = deferred
              ? opportunityPageBytes(this.requests, filter, page, controller.signal, stats)
              : opportunityPage(this.requests, filter, page, controller.signal, stats).then((body) => accept(body, page.skip));
            arrival
              .then((body) => {
                arrived[index] = body;
                return handOver();
              })
              .catch(fail);
          }
          if (!failed && handed === skips.length) resolve();
        };
        launch();
      });

      // Opportunities added on the server while paging: follow has_more to the end, within the budget.
      let skip = loaded;
      for (let sent = skips.length; last.has_more && countObjects(last, grouped) > 0; sent++) {
        if (skip > this.requests.maxSkip) throw new PagingLimitError(this.requests.maxSkip, total);
        if (sent >= budget) {
          throw new BadResponseError(
            `Close still said there were more opportunities after ${(sent + 1).toLocaleString('en-US')} pages of GET opportunity/, ` +
              `though its first page said there are ${total.toLocaleString('en-US')}. Stopped there.`,
            200,
            '',
          );
        }
        last = await opportunityPage(this.requests, filter, { skip, limit }, controller.signal, stats);
        if (!addsNew(last)) throw noProgress(skip);
        await onPage(last);
        skip += countObjects(last, grouped);
      }
      return aggregatesOf(first);
    } catch (error) {
      controller.abort(); // the pages still in flight are of no use now
      throw error;
    } finally {
      dispose();
    }
  }
}
