import * as assert from 'node:assert/strict';
import type { GroupDiscovery } from '../../../src/close/client';
import type { OpportunityFilter } from '../../../src/close/filter';
import { filterForGroup } from '../../../src/close/groups';
import { MAX_CANDIDATE_GROUPS, periodCount, periodsBetween } from '../../../src/close/groupDiscovery';
import type { GroupField, Opportunity, OpportunityGroup } from '../../../src/close/types';
import { generateDataset } from '../../../src/fake/generateDataset';
import { type FakeServer, startFakeServer, testClient } from '../../support/testClient';
import { emptyAggregates } from '../../../src/close/aggregates';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** ISO week of a YYYY-MM-DD day, the textbook way (the Thursday of its week decides the year). */
function isoWeek(day: string): [number, number] {
  const date = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return [year, week];
}

/** Label and count of every group, computed from the dataset: periods ascending, no date won last. */
function expectedGroups(opportunities: readonly Opportunity[], field: GroupField): [string, number][] {
  const counts = new Map<string, { label: string; n: number }>();
  for (const o of opportunities) {
    const day = o.date_won;
    let sort: string;
    let label: string;
    if (!day) [sort, label] = ['\uffff', 'No close date'];
    else if (field === 'date_won__year') [sort, label] = [day.slice(0, 4), day.slice(0, 4)];
    else if (field === 'date_won__month') [sort, label] = [day.slice(0, 7), `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`];
    else if (field === 'date_won__quarter') {
      const q = Math.ceil(Number(day.slice(5, 7)) / 3);
      [sort, label] = [`${day.slice(0, 4)}-${q}`, `Q${q} ${day.slice(0, 4)}`];
    } else {
      const [year, week] = isoWeek(day);
      [sort, label] = [`${year}-${String(week).padStart(2, '0')}`, `Week ${week}, ${year}`];
    }
    const entry = counts.get(sort) ?? { label, n: 0 };
    entry.n++;
    counts.set(sort, entry);
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, { label, n }]) => [label, n]);
}

const summary = (discovery: GroupDiscovery): [string, number][] => discovery.groups.map((g) => [g.label, g.total_results]);

/** Expected groups newest first: the periods reversed, no date won still last. */
const newestFirst = (groups: [string, number][]): [string, number][] => [
  ...groups.filter(([label]) => label !== 'No close date').reverse(),
  ...groups.filter(([label]) => label === 'No close date'),
];

describe('candidate periods', () => {
  it('are counted without being listed, and not listed past the cap', () => {
    assert.equal(periodCount('date_won__month', '0001-01-01', '9999-12-31'), 119_988);
    assert.equal(periodCount('date_won__year', '0001-01-01', '9999-12-31'), 9_999);
    assert.equal(periodsBetween('date_won__month', '0001-01-01', '9999-12-31'), undefined);
    assert.equal(periodsBetween('date_won__week', '0001-01-01', '9999-12-31'), undefined);
    assert.equal(periodsBetween('date_won__year', '2000-01-01', '3000-12-31', MAX_CANDIDATE_GROUPS), undefined);
    assert.equal(periodsBetween('date_won__year', '2000-01-01', '2999-12-31', MAX_CANDIDATE_GROUPS)?.length, 1000);
  });

  it('are what the groups of the server would be, and as many as counted', () => {
    const cases: [GroupField, string, string, unknown[]][] = [
      [
        'date_won__week',
        '2024-12-30',
        '2025-01-12',
        [
          { weekyear: 2025, week: 1 },
          { weekyear: 2025, week: 2 },
        ],
      ],
      [
        'date_won__week',
        '2020-12-31',
        '2021-01-04',
        [
          { weekyear: 2020, week: 53 },
          { weekyear: 2021, week: 1 },
        ],
      ],
      [
        'date_won__quarter',
        '2023-11-05',
        '2024-02-01',
        [
          { year: 2023, quarter: 4 },
          { year: 2024, quarter: 1 },
        ],
      ],
      [
        'date_won__month',
        '2023-12-31',
        '2024-01-01',
        [
          { year: 2023, month: 12 },
          { year: 2024, month: 1 },
        ],
      ],
    ];
    for (const [field, first, last, periods] of cases) {
      assert.deepEqual(periodsBetween(field, first, last), periods, `${field} ${first}..${last}`);
      assert.equal(periodCount(field, first, last), periods.length);
    }
  });

  it('are none for dates that are not days, or the wrong way round', () => {
    assert.ok(Number.isNaN(periodCount('date_won__month', '2024-1-1', '2024-03-01')));
    assert.equal(periodsBetween('date_won__month', 'soon', '2024-03-01'), undefined);
    assert.deepEqual(periodsBetween('date_won__month', '2024-05-01', '2024-03-01'), []);
  });
});

