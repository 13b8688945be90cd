// The first screen: the open pipeline by stage, until the user chooses a filter, grouping or order of their own
// (remembered in globalState, so a chosen filter is never replaced by it).
import type * as vscode from 'vscode';
import { DEFAULT_ORDER, type OpportunityFilter } from '../close/filter';
import type { FilterState } from './filterState';

/** globalState: true once the user changed the filter, grouping or order. */
export const FILTER_CHOSEN_KEY = 'closeOpportunities.filterChosen';

/** Active opportunities grouped by status in pipeline order: what is in the pipeline, by stage. */
export const OPEN_PIPELINE: OpportunityFilter = {
  status_type: ['active'],
  group_by: { field: 'status_id', descending: false },
  order_by: DEFAULT_ORDER,
};

/** Shows the open pipeline by stage when the user never chose a filter; true when it did. */
export function showFirstScreen(filterState: FilterState, state: vscode.Memento): boolean {
  if (state.get<boolean>(FILTER_CHOSEN_KEY) === true) return false;
  filterState.set(OPEN_PIPELINE, { firstScreen: true });
  return true;
}

/** Remembers the first filter the user chooses, so the first screen is shown only until then. */
export function rememberChoice(filterState: FilterState, state: vscode.Memento): vscode.Disposable {
  return filterState.onDidChange(() => {
    if (!filterState.isFirstScreen && state.get<boolean>(FILTER_CHOSEN_KEY) !== true) void state.update(FILTER_CHOSEN_KEY, true);
  });
}
