// Each organization keeps its own filter in this window (its status and user ids mean nothing to another one).
import type { OpportunityFilter } from '../close/filter';
import type { Connection } from './connection';
import type { FilterState } from './filterState';
import { OPEN_PIPELINE } from './firstScreen';

export class OrganizationFilters {
  private shown: string | undefined;
  private known = false;
  private readonly filters = new Map<string | undefined, { filter: OpportunityFilter; firstScreen: boolean }>();
  /** True while the filter is set because the organization changed. */
  switching = false;

  constructor(
    private readonly connection: Connection,
    private readonly filterState: FilterState,
  ) {
    void connection.ready.then(() => {
      this.shown = connection.activeAccount?.id;
      this.known = true;
    });
  }

  /**
   * The connection changed: when it shows another organization now, its own filter (none yet: the first screen
   * while the user never chose a filter, else everything) replaces the one shown, which is kept for later. True when that happened (the filter's change loads).
   */
  switched(): boolean {
    const id = this.connection.activeAccount?.id;
    if (!this.known || id === this.shown) return false;
    const firstScreen = this.filterState.isFirstScreen;
    this.filters.set(this.shown, { filter: this.filterState.filter, firstScreen });
    this.shown = id;
    this.switching = true;
    try {
      const own = this.filters.get(id) ?? (firstScreen ? { filter: OPEN_PIPELINE, firstScreen } : { filter: {}, firstScreen });
      this.filterState.set(own.filter, { firstScreen: own.firstScreen });
    } finally {
      this.switching = false;
    }
    return true;
  }
}
