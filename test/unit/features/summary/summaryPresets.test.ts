import * as assert from 'node:assert/strict';
import { datePresetsFor, presetRange } from '../../../../src/commands/dateRanges';
import { datePresetChoices } from '../../../../src/features/summary/summaryPresets';
import { filterFromForm, formFromFilter } from '../../../../src/features/summary/summaryForm';
import type { FilterForm } from '../../../../src/features/summary/protocol';

/** Sunday 6 December 2026, mid-morning in the user's own calendar. */
const TODAY = new Date(2026, 11, 6, 10, 30);

describe('the presets of the summary form', () => {
  it('offers each date field the palette’s presets, in the palette’s order', () => {
    const presets = datePresetChoices(TODAY);
    for (const key of ['date_won', 'date_updated', 'date_created'] as const) {
      assert.deepEqual(
        presets[key]?.map((p) => p.preset),
        datePresetsFor(key),
        key,
      );
    }
    assert.ok(presets.date_won?.some((p) => p.preset === 'next_30_days'));
    assert.ok(!presets.date_updated?.some((p) => p.preset === 'overdue'));
  });

  it('shows each preset with its real days as of today', () => {
    const labels = Object.fromEntries((datePresetChoices(TODAY).date_won ?? []).map((p) => [p.preset, p.label]));
    assert.equal(labels.this_month, 'This month · 2026-12-01 – 2026-12-31');
    assert.equal(labels.yesterday, 'Yesterday · 2026-12-05 – 2026-12-05');
    assert.equal(labels.this_week, 'This week · 2026-11-30 – 2026-12-06');
    assert.equal(labels.next_30_days, 'Next 30 days · 2026-12-06 – 2027-01-04');
    assert.equal(labels.overdue, 'Overdue (active, close date before today) · before 2026-12-06');
  });

  it('fills the field so that Apply sends the same dates as the palette’s preset', () => {
    const presets = datePresetChoices(TODAY);
    for (const [key, choices] of Object.entries(presets)) {
      for (const choice of choices ?? []) {
        const form: FilterForm = { ...formFromFilter({}), [key]: choice.form };
        assert.deepEqual(filterFromForm({}, form)[key as 'date_won'], presetRange(choice.preset as 'today', TODAY), `${key} ${choice.preset}`);
      }
    }
  });

  it('has "overdue" set the status to active, like the palette', () => {
    const overdue = datePresetChoices(TODAY).date_won?.find((p) => p.preset === 'overdue');
    assert.deepEqual(overdue?.form, { form: 'before', from: '2026-12-06', to: '' });
    assert.deepEqual(overdue?.status_type, ['active']);
    assert.equal(datePresetChoices(TODAY).date_won?.find((p) => p.preset === 'this_month')?.status_type, undefined);
  });

  it('is translated by the t it is given', () => {
    const t = (message: string, ...args: (string | number | boolean)[]) => `[${message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]))}]`;
    assert.equal(datePresetChoices(TODAY, t).date_created?.find((p) => p.preset === 'today')?.label, '[Today] · 2026-12-06 – 2026-12-06');
  });
});
