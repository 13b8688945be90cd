import * as assert from 'node:assert/strict';
import type { OpportunityFilter } from '../../../src/close/filter';
import { FILTER_FIELDS, FIXED_CHOICES, type FilterField } from '../../../src/close/filterFields';
import { untranslated } from '../../../src/close/translate';
import { fieldOfQualifier, LINE_EXAMPLE, LINE_FIELDS, parseLine, printLine, qualifierOf, tokenize, type LineContext } from '../../../src/commands/filterLine';
import { presetRange } from '../../../src/commands/dateRanges';

/** 2026-12-06, a Sunday in the fourth quarter. */
const today = new Date(2026, 11, 6, 12);
const ctx: LineContext = {
  t: untranslated,
  today,
  me: 'user_me',
  choices: {
    users: [
      { value: 'user_me', name: 'Mia Meyer' },
      { value: 'user_alice', name: 'Alice Anders' },
      { value: 'user_alina', name: 'Alina Berg' },
    ],
    statuses: [
      { value: 'stat_demo', name: 'Demo Scheduled' },
      { value: 'stat_won', name: 'Won' },
    ],
    statusLabels: [
      { value: 'Demo Scheduled', name: 'Demo Scheduled' },
      { value: 'Won', name: 'Won' },
    ],
    smartViews: [{ value: 'save_q4', name: 'Q4 renewals' }],
  },
};

/** A value of the field's kind, as a user could set it, for the walk over every declaration. */
function sampleValue(field: FilterField): unknown {
  switch (field.kind) {
    case 'several': {
      const fixed = FIXED_CHOICES[field.source];
      if (fixed) return [fixed[fixed.length - 1]];
      return [ctx.choices[field.source as keyof LineContext['choices']]![1].value];
    }
    case 'one':
      return ctx.choices.smartViews![0].value;
    case 'date':
      return presetRange('last_month', today);
    case 'text':
      return 'renewal "big" deal';
    case 'id':
      return `${field.prefix}_abc123`;
    case 'yesNo':
      return false;
  }
}

describe('the filter line', () => {
  it('gives every field the palette offers a qualifier that prints and reads back its value, and leaves out the others', () => {
    for (const field of FILTER_FIELDS) {
      if (!field.palette) {
        assert.equal(fieldOfQualifier(qualifierOf(field)) === field, false, `${field.key} is not offered`);
        continue;
      }
      const filter = { [field.key]: sampleValue(field) } as OpportunityFilter;
      const line = printLine(filter, ctx);
      assert.ok(line.startsWith(`${qualifierOf(field)}:`), `${field.key}: ${line}`);
      const read = parseLine(line, ctx);
      // Quotes inside a text are not kept (the line has no escape for them).
      const expected = field.kind === 'text' ? { [field.key]: 'renewal big deal' } : filter;
      assert.deepEqual(read, { filter: expected }, `${field.key}: ${line}`);
      assert.equal(fieldOfQualifier(field.key), field, `${field.key} by its query name`);
    }
  });

  it('names each field once, from its English label', () => {
    const names = LINE_FIELDS.map(qualifierOf);
    assert.equal(new Set(names).size, names.length, names.join(' '));
    assert.equal(qualifierOf(FILTER_FIELDS.find((f) => f.key === 'user_id')!), 'owner');
    assert.equal(qualifierOf(FILTER_FIELDS.find((f) => f.key === 'status_type')!), 'status-type');
  });

  it('reads several fields at once: "me", a status type and a period of the close date', () => {
    assert.deepEqual(parseLine(LINE_EXAMPLE, ctx), { filter: { user_id: ['user_me'], status_type: ['won'], date_won: { gte: '2026-10-01', lte: '2026-12-31' } } });
  });

  it('reads owners by part of their name, quoted names, lists, and ids as they are', () => {
    assert.deepEqual(parseLine('owner:alice', ctx).filter, { user_id: ['user_alice'] });
    assert.deepEqual(
      parseLine('owner:"Alina Berg",me,user_other', ctx).problem,
      'owner: nothing is named “user_other”. Choose from: me, Mia Meyer, Alice Anders, Alina Berg.',
    );
    assert.deepEqual(parseLine('owner:"Alina Berg",ME,user_alice', ctx).filter, { user_id: ['user_alina', 'user_me', 'user_alice'] });
  });

  it('reads the forms of a day: on, after, before and between', () => {
    assert.deepEqual(parseLine('date-created:2026-03-01', ctx).filter, { date_created: { eq: '2026-03-01' } });
    assert.deepEqual(parseLine('date-created:>2026-03-01', ctx).filter, { date_created: { gt: '2026-03-01' } });
    assert.deepEqual(parseLine('date-created:<2026-03-01', ctx).filter, { date_created: { lt: '2026-03-01' } });
    assert.deepEqual(parseLine('date-created:2026-03-01..2026-03-31', ctx).filter, { date_created: { gte: '2026-03-01', lte: '2026-03-31' } });
    assert.deepEqual(parseLine('date-created:..2026-03-31', ctx).filter, { date_created: { lte: '2026-03-31' } });
    assert.deepEqual(parseLine('close-date:overdue', ctx).filter, { date_won: { lt: '2026-12-06' }, status_type: ['active'] });
  });

  it('says what is wrong with a line, and sets nothing', () => {
    assert.equal(parseLine('owner:zed', ctx).problem, 'owner: nothing is named “zed”. Choose from: me, Mia Meyer, Alice Anders, Alina Berg.');
    assert.equal(parseLine('owner:Al', ctx).problem?.startsWith('owner: nothing is named “Al”'), true, 'a whole word of a name is needed');
    const twoAlices = { ...ctx, choices: { ...ctx.choices, users: [...ctx.choices.users!, { value: 'user_cole', name: 'Alice Cole' }] } };
    assert.equal(parseLine('owner:alice', twoAlices).problem, 'owner: “alice” could be Alice Anders, Alice Cole; write more of the name.');
    assert.equal(parseLine('colour:red status-type:won', ctx).problem?.startsWith('“colour” is not a filter. Filters: status-type: status: status-label: owner:'), true);
    assert.equal(parseLine('close-date:2026-13-01', ctx).problem, 'close-date: 2026-13-01 is not a date in the calendar.');
    assert.equal(parseLine('close-date:next-decade', ctx).problem?.startsWith('close-date: “next-decade” is not a period (today, yesterday'), true);
    assert.equal(parseLine('won this quarter', ctx).problem, `“won” is not a filter: write name:value, e.g. ${LINE_EXAMPLE}.`);
    assert.equal(parseLine('stalled:maybe', ctx).problem, 'stalled: write yes or no.');
    assert.equal(parseLine('owner:', ctx).problem, 'owner: give a value after the colon.');
    assert.equal(parseLine('lead:acme', ctx).problem?.startsWith('lead: Paste a lead id'), true);
  });

  it('says "me" cannot be read when Close did not say who the key belongs to', () => {
    assert.equal(parseLine('owner:me', { ...ctx, me: undefined }).problem, 'owner: who “me” is could not be asked of Close.');
  });

  it('splits a line into qualifiers and values, quotes kept together', () => {
    assert.deepEqual(tokenize('owner:"Alice Anders",me  search-text:"a b" x'), [
      { qualifier: 'owner', values: ['Alice Anders', 'me'], start: 0 },
      { qualifier: 'search-text', values: ['a b'], start: 25 },
      { values: ['x'], start: 43 },
    ]);
  });
});
