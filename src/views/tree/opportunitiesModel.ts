// What the tree shows, loaded from Close: the root list or the groups, each paged, for the current filter.
// No 'vscode' here: the provider turns these nodes into TreeItems; the model is tested in plain Node.
import type { CloseClient, GroupSummary } from '../../close/client';
import { isAbortError } from '../../close/errors';
import type { GroupBy, OpportunityFilter } from '../../close/filter';
import type { Aggregates, OpportunityListResponse, Pipeline } from '../../close/types';
import { discoverGroups } from './keptPipelines';
import { groupNodes, lazyLister, type OpportunityLister } from './groupNodes';
import type { OfflineSnapshot } from '../../features/offline/offlineResults';
import type { ModelDependencies, OfflineState, RefreshingState } from './modelDependencies';

export type { OfflineState, RefreshingState } from './modelDependencies';
import { LoadGenerations, OpportunityPager, type FetchPage, type LoadToken } from './pager';
import { ROW_FIELDS, toRow, type OpportunityRow } from './rows';
import { ErrorNode, PagedList, type GroupNode, type LoadMoreNode, type OpportunityNode, type TreeNode } from './treeNodes';

export type RootState =
  /** Not asked for yet: nothing is fetched until a view shows it or a command needs it. */
  | { kind: 'idle' }
  | { kind: 'disconnected' }
  | { kind: 'loading' }
  | { kind: 'list'; list: PagedList }
  | { kind: 'groups'; groups: GroupNode[] }
  | { kind: 'error'; error: unknown; node: ErrorNode };

function totalsOf(response: Aggregates): Aggregates {
  const { total_results, count_by_value_period, ...rest } = response as Aggregates & { data?: unknown; has_more?: unknown };
  const money: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (k.startsWith('total_value_') || k.startsWith('expected_value_')) money[k] = v;
  return { total_results, count_by_value_period, ...money } as Aggregates;
}

/**
 * The root of the tree for one filter at a time. A new filter (or refresh, or connection) starts a new
 * load generation: the previous one is aborted and nothing it answers late is applied.
 */
export class OpportunitiesModel {
  private readonly generations = new LoadGenerations();
  private state: RootState = { kind: 'idle' };
  private currentFilter: OpportunityFilter;
  private totals: Aggregates | undefined;
  private offlineState: OfflineState | undefined;
  /** The pipelines the groups shown were counted with, kept with them. */
  private pipelinesUsed: Pipeline[] | undefined;
  private refreshingState: RefreshingState | undefined;
  private loadedAt: number | undefined;
  private loadingRoot: Promise<void> | undefined;
  /** Resolves once the current load shows something: the kept results, or what Close answered. */
  private rootShown: Promise<void> = Promise.resolve();
  private isStarted = false;
  private readonly treeListeners = new Set<(node: GroupNode | undefined) => void>();
  private readonly totalsListeners = new Set<() => void>();

  constructor(
    private readonly deps: ModelDependencies,
    filter: OpportunityFilter,
  ) {
    this.currentFilter = filter;
  }

  /** Fires with the group whose children changed, or undefined for the root. */
  onDidChangeTree(listener: (node: GroupNode | undefined) => void): { dispose(): void } {
    this.treeListeners.add(listener);
    return { dispose: () => this.treeListeners.delete(listener) };
  }

  /** Fires when the filter's aggregates (total, value) change or start loading. */
  onDidChangeTotals(listener: () => void): { dispose(): void } {
    this.totalsListeners.add(listener);
    return { dispose: () => this.totalsListeners.delete(listener) };
  }

  get filter(): OpportunityFilter {
    return this.currentFilter;
  }

  get root(): RootState {
    return this.state;
  }

  /** The current filter's aggregates, once its first page (or its groups) arrived. */
  get aggregates(): Aggregates | undefined {
    return this.totals;
  }

  get loading(): boolean {
    return this.loadingRoot !== undefined;
  }

  /** Set while the tree shows the last kept results of the filter because Close could not be reached. */
  get offline(): OfflineState | undefined {
    return this.offlineState;
  }