describe('group discovery', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 2000, seed: 11 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  for (const field of ['date_won__year', 'date_won__quarter', 'date_won__month', 'date_won__week'] as const) {
    it(`finds every ${field} group by aggregates and by paging, matching the data`, async () => {
      const { client } = testClient(server);
      const filter = { group_by: { field, descending: false } };
      const byAggregates = await client.discoverGroups(filter, { method: 'aggregate' });
      const byPaging = await client.discoverGroups(filter, { method: 'fields' });
      const expected = expectedGroups(server.dataset.opportunities, field);
      assert.equal(byAggregates.method, 'aggregate');
      assert.equal(byPaging.method, 'fields');
      assert.deepEqual(summary(byAggregates), expected);
      assert.deepEqual(summary(byPaging), expected);
      assert.deepEqual(
        byAggregates.groups.map((g) => [g.key, g.total_value_annualized, g.expected_value_annualized]),
        byPaging.groups.map((g) => [g.key, g.total_value_annualized, g.expected_value_annualized]),
      );
      assert.equal(byAggregates.aggregates.total_results, 2000);
      await client.close();
    });
  }

  for (const noDateGroup of [{ key: null }, { key: 'None' }, 'omit'] as const) {
    it(`found by totals, the undated group is the server's own: ${JSON.stringify(noDateGroup)}`, async () => {
      const other = await startFakeServer({ opportunities: 2000, seed: 11, noDateGroup });
      const { client } = testClient(other);
      try {
        const result = await client.discoverGroups({ group_by: { field: 'date_won__year', descending: false } });
        assert.equal(result.method, 'aggregate');
        const undated = result.groups.filter((g) => g.year === null || g.year === undefined);
        if (noDateGroup === 'omit') assert.deepEqual(undated, []);
        else {
          assert.deepEqual(
            undated.map((g) => [g.key, g.label, g.total_results]),
            [[noDateGroup.key, 'No close date', other.dataset.opportunities.filter((o) => !o.date_won).length]],
          );
          assert.equal(result.groups[result.groups.length - 1], undated[0]);
        }
      } finally {
        await client.close();
        await other.close();
      }
    });
  }

  it('asks one _limit=0 question per period between the first and last date won', async () => {
    const { client } = testClient(server);
    const result = await client.discoverGroups({ group_by: { field: 'date_won__quarter', descending: false } }, { method: 'aggregate' });
    const dated = server.dataset.opportunities
      .filter((o) => o.date_won)
      .map((o) => o.date_won!)
      .sort();
    const quarters = (day: string) => Number(day.slice(0, 4)) * 4 + Math.ceil(Number(day.slice(5, 7)) / 3);
    const periods = quarters(dated[dated.length - 1]) - quarters(dated[0]) + 1;
    // Plus two `_limit=1` grouped questions at either end for the server's own group of undated ones.
    assert.equal(result.requests, 5 + periods);
    assert.equal(server.requests.length, result.requests);
    const limits = server.requests.map((r) => r.query._limit);
    assert.equal(limits.filter((l) => l === '0').length, 1 + periods);
    assert.equal(limits.filter((l) => l === '1').length, 4);
    assert.equal(server.requests.filter((r) => r.query._limit === '1' && r.query._group_by).length, 2);
    assert.equal(
      result.bytes,
      server.requests.reduce((n, r) => n + r.bytes, 0),
    );
    await client.close();
  });

  it('pages with _fields=id when that is the cheaper way', async () => {
    const { client } = testClient(server);
    const result = await client.discoverGroups({ group_by: { field: 'date_won__week', descending: false } });
    assert.equal(result.method, 'fields');
    // Three small questions (total, first and last date won) showed 250+ weeks: more requests than 20 pages.
    const grouped = server.requests.filter((r) => r.query._group_by);
    assert.equal(grouped.length, 20);
    assert.ok(grouped.every((r) => r.query._fields === 'id' && r.query._group_by === 'date_won__week'));
    assert.equal(result.requests, 3 + 20);
    assert.equal(
      result.bytes,
      server.requests.reduce((n, r) => n + r.bytes, 0),
    );
    await client.close();
  });

  it('reverses the periods for a descending grouping, the no-date group still last, whichever way it finds them', async () => {
    const { client } = testClient(server);
    const expected = expectedGroups(server.dataset.opportunities, 'date_won__year');
    assert.equal(expected[expected.length - 1][0], 'No close date');
    for (const method of ['aggregate', 'walk', 'fields'] as const) {
      const result = await client.discoverGroups({ group_by: { field: 'date_won__year', descending: true } }, { method });
      assert.deepEqual(summary(result), newestFirst(expected), method);
    }
    await client.close();
  });

  it('leaves out empty periods and stays inside the filter’s own date range', async () => {
    const { client } = testClient(server);
    const filter: OpportunityFilter & { group_by: { field: 'date_won__week'; descending: false } } = {
      status_type: ['won'],
      date_won: { gte: '2024-02-14', lte: '2024-06-20' },
      group_by: { field: 'date_won__week', descending: false },
    };
    const matching = server.dataset.opportunities.filter((o) => o.status_type === 'won' && o.date_won! >= '2024-02-14' && o.date_won! <= '2024-06-20');
    const expected = expectedGroups(matching, 'date_won__week');
    const byAggregates = await client.discoverGroups(filter, { method: 'aggregate' });
    assert.deepEqual(summary(byAggregates), expected);
    assert.ok(byAggregates.groups.every((g) => g.total_results > 0));
    assert.deepEqual(summary(await client.discoverGroups(filter, { method: 'fields' })), expected);
    await client.close();
  });

  it('gives each group a filter that lists exactly its opportunities', async () => {
    const { client } = testClient(server);
    const filter: OpportunityFilter & { group_by: { field: 'date_won__month'; descending: false } } = {
      date_won: { gt: '2023-03-10', lt: '2023-08-20' },
      group_by: { field: 'date_won__month', descending: false },
    };
    const result = await client.discoverGroups(filter);
    assert.ok(result.groups.length >= 5);
    for (const group of result.groups) {
      const groupFilter = filterForGroup(filter, group, 'date_won__month');
      assert.ok(groupFilter);
      const page = await client.listOpportunities(groupFilter, { skip: 0, limit: 0 });
      assert.equal(page.total_results, group.total_results, group.label);
    }
    await client.close();
  });

  it('walks the owner groups, one request each, when a deactivated owner is missing from /user/', async () => {
    const { client } = testClient(server);
    const result = await client.discoverGroups({ group_by: { field: 'user_id', descending: false } });
    assert.equal(result.method, 'walk');
    const walked = server.requests.filter((r) => r.query._group_by === 'user_id');
    assert.equal(walked.length, result.groups.length);
    assert.ok(walked.every((r) => r.query._limit === '1' && r.query._fields === 'id'));
    assert.deepEqual(
      walked.map((r) => Number(r.query._skip)),
      result.groups.map((_, i) => result.groups.slice(0, i).reduce((n, g) => n + g.total_results, 0)),
    );
    const former = server.dataset.deactivatedUsers[0];
    const owned = server.dataset.opportunities.filter((o) => o.user_id === former.id).length;
    assert.ok(owned > 0);
    const group = result.groups.find((g) => g.user_id === former.id);
    assert.equal(group?.total_results, owned);
    assert.equal(group?.label, `${former.first_name} ${former.last_name}`);
    assert.equal(
      result.groups.reduce((n, g) => n + g.total_results, 0),
      2000,
    );
    const byPaging = await client.discoverGroups({ group_by: { field: 'user_id', descending: true } }, { method: 'fields' });
    const byWalking = await client.discoverGroups({ group_by: { field: 'user_id', descending: true } }, { method: 'walk' });
    const rows = (d: GroupDiscovery) => d.groups.map((g) => [g.key, g.label, g.total_results, g.total_value_annualized, g.expected_value_annualized]);
    assert.deepEqual(rows(byWalking), rows(byPaging));
    await client.close();
  });

  for (const field of ['date_won__year', 'date_won__quarter', 'date_won__month'] as const) {
    it(`walks every ${field} group in both directions to what the data holds`, async () => {
      const { client } = testClient(server);
      const expected = expectedGroups(server.dataset.opportunities, field);
      assert.deepEqual(summary(await client.discoverGroups({ group_by: { field, descending: false } }, { method: 'walk' })), expected);
      const reversed = await client.discoverGroups({ group_by: { field, descending: true } }, { method: 'walk' });
      assert.deepEqual(summary(reversed), newestFirst(expected));
      assert.equal(reversed.requests, expected.length);
      await client.close();
    });
  }

  it('does not trust a walk that meets a group twice: it pages instead', async () => {
    const { client } = testClient(server);
    const { total_results: _none, ...aggregates } = emptyAggregates();
    const group = { ...aggregates, key: '2024', year: 2024, total_results: 1000, objects: [{ id: 'oppo_x' }] };
    const page = { ...aggregates, total_results: 2000, has_more: true, data: [group] };
    server.script({ status: 200, body: page, path: /\/opportunity\/$/ }, { status: 200, body: page, path: /\/opportunity\/$/ });
    const result = await client.discoverGroups({ group_by: { field: 'date_won__year', descending: false } }, { method: 'walk' });
    assert.equal(result.method, 'fields');
    assert.deepEqual(summary(result), expectedGroups(server.dataset.opportunities, 'date_won__year'));
    await client.close();
  });
});

