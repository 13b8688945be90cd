import * as assert from 'node:assert/strict';
import type { OpportunityStatus, Pipeline, SavedSearch, User } from '../../../src/close/types';
import { listsNeeded, resolveNames, type NameLists } from '../../../src/close/filterNames';

const users: User[] = [
  { id: 'user_alice1', first_name: 'Alice', last_name: 'Anders' },
  { id: 'user_alice2', first_name: 'Alice', last_name: 'Brook' },
  { id: 'user_bob', first_name: 'Bob', last_name: 'Berg' },
];
const pipelines: Pipeline[] = [
  { id: 'pipe_sales', name: 'Sales', statuses: [] },
  { id: 'pipe_renew', name: 'Renewals', statuses: [] },
];
const statuses: OpportunityStatus[] = [
  { id: 'stat_demo', label: 'Demo Scheduled', type: 'active', pipeline_id: 'pipe_sales' },
  { id: 'stat_won1', label: 'Won', type: 'won', pipeline_id: 'pipe_sales' },
  { id: 'stat_won2', label: 'Won', type: 'won', pipeline_id: 'pipe_renew' },
];
const savedSearches: SavedSearch[] = [{ id: 'save_q4', name: 'Q4 renewals', type: 'lead' }];
const lists: NameLists = { users, statuses, pipelines, savedSearches, ownerNames: new Map([['user_gone', 'Gina Gone']]) };

describe('names where the filter takes ids', () => {
  it('makes full names, single words and Smart View names the ids Close lists', () => {
    const resolved = resolveNames({ user_id: ['bob berg', 'Gina'], status_id: ['demo scheduled'], lead_saved_search_id: 'Q4 Renewals' }, lists);
    assert.deepEqual(resolved.filter, { user_id: ['user_bob', 'user_gone'], status_id: ['stat_demo'], lead_saved_search_id: 'save_q4' });
  });

  it('takes "me" for the user the key belongs to, and only when Close said who that is', () => {
    assert.deepEqual(resolveNames({ user_id: ['Me', 'bob'] }, { ...lists, me: users[1] }).filter, { user_id: ['user_alice2', 'user_bob'] });
    assert.equal(resolveNames({ user_id: ['me'] }, lists).problem?.kind, 'unknown');
  });

  it('passes ids as they are and needs no list for them', () => {
    const filter = { user_id: ['user_x1'], status_id: ['stat_y2'], lead_saved_search_id: 'save_z3' };
    assert.deepEqual([...listsNeeded(filter)], []);
    assert.deepEqual(resolveNames(filter, {}).filter, filter);
  });

  it('asks for the lists of the fields named, and only those', () => {
    assert.deepEqual([...listsNeeded({ user_id: ['Alice'], status_id: ['stat_a'], status_label: ['won'] })].sort(), ['statusLabels', 'users']);
  });

  it('never guesses between two people: an ambiguous name lists the ones it matches', () => {
    const { problem } = resolveNames({ user_id: ['Alice'] }, lists);
    assert.deepEqual(problem, {
      field: 'user_id',
      value: 'Alice',
      kind: 'ambiguous',
      choices: [
        { value: 'user_alice1', name: 'Alice Anders' },
        { value: 'user_alice2', name: 'Alice Brook' },
      ],
    });
  });

  it('lists every owner, former ones too, for a name that matches none', () => {
    const { problem } = resolveNames({ user_id: ['Zed'] }, lists);
    assert.equal(problem?.kind, 'unknown');
    assert.deepEqual(
      problem?.choices.map((c) => c.name),
      ['Alice Anders', 'Alice Brook', 'Bob Berg', 'Gina Gone'],
    );
  });

  it('tells statuses of the same name apart by their pipeline', () => {
    assert.equal(resolveNames({ status_id: ['Won'] }, lists).problem?.kind, 'ambiguous');
    assert.deepEqual(resolveNames({ status_id: ['Won (Renewals)'] }, lists).filter, { status_id: ['stat_won2'] });
  });

  it('matches status names and fixed choices regardless of case, to the organization’s spelling', () => {
    assert.deepEqual(resolveNames({ status_label: ['WON'], status_type: ['Won'], value_period: ['Monthly'] }, lists).filter, {
      status_label: ['Won'],
      status_type: ['won'],
      value_period: ['monthly'],
    });
    assert.deepEqual(
      resolveNames({ status_type: ['closed'] }, lists).problem?.choices.map((c) => c.value),
      ['active', 'won', 'lost'],
    );
  });

  it('leaves the other fields as given', () => {
    const filter = { query: 'note:x', is_stalled: true, date_won: { gte: '2026-12-01' } };
    assert.deepEqual(resolveNames(filter, lists).filter, filter);
  });
});