  /** Set while the tree shows the kept results of the filter until its first page arrives. */
  get refreshing(): RefreshingState | undefined {
    return this.refreshingState;
  }

  /** When the rows on screen came from Close (kept rows: when they were kept); undefined before a load. */
  get rowsAsOf(): number | undefined {
    return this.offlineState?.asOf ?? this.refreshingState?.asOf ?? this.loadedAt;
  }

  get started(): boolean {
    return this.isStarted;
  }

  /** From now on every change loads at once (a view is shown or a command asked). */
  setStarted(): void {
    this.isStarted = true;
  }

  /** Loads the root if it is not loaded yet; resolves when it is (or failed). */
  start(): Promise<void> {
    this.isStarted = true;
    if (this.state.kind === 'idle') return this.reload();
    return this.loadingRoot ?? Promise.resolve();
  }

  /** A new filter: the old load is cancelled; loads at once if the tree was ever shown. `keptFirst`: see reload. */
  setFilter(filter: OpportunityFilter, keptFirst = false): Promise<void> {
    this.currentFilter = filter;
    return this.isStarted ? this.reload(keptFirst) : this.reset();
  }

  /** Forgets everything loaded; loads again if started. `keptFirst`: the kept results show at once (another organization). */
  reload(keptFirst = false): Promise<void> {
    if (!this.isStarted) return this.reset();
    const token = this.generations.begin();
    // Nothing current on show (the start, a sign-in, an error, kept results): the filter's kept results show at once.
    const showKept = keptFirst || (this.state.kind !== 'list' && this.state.kind !== 'groups') || this.offlineState !== undefined || this.refreshingState !== undefined;
    this.state = { kind: 'loading' };
    this.totals = undefined;
    this.offlineState = undefined;
    this.refreshingState = undefined;
    let shown = () => {};
    this.rootShown = new Promise<void>((resolve) => (shown = resolve));
    const loading = this.loadRoot(token).finally(() => {
      if (this.loadingRoot === loading) this.loadingRoot = undefined;
      if (token.isCurrent()) this.fireTotals();
      shown();
    });
    // After the load began, so its requests go out first (see showKeptAtOnce); the file is read while they travel.
    if (showKept) void this.showKeptAtOnce(token).then((applied) => applied && shown());
    this.loadingRoot = loading;
    this.deps.track?.(loading);
    this.fireTree(undefined);
    this.fireTotals();
    return loading;
  }

