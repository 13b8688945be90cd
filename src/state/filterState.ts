import * as vscode from 'vscode';
import { DEFAULT_ORDER, type OpportunityFilter } from '../close/filter';

/**
 * The one filter the user is looking at. The tree, the summary webview, the status bar and the palette
 * commands all read it and write it here; every change fires `onDidChange` once.
 */
export class FilterState implements vscode.Disposable {
  private current: OpportunityFilter = { order_by: DEFAULT_ORDER };
  private firstScreen = false;
  private readonly changed = new vscode.EventEmitter<OpportunityFilter>();
  readonly onDidChange = this.changed.event;

  get filter(): OpportunityFilter {
    return this.current;
  }

  /** True while the filter is the first screen's (./firstScreen.ts): shown to the user, not chosen by them. */
  get isFirstScreen(): boolean {
    return this.firstScreen;
  }

  /** Replaces the whole filter. */
  set(filter: OpportunityFilter, options: { firstScreen?: boolean } = {}): void {
    this.current = { ...filter, order_by: filter.order_by ?? DEFAULT_ORDER };
    this.firstScreen = options.firstScreen === true;
    this.changed.fire(this.current);
  }

  /** Changes some fields; a field set to `undefined` is removed. */
  update(change: Partial<OpportunityFilter>): void {
    const next: Record<string, unknown> = { ...this.current };
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) delete next[field];
      else next[field] = value;
    }
    this.set(next);
  }

  /**
   * Removes every filter; the grouping and the sort order stay (they shape the view, they hide nothing).
   * Clear Filters in the palette and Reset in the summary both do this.
   */
  clearFilters(): void {
    // The first screen's grouping is not the user's: "everything" is its way out.
    if (this.firstScreen) return this.clear();
    const { group_by, order_by } = this.current;
    this.set(group_by ? { group_by, order_by } : { order_by });
  }

  /** Back to everything, most recently updated first. */
  clear(): void {
    this.set({});
  }

  dispose(): void {
    this.changed.dispose();
  }
}
