import * as assert from 'node:assert/strict';
import { untranslated } from '../../../src/close/translate';
import { LINE_FIELDS, parseLine, qualifierOf, type LineContext } from '../../../src/commands/filterLine';
import { lineCompletions, linePreview } from '../../../src/commands/filterLineCompletions';

const ctx: LineContext = {
  t: untranslated,
  today: new Date(2026, 11, 6, 12),
  me: 'user_me',
  choices: {
    users: [
      { value: 'user_me', name: 'Mia Meyer' },
      { value: 'user_alice', name: 'Alice Anders' },
    ],
    statusLabels: [{ value: 'Won', name: 'Won' }],
  },
};

describe('the filter line’s completions', () => {
  it('offers every qualifier while no colon is typed, then those with a word that starts with what is typed ("da" finds close-date)', () => {
    assert.deepEqual(
      lineCompletions('', ctx).map((c) => c.label),
      LINE_FIELDS.map((field) => `${qualifierOf(field)}:`),
    );
    assert.deepEqual(lineCompletions('owner:me da', ctx), [
      { label: 'close-date:', description: 'Close Date (Expected or Won)', line: 'owner:me close-date:' },
      { label: 'date-created:', description: 'Date Created', line: 'owner:me date-created:' },
      { label: 'date-updated:', description: 'Date Updated', line: 'owner:me date-updated:' },
    ]);
  });

  it('offers the owners with "me" first, by name, quoted when the name has a space', () => {
    assert.deepEqual(lineCompletions('owner:', ctx), [
      { label: 'owner:me', description: 'Me · Mia Meyer', line: 'owner:me ' },
      { label: 'owner:Mia Meyer', description: undefined, line: 'owner:"Mia Meyer" ' },
      { label: 'owner:Alice Anders', description: undefined, line: 'owner:"Alice Anders" ' },
    ]);
    assert.deepEqual(
      lineCompletions('status-type:won owner:me,an', ctx).map((c) => c.line),
      ['status-type:won owner:me,"Alice Anders" '],
    );
  });

  it('offers the periods of a date field with their days, and fixed lists by value with their words', () => {
    const periods = lineCompletions('close-date:this-q', ctx);
    assert.deepEqual(periods, [{ label: 'close-date:this-quarter', description: 'This quarter · 2026-10-01 – 2026-12-31', line: 'close-date:this-quarter ' }]);
    assert.deepEqual(
      lineCompletions('value-period:', ctx).map((c) => `${c.label} (${c.description})`),
      ['value-period:one_time (One-time)', 'value-period:monthly (Monthly)', 'value-period:annual (Annual)'],
    );
    assert.deepEqual(
      lineCompletions('stalled:', ctx).map((c) => c.label),
      ['stalled:yes', 'stalled:no'],
    );
    assert.deepEqual(lineCompletions('colour:', ctx), []);
  });

  it('completes to lines that read without a problem', () => {
    for (const line of ['owner:', 'close-date:', 'status-type:', 'value-period:', 'stalled:', 'status-label:']) {
      for (const completion of lineCompletions(line, ctx)) assert.equal(parseLine(completion.line, ctx).problem, undefined, completion.line);
    }
  });

  it('shows names from Close as text: a quick pick turns $(name) into an icon, in the completions and the line’s words', () => {
    const icons = (text: string | undefined) => [...(text ?? '').matchAll(/\$\(([a-z-~]+)\)/g)].map((m) => m[1]);
    const hostile: LineContext = {
      ...ctx,
      me: 'user_evil',
      choices: {
        users: [{ value: 'user_evil', name: '$(sync~spin) Eve' }],
        statusLabels: [{ value: '$(check) Won', name: '$(check) Won' }],
      },
    };
    for (const completion of [...lineCompletions('owner:', hostile), ...lineCompletions('status-label:', hostile)]) {
      assert.deepEqual([...icons(completion.label), ...icons(completion.description)], [], completion.label);
    }
    // Taking the completion still writes the name itself.
    assert.equal(lineCompletions('owner:$', hostile)[0].line, 'owner:"$(sync~spin) Eve" ');
    const names = { users: new Map([['user_evil', '$(sync~spin) Eve']]) };
    const applied = linePreview('owner:"$(sync~spin) Eve"', hostile, names);
    assert.deepEqual(applied.apply, { user_id: ['user_evil'] });
    assert.deepEqual(icons(applied.label), ['check']);
    assert.match(applied.label, /Eve/);
    // A problem lists the names it could be: as text too.
    assert.deepEqual(icons(linePreview('owner:nobody', hostile, names).label), ['error']);
  });

  it('completes a name with quotes to a line that reads as that name', () => {
    const quotes: LineContext = {
      ...ctx,
      choices: { users: [{ value: 'user_bob', name: 'Robert "Bob" Smith' }], statusLabels: [{ value: 'Won "big"', name: 'Won "big"' }] },
    };
    for (const line of ['owner:rob', 'status-label:won']) {
      const [completion] = lineCompletions(line, quotes);
      assert.deepEqual(
        parseLine(completion.line, quotes),
        { filter: line.startsWith('owner') ? { user_id: ['user_bob'] } : { status_label: ['Won "big"'] } },
        completion.line,
      );
    }
  });
});
