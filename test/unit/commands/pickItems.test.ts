import * as assert from 'node:assert/strict';
import { filterMenuEntries, orderPickEntries, statusLabelPickEntries, statusPickEntries, userPickEntries } from '../../../src/commands/pickItems';
import { untranslated } from '../../../src/close/translate';
import type { OpportunityStatus, Pipeline } from '../../../src/close/types';

const typeWord = (type: string) => type[0].toUpperCase() + type.slice(1);

const statuses: OpportunityStatus[] = [
  { id: 'stat_r1', label: 'Renewed', type: 'won', pipeline_id: 'pipe_renewals' },
  { id: 'stat_a', label: 'Demo', type: 'active', pipeline_id: 'pipe_sales' },
  { id: 'stat_w', label: 'Won', type: 'won', pipeline_id: 'pipe_sales' },
];
const pipelines: Pipeline[] = [
  { id: 'pipe_sales', name: 'Sales', statuses: [] },
  { id: 'pipe_renewals', name: 'Renewals', statuses: [] },
];

describe('status and owner quick picks', () => {
  it('lists the statuses under their pipeline, in pipeline order, with the current ones picked', () => {
    const entries = statusPickEntries(statuses, pipelines, new Set(['stat_w']), typeWord);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'separator' ? `— ${e.label}` : `${e.label} (${e.description})${e.picked ? ' ✓' : ''}`)),
      ['— Sales', 'Demo (Active)', 'Won (Won) ✓', '— Renewals', 'Renewed (Won)'],
    );
  });

  it('leaves out pipeline headings when there is only one pipeline', () => {
    const entries = statusPickEntries(statuses.slice(1), pipelines.slice(0, 1), new Set(), typeWord);
    assert.ok(entries.every((e) => e.kind === 'item'));
  });

  it('lists owners by name with the current ones picked, keeping a deactivated owner of the filter', () => {
    const users = [
      { id: 'user_b', first_name: 'Björn', last_name: 'Lindqvist', email: 'b@example.com' },
      { id: 'user_a', first_name: 'Amara', last_name: 'Okafor', email: 'a@example.com' },
    ];
    const entries = userPickEntries(users, new Set(['user_b', 'user_gone']), new Map([['user_gone', 'Morgan Reyes']]));
    assert.deepEqual(
      entries.map((e) => (e.kind === 'item' ? [e.label, e.description, e.picked] : [])),
      [
        ['Amara Okafor', 'a@example.com', false],
        ['Björn Lindqvist', 'b@example.com', true],
        ['Morgan Reyes', 'not a current user', true],
      ],
    );
  });

  it('offers the key’s own user first as “Me”, with the name beside it so typing the name finds it', () => {
    const users = [
      { id: 'user_b', first_name: 'Björn', last_name: 'Lindqvist', email: 'b@example.com' },
      { id: 'user_a', first_name: 'Amara', last_name: 'Okafor', email: 'a@example.com' },
    ];
    const entries = userPickEntries(users, new Set(['user_b']), new Map(), 'not a current user', { id: 'user_b', word: 'Me' });
    assert.deepEqual(
      entries.map((e) => (e.kind === 'item' ? [e.label, e.description, e.value, e.picked] : [])),
      [
        ['Me', 'Björn Lindqvist · b@example.com', 'user_b', true],
        ['Amara Okafor', 'a@example.com', 'user_a', false],
      ],
    );
  });

  it('offers the former owners whose names were seen on opportunities, not picked', () => {
    const users = [{ id: 'user_a', first_name: 'Amara', last_name: 'Okafor' }];
    const names = new Map([
      ['user_a', 'Amara Okafor'],
      ['user_gone', 'Morgan Reyes'],
    ]);
    const entries = userPickEntries(users, new Set(), names);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'item' ? [e.label, e.description, e.value, e.picked] : [])),
      [
        ['Amara Okafor', undefined, 'user_a', false],
        ['Morgan Reyes', 'not a current user', 'user_gone', false],
      ],
    );
  });

  it('shows status, pipeline and owner names from the server as inert text, never links or icons', () => {
    const link = /\]\(|\$\(|:\/\//;
    const entries = [
      ...statusPickEntries(
        [
          { id: 'stat_x', label: '[Won](command:workbench.action.terminal.new)', type: 'won', pipeline_id: 'pipe_a' },
          { id: 'stat_y', label: '$(warning) Lost', type: 'lost', pipeline_id: 'pipe_b' },
        ],
        [
          { id: 'pipe_a', name: '![x](https://evil.com/p.png)', statuses: [] },
          { id: 'pipe_b', name: 'B', statuses: [] },
        ],
        new Set(),
        typeWord,
      ),
      ...userPickEntries(
        [{ id: 'user_e', first_name: '[Eve](https://evil.com)', last_name: null, email: '<https://evil.com>' }],
        new Set(),
        new Map([['user_f', 'www.evil.com']]),
      ),
    ];
    for (const entry of entries) {
      assert.ok(!link.test(entry.label), entry.label);
      if (entry.kind === 'item' && entry.description) assert.ok(!link.test(entry.description) && !entry.description.includes('<h'), entry.description);
    }
    assert.ok(entries.some((e) => e.label.replace(/\u2060/g, '') === '[Won](command:workbench.action.terminal.new)'));
  });
});

describe('the status label quick pick and Filter…', () => {
  it('lists each status name once, whatever the pipeline, with the current ones picked', () => {
    const both = [...statuses, { id: 'stat_r2', label: 'Won', type: 'won' as const, pipeline_id: 'pipe_renewals' }];
    const entries = statusLabelPickEntries(both, new Set(['Won']));
    assert.deepEqual(
      entries.map((e) => (e.kind === 'item' ? `${e.label}${e.picked ? ' ✓' : ''}` : e.label)),
      ['Demo', 'Renewed', 'Won ✓'],
    );
  });

  it('offers Status Label in Filter… when the organization has several pipelines, or the filter has one', () => {
    const labels = (filter: object, severalPipelines: boolean) => filterMenuEntries(filter, untranslated, { severalPipelines }).map((e) => e.label);
    assert.ok(labels({}, true).includes('$(tag) Status Label'));
    assert.ok(!labels({}, false).includes('$(tag) Status Label'));
    const set = filterMenuEntries({ status_label: ['Won', 'Signed'] }, untranslated, { severalPipelines: false }).find((e) => e.field.key === 'status_label');
    assert.equal(set?.description, '2 selected');
  });
});

describe('Group By… and Sort By… in one pick', () => {
  const choices = [
    { field: 'date_won', label: 'Close Date (Expected or Won)', naturalDescending: true, ascending: 'Oldest first', descending: 'Newest first' },
    { field: 'user_name', label: 'Owner Name', naturalDescending: false, ascending: 'A → Z', descending: 'Z → A' },
  ];

  it('lists each field in its natural order first, then each reversed under a separator, the one in use marked', () => {
    const entries = orderPickEntries(choices, { field: 'user_name', descending: true }, { current: 'current', reverse: 'Reverse order' });
    assert.deepEqual(
      entries.map((e) => (e.kind === 'separator' ? `— ${e.label}` : `${e.label}: ${e.description} = ${e.value.field} ${e.value.descending ? 'desc' : 'asc'}`)),
      [
        'Close Date (Expected or Won): Newest first = date_won desc',
        'Owner Name: A → Z = user_name asc',
        '— Reverse order',
        'Close Date (Expected or Won): Oldest first = date_won asc',
        'Owner Name: Z → A · current = user_name desc',
      ],
    );
  });
});
