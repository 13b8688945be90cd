// close_changesSinceLastLook (#closeChanges): the changes the Close view marks for its filter since the last look.
// Reads what the view's last check found; marks nothing as seen and asks Close nothing.
import type { CloseClient } from '../../close/client';
import { filterKey } from '../../features/changes/changes';
import { t } from '../../shared/l10n';
import { changesText } from '../changesText';
import { CloseTool } from './closeTool';

export class ChangesSinceLastLookTool extends CloseTool<Record<string, never>> {
  protected message(): string {
    return t('Close: changes since the last look — {0}', this.givenWords(undefined));
  }

  protected answer(_input: Record<string, never>, _client: CloseClient): Promise<string> {
    const filter = this.context.model.filter;
    const report = this.context.changes().report;
    // The report belongs to the view's filter (the tracker drops it when the filter changes).
    const current = report?.key.endsWith(`|${filterKey(filter)}`) ? report : undefined;
    return Promise.resolve(
      changesText({
        filterWords: this.words(filter),
        since: current?.since,
        changes: current?.changes ?? [],
        truncated: current?.truncated ?? false,
        now: Date.now(),
        options: { names: this.context.changeNames(), currency: this.context.money().currency },
        today: this.today(),
      }),
    );
  }
}
