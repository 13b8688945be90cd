// What the "Needs Attention" view shows: one node per kind with its count and totals from the review, each
// listing its opportunities page by page when opened, and the order the palette steps through them in.
// No 'vscode' here: the provider turns these nodes into TreeItems; the model is tested in plain Node.
import { ATTENTION_FIELDS, ATTENTION_KINDS, attentionDays, kindPager, reviewAttention, type AttentionKind, type AttentionReview } from '../../close/attention';
import { isAbortError } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import type { CloseClient } from '../../close/client';
import type { Opportunity } from '../../close/types';
import { LoadGenerations, OpportunityPager, type FetchPage, type LoadToken } from '../tree/pager';
import { ROW_FIELDS, toRow, type OpportunityRow } from '../tree/rows';
import { PagedList, type OpportunityNode, type TreeNode } from '../tree/treeNodes';

/** A row of this view: the tree's row and why it needs attention. */
export type AttentionRow = OpportunityRow & Partial<Pick<Opportunity, (typeof ATTENTION_FIELDS)[number]>>;

/** The fields a row of this view asks for. */
export const ATTENTION_ROW_FIELDS = [...ROW_FIELDS, ...ATTENTION_FIELDS];

export function toAttentionRow(o: Partial<Opportunity> & { id: string }): AttentionRow {
  const row: AttentionRow = toRow(o);
  if (o.is_stalled !== undefined) row.is_stalled = o.is_stalled;
  if (o.stall_status) row.stall_status = o.stall_status;
  if (o.suggested_action) row.suggested_action = o.suggested_action;
  return row;
}

export class AttentionKindNode {
  readonly kind = 'attentionKind';
  readonly id: string;
  constructor(
    readonly attentionKind: AttentionKind,
    readonly review: AttentionReview,
    readonly list: PagedList,
  ) {
    this.id = `attention:${attentionKind}`;
  }

  get total(): number {
    return this.review.kinds[this.attentionKind].total_results;
  }
}

export type AttentionNode = AttentionKindNode | TreeNode;

export type AttentionState =
  | { kind: 'idle' }
  | { kind: 'disconnected' }
  | { kind: 'loading' }
  | { kind: 'loaded'; review: AttentionReview; kinds: AttentionKindNode[] }
  | { kind: 'error'; error: unknown };

export interface AttentionDependencies {
  client(): Promise<Pick<CloseClient, 'listOpportunities'> | undefined>;
  pageSize(): number;
  quietDays(): number;
  now?(): Date;
  /** Every load in progress, for a progress indicator. */
  track?(load: Promise<unknown>): void;
}

/** One opportunity to step to: the kind it is shown under and its node. */
export interface AttentionStep {
  kind: AttentionKindNode;
  node: OpportunityNode;
}

export class AttentionModel {
  private readonly generations = new LoadGenerations();
  private current: AttentionState = { kind: 'idle' };
  private loading: Promise<void> | undefined;
  private readonly listeners = new Set<(node: AttentionKindNode | undefined) => void>();

  constructor(
    private readonly deps: AttentionDependencies,
    private currentFilter: OpportunityFilter,
  ) {}

