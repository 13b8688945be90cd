// The order of opportunity lists (`_order_by`): a sortable number per opportunity and field, nulls last in both
// directions, ties broken by id ascending so paging is stable. `user_name` sorts case-insensitively.
import type { OrderField } from '../close/types';
import type { Dataset } from './dataset';
import type { Index } from './datasetIndex';

export interface Order {
  field: OrderField;
  descending: boolean;
}

/** Built on first use per dataset: sort keys per `_order_by` field, and id order. */
interface SortMemo {
  sortKeys: Map<OrderField, Float64Array>;
  idRank: Int32Array | undefined;
}

const memos = new WeakMap<Dataset, SortMemo>();

function memoOf(dataset: Dataset): SortMemo {
  let memo = memos.get(dataset);
  if (!memo) memos.set(dataset, (memo = { sortKeys: new Map(), idRank: undefined }));
  return memo;
}

/** A sortable number per opportunity for one `_order_by` field; NaN stands for null. */
function sortKeys(dataset: Dataset, field: OrderField, index: Index, memo: SortMemo): Float64Array {
  const known = memo.sortKeys.get(field);
  if (known) return known;
  const opportunities = dataset.opportunities;
  const keys = new Float64Array(opportunities.length);
  const numeric = (value: number | null | undefined): number => value ?? NaN;
  if (field === 'user_name') {
    // Names rank by their lower-cased text.
    const names = [...new Set(opportunities.map((o) => (o.user_name ? o.user_name.toLowerCase() : '')))].sort();
    const rank = new Map(names.map((name, i) => [name, i]));
    for (let i = 0; i < opportunities.length; i++) {
      const name = opportunities[i].user_name;
      keys[i] = name ? rank.get(name.toLowerCase())! : NaN;
    }
  } else {
    for (let i = 0; i < opportunities.length; i++) {
      const o = opportunities[i];
      switch (field) {
        case 'date_won':
          keys[i] = o.date_won ? Date.parse(`${o.date_won}T00:00:00Z`) : NaN;
          break;
        case 'date_created':
          keys[i] = index.createdMs[i];
          break;
        case 'date_updated':
          keys[i] = index.updatedMs[i];
          break;
        case 'confidence':
          keys[i] = numeric(o.confidence);
          break;
        case 'value':
          keys[i] = numeric(o.value);
          break;
        case 'annualized_value':
          keys[i] = numeric(o.annualized_value);
          break;
        case 'annualized_expected_value':
          keys[i] = numeric(o.annualized_expected_value);
          break;
      }
    }
  }
  memo.sortKeys.set(field, keys);
  return keys;
}

/** Each opportunity's position in id order, for a stable tie-break without comparing strings on every sort. */
function idRanks(dataset: Dataset, memo: SortMemo): Int32Array {
  if (memo.idRank) return memo.idRank;
  const ids = dataset.opportunities.map((o, i) => [o.id, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Int32Array(ids.length);
  ids.forEach(([, position], r) => (rank[position] = r));
  memo.idRank = rank;
  return rank;
}

/** Sorts positions in dataset.opportunities in place. */
export function sortPositions(dataset: Dataset, positions: number[], order: Order, index: Index): void {
  const memo = memoOf(dataset);
  const keys = sortKeys(dataset, order.field, index, memo);
  const ids = idRanks(dataset, memo);
  const direction = order.descending ? -1 : 1;
  positions.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka !== kb) {
      const aNull = ka !== ka;
      const bNull = kb !== kb;
      if (aNull && !bNull) return 1; // nulls last, whatever the direction
      if (bNull && !aNull) return -1;
      if (!aNull) return ka < kb ? -direction : direction;
    }
    return ids[a] - ids[b];
  });
}
