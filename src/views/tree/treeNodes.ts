// The nodes of the tree: an opportunity, a group, "Load more", a page that failed, and the list of one pager.
// No 'vscode' here: the provider turns these nodes into TreeItems.
import type { GroupSummary } from '../../close/client';
import type { GroupingField } from '../../close/types';
import { OpportunityPager, type FetchPage } from './pager';
import { groupNodeId, type OpportunityRow } from './rows';

export class OpportunityNode {
  readonly kind = 'opportunity';
  readonly id: string;
  constructor(
    readonly row: OpportunityRow,
    readonly parent: GroupNode | undefined,
    /** The list the row is in, which knows its other rows. */
    readonly list?: PagedList,
  ) {
    this.id = parent ? `${parent.id}/opportunity:${row.id}` : `opportunity:${row.id}`;
  }
}

/** "Load more (100 of 2,345)" at the end of a list that has more. */
export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id: string;
  constructor(
    readonly list: PagedList,
    readonly parent: GroupNode | undefined,
  ) {
    this.id = `${parent?.id ?? 'root'}/loadMore`;
  }
}

/** A page that failed: what was loaded stays above it; Retry loads the same page again. */
export class ErrorNode {
  readonly kind = 'error';
  readonly id: string;
  constructor(
    readonly error: unknown,
    readonly retry: () => Promise<void>,
    readonly parent: GroupNode | undefined,
  ) {
    this.id = `${parent?.id ?? 'root'}/error`;
  }
}

/** The rows of one pager as tree nodes, created once per row so VS Code can refresh them by identity. */
export class PagedList {
  private readonly nodes: OpportunityNode[] = [];
  readonly loadMoreNode: LoadMoreNode;
  private errorNode: ErrorNode | undefined;

  constructor(
    readonly pager: OpportunityPager,
    readonly parent: GroupNode | undefined,
  ) {
    this.loadMoreNode = new LoadMoreNode(this, parent);
  }

  /** Opportunities per lead among the loaded rows, counted again when a page arrives. */
  private leads = { rows: -1, counts: new Map<string, number>() };

  /** Whether another loaded row of this list is an opportunity of the same lead. */
  sharesLead(row: OpportunityRow): boolean {
    const rows = this.pager.rows;
    if (this.leads.rows !== rows.length) {
      const counts = new Map<string, number>();
      for (const r of rows) if (r.lead_id) counts.set(r.lead_id, (counts.get(r.lead_id) ?? 0) + 1);
      this.leads = { rows: rows.length, counts };
    }
    return row.lead_id !== undefined && (this.leads.counts.get(row.lead_id) ?? 0) > 1;
  }

  get opportunityNodes(): readonly OpportunityNode[] {
    const rows = this.pager.rows;
    for (let i = this.nodes.length; i < rows.length; i++) this.nodes.push(new OpportunityNode(rows[i], this.parent, this));
    return this.nodes;
  }

  children(): TreeNode[] {
    const children: TreeNode[] = [...this.opportunityNodes];
    if (this.pager.error !== undefined) {
      if (this.errorNode?.error !== this.pager.error) {
        this.errorNode = new ErrorNode(this.pager.error, () => this.pager.loadMore(), this.parent);
      }
      children.push(this.errorNode);
    } else if (this.pager.hasMore && this.pager.started) {
      children.push(this.loadMoreNode);
    }
    return children;
  }
}

export class GroupNode {
  readonly kind = 'group';
  readonly id: string;
  readonly list: PagedList;

  constructor(
    readonly summary: GroupSummary,
    readonly field: GroupingField,
    readonly label: string,
    fetchPage: FetchPage,
    pageSize: number,
    signal: AbortSignal,
    changed: (node: GroupNode) => void,
  ) {
    this.id = groupNodeId(field, summary);
    const pager = new OpportunityPager(fetchPage, pageSize, signal, summary.total_results, () => changed(this));
    this.list = new PagedList(pager, this);
  }
}

export type TreeNode = OpportunityNode | GroupNode | LoadMoreNode | ErrorNode;