  /** Fires with the kind whose list changed, or undefined for the whole view. */
  onDidChange(listener: (node: AttentionKindNode | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get state(): AttentionState {
    return this.current;
  }

  get filter(): OpportunityFilter {
    return this.currentFilter;
  }

  get started(): boolean {
    return this.current.kind !== 'idle';
  }

  get isLoading(): boolean {
    return this.loading !== undefined;
  }

  /** Loads the review if it is not loaded yet. */
  start(): Promise<void> {
    if (this.current.kind === 'idle') return this.reload();
    return this.loading ?? Promise.resolve();
  }

  /** A new filter: reloads if the view was ever shown. */
  setFilter(filter: OpportunityFilter): Promise<void> {
    this.currentFilter = filter;
    return this.started ? this.reload() : Promise.resolve();
  }

  reload(): Promise<void> {
    const token = this.generations.begin();
    this.current = { kind: 'loading' };
    const load = this.load(token).finally(() => {
      if (this.loading === load) this.loading = undefined;
      if (token.isCurrent()) this.fire(undefined);
    });
    this.loading = load;
    this.deps.track?.(load);
    this.fire(undefined);
    return load;
  }

  async children(node?: AttentionNode): Promise<AttentionNode[]> {
    if (!node) {
      await this.start();
      while (this.current.kind === 'loading' && this.loading) await this.loading;
      return this.current.kind === 'loaded' ? this.current.kinds : [];
    }
    if (node.kind !== 'attentionKind') return [];
    const pager = node.list.pager;
    if (!pager.started) await this.track(pager.loadMore());
    return node.list.children();
  }

  /** The kind a row, "Load more" or error node is listed under. */
  parent(node: AttentionNode): AttentionKindNode | undefined {
    if (node.kind === 'attentionKind' || this.current.kind !== 'loaded') return undefined;
    return this.current.kinds.find((k) => {
      const list = k.list;
      return list.loadMoreNode === node || list.children().includes(node);
    });
  }

  /**
   * The opportunity after (or before) `from` in the review's order: kind by kind, each opportunity once (the
   * first kind it is in). Loads a kind's first page, or its next page at the end of its rows, as stepping
   * reaches it; wraps around at either end.
   */
  async step(from: AttentionStep | undefined, direction: 1 | -1): Promise<AttentionStep | undefined> {
    await this.start();
    while (this.current.kind === 'loading' && this.loading) await this.loading;
    const state = this.current;
    if (state.kind !== 'loaded') return undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const steps = await this.steps(state.kinds);
      if (steps.length === 0) return undefined;
      const at = from ? steps.findIndex((s) => s.node.row.id === from.node.row.id) : -1;
      const next = at + direction;
      if (direction === 1) {
        // Rows of a kind's next pages come before the next kind's (or before wrapping around).
        const fromKind = at >= 0 ? state.kinds.indexOf(steps[at].kind) : 0;
        const toKind = next < steps.length ? state.kinds.indexOf(steps[next].kind) : state.kinds.length;
        const pending = state.kinds.slice(fromKind, toKind).find((k) => k.list.pager.hasMore && k.list.pager.error === undefined);
        if (pending) {
          await this.track(pending.list.pager.loadMore());
          if (pending.list.pager.error === undefined) continue;
        }
        return steps[next < steps.length ? next : 0];
      }
      return steps[next >= 0 ? next : steps.length - 1];
    }
    return undefined;
  }

  dispose(): void {
    this.generations.cancel();
    this.listeners.clear();
  }

  private async steps(kinds: readonly AttentionKindNode[]): Promise<AttentionStep[]> {
    const steps: AttentionStep[] = [];
    const seen = new Set<string>();
    for (const kind of kinds) {
      if (kind.total > 0 && !kind.list.pager.started) await this.track(kind.list.pager.loadMore());
      for (const node of kind.list.opportunityNodes) {
        if (seen.has(node.row.id)) continue;
        seen.add(node.row.id);
        steps.push({ kind, node });
      }
    }
    return steps;
  }

  private track(load: Promise<void>): Promise<void> {
    this.deps.track?.(load);
    return load;
  }

  private async load(token: LoadToken): Promise<void> {
    const filter = this.currentFilter;
    try {
      const client = await this.deps.client();
      if (!token.isCurrent()) return;
      if (!client) {
        this.current = { kind: 'disconnected' };
        return;
      }
      const days = attentionDays(this.deps.now?.() ?? new Date(), this.deps.quietDays());
      const review = await reviewAttention(client, filter, days, token.signal);
      if (!token.isCurrent()) return;
      const pageSize = Math.max(1, Math.min(100, Math.floor(this.deps.pageSize() || 100)));
      const kinds = ATTENTION_KINDS.map((kind) => {
        let node: AttentionKindNode | undefined = undefined;
        const pager = new OpportunityPager(this.fetcher(client, filter, kind, review), pageSize, token.signal, review.kinds[kind].total_results, () => {
          if (token.isCurrent() && node) this.fire(node);
        });
        node = new AttentionKindNode(kind, review, new PagedList(pager, undefined));
        return node;
      });
      this.current = { kind: 'loaded', review, kinds };
    } catch (error) {
      if (!token.isCurrent() || isAbortError(error)) return;
      this.current = { kind: 'error', error };
    }
  }

  private fetcher(client: Pick<CloseClient, 'listOpportunities'>, filter: OpportunityFilter, kind: AttentionKind, review: AttentionReview): FetchPage {
    const page = kindPager(client, filter, kind, review, ATTENTION_ROW_FIELDS);
    return async (skip, limit, signal) => {
      const answer = await page(skip, limit, signal);
      return { rows: answer.objects.map((o) => toAttentionRow(o as Opportunity)), total: answer.total, hasMore: answer.hasMore, advancedBy: answer.advancedBy };
    };
  }

  private fire(node: AttentionKindNode | undefined): void {
    for (const listener of [...this.listeners]) listener(node);
  }
}
