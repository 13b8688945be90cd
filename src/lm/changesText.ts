// The changes tool's answer: the changes since the last look that the Close view marks for its filter, as its
// summary line and tooltips word them. Pure: no 'vscode' here.
import type { OpportunityChange } from '../features/changes/changes';
import { changeLabel, changeLine, summaryLine, type ChangeTextOptions } from '../features/changes/changeText';
import { DATA_NOTICE, dataText, fenced, fitLines } from './dataFence';
import { RESULT_BUDGET } from './resultText';

export interface ChangesText {
  filterWords: string;
  /** The look the changes are counted from (ISO), undefined when no check ran for this filter yet. */
  since?: string;
  changes: readonly OpportunityChange[];
  truncated: boolean;
  now: number;
  options: ChangeTextOptions;
  today: string;
}

export function changesText(r: ChangesText): string {
  const title = 'Close — changes since the last look, for the filter the Close view shows now (as the view marks them; asking here marks nothing as seen).';
  const filter = `Filter in words: ${r.filterWords ? dataText(r.filterWords, 1000) : 'every opportunity'}`;
  if (r.since === undefined) {
    return [
      title,
      'No change check has run for this filter yet: the first look at a filter only remembers what it shows, and the next refresh of the Close view says what changed since.',
      DATA_NOTICE,
      fenced([filter]),
    ].join('\n');
  }
  const lines = r.changes.map((change) => `- ${dataText(changeLabel(change))} (${change.id}): ${dataText(changeLine(change, r.since!, r.now, r.options), 600)}`);
  const fit = fitLines(lines, RESULT_BUDGET);
  return [
    title,
    `The last look was at ${r.since} (UTC). ${r.today}`,
    `${r.changes.length} changed${r.truncated ? ' (only the most recent changes are counted)' : ''}, ${fit.shown} shown.`,
    DATA_NOTICE,
    fenced([filter, dataText(summaryLine(r.changes, r.since, r.now, r.options), 600), ...fit.lines]),
  ].join('\n');
}
