import * as assert from 'node:assert/strict';
import {
  type GroupSummary,
  filterForGroup,
  groupLabel,
  groupPeriod,
  intersectDateRange,
  isoWeekMonday,
  isoWeekOf,
  mergeGroupPages,
  undatedLast,
} from '../../../src/close/groups';
import type { OpportunityGroup } from '../../../src/close/types';

const group = (key: string, ids: string[], total: number, extra: Partial<OpportunityGroup> = {}): OpportunityGroup<{ id: string }> =>
  ({ key, objects: ids.map((id) => ({ id })), total_results: total, count_by_value_period: {}, ...extra }) as unknown as OpportunityGroup<{ id: string }>;

describe('group labels', () => {
  it('names user groups by the user', () => {
    assert.equal(groupLabel({ key: 'x', user_id: 'user_1', user_name: 'Alice Anders' }, 'user_id'), 'Alice Anders');
    assert.equal(groupLabel({ key: 'x', user_id: 'user_1', user_name: null }, 'user_id'), 'user_1');
  });

  it('names periods as people say them', () => {
    assert.equal(groupLabel({ key: 'k', year: 2026, month: 3 }, 'date_won__month'), 'March 2026');
    assert.equal(groupLabel({ key: 'k', year: 2026, quarter: 1 }, 'date_won__quarter'), 'Q1 2026');
    assert.equal(groupLabel({ key: 'k', year: 2026 }, 'date_won__year'), '2026');
    assert.equal(groupLabel({ key: 'k', weekyear: 2026, week: 9 }, 'date_won__week'), 'Week 9, 2026');
  });

  it('names the group without a date won', () => {
    for (const field of ['date_won__month', 'date_won__quarter', 'date_won__year', 'date_won__week'] as const) {
      assert.equal(groupLabel({ key: 'none', year: null, month: null, quarter: null, weekyear: null, week: null }, field), 'No close date');
    }
  });
});

describe('merging groups across pages', () => {
  it('keeps one group per key with the server’s count and objects in order', () => {
    const merged = mergeGroupPages([
      [group('a', ['1', '2'], 2), group('b', ['3'], 3)],
      [group('b', ['4', '5'], 3), group('c', ['6'], 1)],
    ]);
    assert.deepEqual(
      merged.map((g) => [g.key, g.total_results, g.objects.map((o) => o.id)]),
      [
        ['a', 2, ['1', '2']],
        ['b', 3, ['3', '4', '5']],
        ['c', 1, ['6']],
      ],
    );
  });

  it('does not repeat an object that appears on two pages', () => {
    const merged = mergeGroupPages([[group('a', ['1', '2'], 3)], [group('a', ['2', '3'], 3)]]);
    assert.deepEqual(
      merged[0].objects.map((o) => o.id),
      ['1', '2', '3'],
    );
  });
});

describe('the filter for one group', () => {
  it('lists a user group by user_id without the grouping', () => {
    const filter = filterForGroup(
      { status_type: ['won'], group_by: { field: 'user_id', descending: false } },
      group('k', [], 1, { user_id: 'user_1' }) as OpportunityGroup,
      'user_id',
    );
    assert.deepEqual(filter, { status_type: ['won'], user_id: ['user_1'] });
  });

  it('lists a month as its first to last day', () => {
    const filter = filterForGroup(
      { group_by: { field: 'date_won__month', descending: true } },
      group('k', [], 1, { year: 2024, month: 2 }) as OpportunityGroup,
      'date_won__month',
    );
    assert.deepEqual(filter, { date_won: { gte: '2024-02-01', lte: '2024-02-29' } });
  });

  it('intersects the period with the filter’s own date_won range', () => {
    const filter = filterForGroup(
      { date_won: { gte: '2024-02-15', lt: '2024-05-10' }, group_by: { field: 'date_won__quarter', descending: false } },
      group('k', [], 1, { year: 2024, quarter: 1 }) as OpportunityGroup,
      'date_won__quarter',
    );
    assert.deepEqual(filter, { date_won: { gte: '2024-02-15', lte: '2024-03-31' } });
  });

  it('is undefined for the group without a date won', () => {
    assert.equal(filterForGroup({}, group('none', [], 5, { year: null, month: null }) as OpportunityGroup, 'date_won__month'), undefined);
  });

  it('finds the days of ISO weeks across a year end', () => {
    assert.deepEqual(groupPeriod({ key: 'k', weekyear: 2025, week: 1 }, 'date_won__week'), { first: '2024-12-30', last: '2025-01-05' });
    assert.deepEqual(groupPeriod({ key: 'k', weekyear: 2020, week: 53 }, 'date_won__week'), { first: '2020-12-28', last: '2021-01-03' });
    assert.deepEqual(isoWeekOf(Date.UTC(2024, 11, 30)), { weekyear: 2025, week: 1 });
    assert.deepEqual(isoWeekOf(Date.UTC(2021, 0, 3)), { weekyear: 2020, week: 53 });
  });

  it('is empty when the range misses the period', () => {
    assert.equal(intersectDateRange({ gte: '2024-05-01' }, '2024-01-01', '2024-03-31'), undefined);
    assert.deepEqual(intersectDateRange({ eq: '2024-02-10' }, '2024-02-01', '2024-02-29'), { eq: '2024-02-10' });
    assert.equal(intersectDateRange({ eq: '2024-03-10' }, '2024-02-01', '2024-02-29'), undefined);
  });
});

describe('the undated group', () => {
  const group = (key: string | null, year: number | null, total: number): GroupSummary => ({ key, year, total_results: total, label: String(year) }) as GroupSummary;

  it('comes last wherever the server put it, and keeps where its opportunities start in the grouped query', () => {
    const newestFirst = undatedLast([group('none', null, 7), group('2025', 2025, 3), group('2024', 2024, 5)], 'date_won__year');
    assert.deepEqual(
      newestFirst.map((g) => [g.key, g.startsAt]),
      [
        ['2025', undefined],
        ['2024', undefined],
        ['none', 0],
      ],
    );
    const oldestFirst = undatedLast([group('2024', 2024, 5), group('2025', 2025, 3), group(null, null, 7)], 'date_won__year');
    assert.deepEqual(
      oldestFirst.map((g) => [g.key, g.startsAt]),
      [
        ['2024', undefined],
        ['2025', undefined],
        [null, 8],
      ],
    );
  });

  it('is no owner group: owners keep the server’s order', () => {
    const owners = [{ key: 'user_b', user_id: 'user_b', total_results: 1 } as GroupSummary, { key: 'none', user_id: null, total_results: 2 } as GroupSummary];
    assert.deepEqual(undatedLast(owners, 'user_id'), owners);
  });
});

describe('dates of the first centuries', () => {
  it('are not read as 1900 to 1999 (Date.UTC would)', () => {
    assert.deepEqual(groupPeriod({ year: 1, month: 2 }, 'date_won__month'), { first: '0001-02-01', last: '0001-02-28' });
    assert.deepEqual(isoWeekOf(Date.parse('0099-12-31T00:00:00Z')).weekyear, 99);
    assert.equal(new Date(isoWeekMonday(2026, 1)).toISOString().slice(0, 10), '2025-12-29');
  });
});