  /** The children VS Code asks for; the root and a group's first page are loaded on first ask. */
  async children(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      void this.start();
      // Kept results answer at once; a newer load may have begun meanwhile (filter or connection changed): answer with the newest.
      while (this.state.kind === 'loading' && this.loadingRoot) await this.rootShown;
      const state = this.state;
      switch (state.kind) {
        case 'list':
          return state.list.children();
        case 'groups':
          return state.groups;
        case 'error':
          return [state.node];
        default:
          return [];
      }
    }
    if (node.kind !== 'group') return [];
    const pager = node.list.pager;
    if (!pager.started) await this.track(pager.loadMore());
    return node.list.children();
  }

  parent(node: TreeNode): GroupNode | undefined {
    return node.kind === 'group' ? undefined : node.parent;
  }

  /** Loads the next page of the list a "Load more" node belongs to. */
  loadMore(node: LoadMoreNode): Promise<void> {
    return this.track(node.list.pager.loadMore());
  }

  retry(node: ErrorNode): Promise<void> {
    return this.track(node.retry());
  }

  /** The loaded node of an opportunity, in the root list or in any group loaded so far. */
  findOpportunity(id: string): OpportunityNode | undefined {
    const state = this.state;
    const lists = state.kind === 'list' ? [state.list] : state.kind === 'groups' ? state.groups.map((g) => g.list) : [];
    for (const list of lists) {
      const found = list.opportunityNodes.find((n) => n.row.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** Every opportunity row loaded so far (for counting and tests). */
  loadedRows(): OpportunityRow[] {
    const state = this.state;
    if (state.kind === 'list') return [...state.list.pager.rows];
    if (state.kind === 'groups') return state.groups.flatMap((g) => [...g.list.pager.rows]);
    return [];
  }

  dispose(): void {
    this.generations.cancel();
    this.treeListeners.clear();
    this.totalsListeners.clear();
  }

  private reset(): Promise<void> {
    this.generations.cancel();
    this.state = { kind: 'idle' };
    this.totals = undefined;
    this.offlineState = undefined;
    this.refreshingState = undefined;
    this.loadingRoot = undefined;
    this.fireTree(undefined);
    this.fireTotals();
    return Promise.resolve();
  }

  private track(load: Promise<void>): Promise<void> {
    this.deps.track?.(load);
    return load;
  }

  private async loadRoot(token: LoadToken): Promise<void> {
    const filter = this.currentFilter;
    let client: CloseClient | undefined;
    const pageSize = Math.max(1, Math.min(100, Math.floor(this.deps.pageSize() || 100)));
    try {
      client = await this.deps.client();
      if (!token.isCurrent()) return;
      if (!client) {
        this.state = { kind: 'disconnected' };
        return;
      }
      if (filter.group_by) {
        await this.loadGroups(client, { ...filter, group_by: filter.group_by }, pageSize, token);
      } else {
        await this.loadList(client, filter, pageSize, token);
      }
      if (!token.isCurrent()) return;
      this.loadedAt = Date.now();
      this.keepForOffline(filter);
    } catch (error) {
      if (!token.isCurrent() || isAbortError(error)) return;
      if (client && (await this.showKept(client, filter, pageSize, token, error))) return;
      if (!token.isCurrent()) return;
      this.state = { kind: 'error', error, node: new ErrorNode(error, () => this.reload(), undefined) };
    } finally {
      if (token.isCurrent()) {
        // Whatever came (the page, an error, or the kept results marked offline), it is no longer the start's.
        this.refreshingState = undefined;
        this.fireTree(undefined);
      }
    }
  }

  /** The first page (or the groups) and the totals just loaded, for when Close cannot be reached later. */
  private keepForOffline(filter: OpportunityFilter): void {
    const offline = this.deps.offline;
    const state = this.state;
    if (!offline || !this.totals) return;
    const at = offline.now?.() ?? Date.now();
    if (state.kind === 'list') offline.save(filter, { at, totals: this.totals, rows: [...state.list.pager.rows] });
    else if (state.kind === 'groups') offline.save(filter, { at, totals: this.totals, groups: state.groups.map((g) => g.summary), pipelines: this.pipelinesUsed });
  }

  /**
   * Close could not be reached: shows the results kept for this filter, marked with their time, instead of
   * an error. Rows kept are all there is (no "Load more"); a group still loads its opportunities when
   * expanded, should Close answer by then.
   */
  private async showKept(client: CloseClient, filter: OpportunityFilter, pageSize: number, token: LoadToken, error: unknown): Promise<boolean> {
    const offline = this.deps.offline;
    if (!offline?.applies(error)) return false;
    const kept = await offline.load(filter).catch(() => undefined);
    if (!kept || !token.isCurrent() || !(await this.applyKept(kept, client, filter, pageSize, token, () => token.isCurrent()))) return false;
    this.refreshingState = undefined;
    this.offlineState = { asOf: kept.at, error };
    return true;
  }

  /**
   * The start (or a sign-in): the kept results of the filter, read from disk, while its first page is on its
   * way; marked as not current. The page replaces them; if Close cannot be reached they stay, marked offline.
   */
  private async showKeptAtOnce(token: LoadToken): Promise<boolean> {
    const filter = this.currentFilter;
    const kept = await this.deps.offline?.load(filter).catch(() => undefined);
    // Two loop turns first (connect, then write): the load's requests leave before the first drawing, slow with the locale's data.
    if (kept) for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    // The first page (or an error) may have come first.
    if (!kept || !token.isCurrent() || this.state.kind !== 'loading') return false;
    const pageSize = Math.max(1, Math.min(100, Math.floor(this.deps.pageSize() || 100)));
    // A kept group opened now pages its opportunities once the client is there.
    const lister = lazyLister(() => this.deps.client(), this.deps.translate);
    if (!(await this.applyKept(kept, lister, filter, pageSize, token, () => token.isCurrent() && this.state.kind === 'loading'))) return false;
    this.refreshingState = { asOf: kept.at };
    this.fireTree(undefined);
    this.fireTotals();
    return true;
  }

  /** Shows kept results as the root: false when nothing kept fits the filter, or they are no longer `wanted`. */
  private async applyKept(
    kept: OfflineSnapshot,
    client: OpportunityLister,
    filter: OpportunityFilter,
    pageSize: number,
    token: LoadToken,
    wanted: () => boolean,
  ): Promise<boolean> {
    if (filter.group_by && kept.groups) {
      if (!wanted()) return false;
      const grouped = { ...filter, group_by: filter.group_by };
      this.deps.onGroups?.(kept.groups);
      this.state = { kind: 'groups', groups: this.groupNodes(client, grouped, kept.groups, pageSize, token) };
    } else if (!filter.group_by && kept.rows) {
      const rows = kept.rows;
      this.deps.onRows?.(rows);
      const pager = new OpportunityPager(
        () => Promise.resolve({ rows, total: kept.totals.total_results, hasMore: false, advancedBy: rows.length }),
        pageSize,
        token.signal,
      );
      await pager.loadMore();
      if (!wanted()) return false;
      this.state = { kind: 'list', list: new PagedList(pager, undefined) };
    } else {
      return false;
    }
    this.totals = kept.totals;
    return true;
  }

  private async loadList(client: CloseClient, filter: OpportunityFilter, pageSize: number, token: LoadToken): Promise<void> {
    const request: OpportunityFilter = { ...filter, fields: [...ROW_FIELDS] };
    const fetchPage: FetchPage = async (skip, limit, signal) => {
      const response = (await client.listOpportunities(request, { skip, limit }, signal)) as OpportunityListResponse;
      if (token.isCurrent() && (skip === 0 || !this.totals)) this.totals = totalsOf(response);
      const rows = response.data.map(toRow);
      this.deps.onRows?.(rows);
      return { rows, total: response.total_results, hasMore: response.has_more, advancedBy: response.data.length };
    };
    const pager = new OpportunityPager(fetchPage, pageSize, token.signal, undefined, () => {
      if (token.isCurrent() && this.state.kind === 'list') this.fireTree(undefined);
    });
    await pager.loadMore();
    if (!token.isCurrent()) return;
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- whatever the first page's request threw (unknown), for loadRoot's catch
    if (pager.error !== undefined && pager.rows.length === 0) throw pager.error;
    this.state = { kind: 'list', list: new PagedList(pager, undefined) };
  }

  private async loadGroups(client: CloseClient, filter: OpportunityFilter & { group_by: GroupBy }, pageSize: number, token: LoadToken): Promise<void> {
    const { discovery, pipelines } = await discoverGroups(client, filter, this.deps, token.signal);
    if (!token.isCurrent()) return;
    this.pipelinesUsed = pipelines;
    this.deps.onGroups?.(discovery.groups);
    this.totals = totalsOf(discovery.aggregates);
    this.state = { kind: 'groups', groups: this.groupNodes(client, filter, discovery.groups, pageSize, token) };
  }

  private groupNodes(
    client: OpportunityLister,
    filter: OpportunityFilter & { group_by: GroupBy },
    summaries: readonly GroupSummary[],
    pageSize: number,
    token: LoadToken,
  ): GroupNode[] {
    return groupNodes(client, filter, summaries, {
      pageSize,
      token,
      changed: (node) => {
        if (token.isCurrent()) this.fireTree(node);
      },
      onRows: (rows) => this.deps.onRows?.(rows),
      translate: this.deps.translate,
    });
  }

  private fireTree(node: GroupNode | undefined): void {
    for (const listener of [...this.treeListeners]) listener(node);
  }

  private fireTotals(): void {
    for (const listener of [...this.totalsListeners]) listener();
  }
}
