// The evaluation of an opportunity list: the matching positions in response order (groups concatenated), each
// group's span and aggregates, and the aggregates of all of them. Cached per dataset and cache key (LRU).
import { aggregate, type AggregateBody } from './aggregate';
import type { Dataset } from './dataset';
import { indexOf } from './datasetIndex';
import { groupPositions, NONE_RANK } from './groups';
import type { ParsedList } from './listRequest';
import { sortPositions } from './order';

interface GroupSpan {
  header: Record<string, unknown>;
  start: number;
  end: number;
  aggregates: AggregateBody;
}

export interface Evaluation {
  /** Positions in dataset.opportunities, in response order (groups concatenated). */
  order: Int32Array;
  aggregates: AggregateBody;
  groups: GroupSpan[] | undefined;
}

interface EvaluationCache {
  entries: Map<string, Evaluation>;
  positions: number;
}

const caches = new WeakMap<Dataset, EvaluationCache>();
/** Cached evaluations are bounded by count and by the positions they hold (4 bytes each). */
const CACHE_ENTRIES = 200;
const CACHE_POSITIONS = 4_000_000;

export function evaluate(dataset: Dataset, parsed: ParsedList): Evaluation {
  const index = indexOf(dataset);
  let cache = caches.get(dataset);
  if (!cache) caches.set(dataset, (cache = { entries: new Map(), positions: 0 }));
  const cached = cache.entries.get(parsed.cacheKey);
  if (cached) {
    // Refresh its place in the LRU order.
    cache.entries.delete(parsed.cacheKey);
    cache.entries.set(parsed.cacheKey, cached);
    return cached;
  }
  const opportunities = dataset.opportunities;
  const matching: number[] = [];
  const predicates = parsed.predicates;
  outer: for (let i = 0; i < opportunities.length; i++) {
    const o = opportunities[i];
    for (const predicate of predicates) if (!predicate(o, i)) continue outer;
    matching.push(i);
  }
  const aggregates = aggregate(opportunities, matching, dataset.currency);
  let evaluation: Evaluation;
  if (parsed.group === undefined) {
    sortPositions(dataset, matching, parsed.order, index);
    evaluation = { order: Int32Array.from(matching), aggregates, groups: undefined };
  } else {
    const groups = groupPositions(dataset, matching, parsed.group.field, index);
    if (parsed.group.descending) groups.reverse();
    const order: number[] = [];
    const spans: GroupSpan[] = [];
    for (const group of groups) {
      if (group.info.rank === NONE_RANK && parsed.noDate === 'omit') continue;
      sortPositions(dataset, group.positions, parsed.order, index);
      const start = order.length;
      for (const i of group.positions) order.push(i);
      const key = group.info.rank === NONE_RANK && parsed.noDate !== 'omit' ? parsed.noDate.key : group.info.key;
      spans.push({
        header: { key, ...group.info.header },
        start,
        end: order.length,
        aggregates: aggregate(opportunities, group.positions, dataset.currency),
      });
    }
    evaluation = { order: Int32Array.from(order), aggregates, groups: spans };
  }
  cache.entries.set(parsed.cacheKey, evaluation);
  cache.positions += evaluation.order.length;
  // Map iteration order is insertion order, so the first entry is the least recently used.
  while (cache.entries.size > 1 && (cache.entries.size > CACHE_ENTRIES || cache.positions > CACHE_POSITIONS)) {
    const [oldestKey, oldest] = cache.entries.entries().next().value!;
    cache.entries.delete(oldestKey);
    cache.positions -= oldest.order.length;
  }
  return evaluation;
}
