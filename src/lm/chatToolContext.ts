// What the chat tools are built from: the extension's own services, tree model and change tracking, so that
// a tool asks Close as the tree does and answers with the numbers the summary shows.
import type { MoneyContext } from '../close/format';
import type { ChangeTracker } from '../features/changes/changeTracker';
import type { Services } from '../state/services';
import type { ChangeNames } from '../features/changes/changeText';
import type { OpportunitiesModel } from '../views/tree/opportunitiesModel';

export interface ChatToolContext {
  services: Services;
  /** The tree's model: its filter is "the filter the Close view shows now". */
  model: OpportunitiesModel;
  money: () => MoneyContext;
  /** The change tracker (started on first use). */
  changes: () => ChangeTracker;
  changeNames: () => ChangeNames;
  /** The setting the tree's status and pipeline groups follow. */
  showEmptyStatuses: () => boolean;
}