describe('group discovery on the sample data, newest week first', () => {
  let sample: FakeServer;
  before(async () => {
    sample = await startFakeServer({}); // the data "Use Sample Data" serves
  });
  after(() => sample.close());

  it('lists the most recent week first and "No close date" last, though the server puts it first', async () => {
    const { client } = testClient(sample);
    try {
      const filter = { group_by: { field: 'date_won__week' as const, descending: true } };
      const opportunities = sample.dataset.opportunities;
      const firstGroup = (await client.listOpportunities({ ...filter, fields: ['id'] }, { skip: 0, limit: 1 })).data[0] as OpportunityGroup;
      assert.equal(firstGroup.weekyear, null, 'the server answers the undated group first');
      const latest = opportunities
        .map((o) => o.date_won)
        .filter((day): day is string => !!day)
        .sort()
        .pop()!;
      const [year, week] = isoWeek(latest);
      const undated = opportunities.filter((o) => !o.date_won).length;
      for (const method of [undefined, 'aggregate', 'walk', 'fields'] as const) {
        const result = await client.discoverGroups(filter, { method });
        const shown = summary(result);
        assert.deepEqual(
          shown[0],
          [`Week ${week}, ${year}`, opportunities.filter((o) => o.date_won && isoWeek(o.date_won).join() === [year, week].join()).length],
          method,
        );
        assert.deepEqual(shown[shown.length - 1], ['No close date', undated], method);
        assert.deepEqual(shown, newestFirst(expectedGroups(opportunities, 'date_won__week')), method);
      }
    } finally {
      await client.close();
    }
  });
});

