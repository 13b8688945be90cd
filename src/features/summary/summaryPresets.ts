// The date presets of the summary form, from the palette's own list (commands/dateRanges.ts), with their
// real days as of now. Pure: the extension computes them in the user's time zone and posts them.
import { FORM_FIELDS } from '../../close/filterFields';
import { describeRange } from '../../shared/filterDescription';
import { untranslated, type Translate } from '../../shared/text';
import { datePresetsFor, presetLabel, presetRange, presetStatusTypes } from '../../commands/dateRanges';
import type { DatePresetChoice, DatePresetChoices } from './protocol';
import { rangeForm } from './summaryForm';

/** Each date field's presets as of the user's calendar day `today`: "This month · 2026-12-01 – 2026-12-31". */
export function datePresetChoices(today: Date, t: Translate = untranslated): DatePresetChoices {
  const fields = FORM_FIELDS.filter((field) => field.kind === 'date');
  return Object.fromEntries(
    fields.map((field) => [
      field.key,
      datePresetsFor(field.key).map((preset): DatePresetChoice => {
        const range = presetRange(preset, today);
        const statusTypes = presetStatusTypes(preset);
        const choice: DatePresetChoice = { preset, label: `${presetLabel(preset, t)} · ${describeRange(range, t)}`, form: rangeForm(range) };
        if (statusTypes) choice.status_type = [...statusTypes];
        return choice;
      }),
    ]),
  );
}