describe('group discovery by owner for chosen owners', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 1000, seed: 3 });
  });
  after(() => server.close());

  it('counts the chosen owners, former members included, and names them', async () => {
    const { client } = testClient(server);
    const former = server.dataset.deactivatedUsers[0];
    const active = server.dataset.users[0];
    const result = await client.discoverGroups({ user_id: [former.id, active.id], group_by: { field: 'user_id', descending: false } });
    assert.equal(result.method, 'aggregate');
    const count = (id: string) => server.dataset.opportunities.filter((o) => o.user_id === id).length;
    const named = [
      [former.id, `${former.first_name} ${former.last_name}`, count(former.id)],
      [active.id, `${active.first_name} ${active.last_name}`, count(active.id)],
    ].sort((a, b) => ((a[1] as string).toLowerCase() < (b[1] as string).toLowerCase() ? -1 : 1));
    assert.deepEqual(
      result.groups.map((g) => [g.user_id, g.label, g.total_results]),
      named,
    );
    await client.close();
  });

  it('refuses to list groups without a grouping', async () => {
    const { client } = testClient(server);
    await assert.rejects(client.discoverGroups({} as never), { code: 'INVALID_FILTER', field: 'group_by' });
    await client.close();
  });
});

describe('group discovery by owner when /user/ lists every owner', () => {
  let server: FakeServer;
  before(async () => {
    const full = generateDataset({ opportunities: 1500, seed: 5 });
    const former = new Set(full.deactivatedUsers.map((u) => u.id));
    server = await startFakeServer({ dataset: { ...full, opportunities: full.opportunities.filter((o) => !former.has(o.user_id)) } });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('counts each owner with one _limit=0 request, in the server’s order', async () => {
    const { client } = testClient(server);
    const byAggregates = await client.discoverGroups({ group_by: { field: 'user_id', descending: false } });
    assert.equal(byAggregates.method, 'aggregate');
    const users = server.dataset.users;
    assert.equal(byAggregates.requests, 2 + users.length);
    assert.deepEqual(
      server.requests
        .filter((r) => r.query.user_id)
        .map((r) => r.query.user_id)
        .sort(),
      users.map((u) => u.id).sort(),
    );
    const byPaging = await client.discoverGroups({ group_by: { field: 'user_id', descending: false } }, { method: 'fields' });
    assert.deepEqual(
      byAggregates.groups.map((g) => [g.key, g.label, g.total_results, g.total_value_annualized]),
      byPaging.groups.map((g) => [g.key, g.label, g.total_results, g.total_value_annualized]),
    );
    const counts = new Map<string, number>();
    for (const o of server.dataset.opportunities) counts.set(o.user_id, (counts.get(o.user_id) ?? 0) + 1);
    assert.deepEqual(
      byAggregates.groups.map((g) => [g.user_id, g.total_results]),
      [...users]
        .filter((u) => counts.has(u.id))
        .sort((a, b) => (`${a.first_name} ${a.last_name}`.toLowerCase() < `${b.first_name} ${b.last_name}`.toLowerCase() ? -1 : 1))
        .map((u) => [u.id, counts.get(u.id)]),
    );
    await client.close();
  });
});
