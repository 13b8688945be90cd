// The query engine of GET /opportunity/, checked against the reference's worked examples and against
// sums and filters computed independently in the test over the generated dataset.
import * as assert from 'node:assert/strict';
import type { Opportunity } from '../../../src/close/types';
import type { Dataset } from '../../../src/fake/dataset';
import { generateDataset } from '../../../src/fake/generateDataset';
import { getOpportunity, listOpportunities } from '../../../src/fake/query';
import { A1, ALICE, B2, BOB, C3, D4, referenceDataset } from './referenceDataset';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

function list(dataset: Dataset, query: string): { status: number; body: Body } {
  return listOpportunities(dataset, new URLSearchParams(query));
}

function ok(dataset: Dataset, query: string): Body {
  const response = list(dataset, query);
  assert.equal(response.status, 200, `${query} → ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Every object of a filter, fetched page by page as a client would. */
function allIds(dataset: Dataset, query: string): string[] {
  const ids: string[] = [];
  for (let skip = 0; ; skip += 200) {
    const body = ok(dataset, `${query}&_limit=200&_skip=${skip}`);
    ids.push(...body.data.map((o: Opportunity) => o.id));
    if (!body.has_more) return ids;
  }
}

function idsWhere(dataset: Dataset, test: (o: Opportunity) => boolean): string[] {
  return dataset.opportunities.filter(test).map((o) => o.id);
}

function sameMembers(actual: string[], expected: string[], message?: string): void {
  assert.deepEqual([...actual].sort(), [...expected].sort(), message);
  assert.equal(new Set(actual).size, actual.length, 'no opportunity appears twice');
}

/** Aggregates computed here, independently of the engine: Σ value, Σ round(value × confidence / 100). */
function expectedAggregates(opportunities: Opportunity[]): Record<string, unknown> {
  const count: Record<string, number> = {};
  const total: Record<string, number> = { one_time: 0, monthly: 0, annual: 0 };
  const expected: Record<string, number> = { one_time: 0, monthly: 0, annual: 0 };
  for (const o of opportunities) {
    count[o.value_period] = (count[o.value_period] ?? 0) + 1;
    const value = o.value ?? 0;
    total[o.value_period] += value;
    expected[o.value_period] += Math.round((value * o.confidence) / 100);
  }
  return {
    total_results: opportunities.length,
    count_by_value_period: count,
    total_value_one_time: total.one_time,
    total_value_monthly: total.monthly,
    total_value_annual: total.annual,
    total_value_annualized: total.one_time + total.annual + total.monthly * 12,
    expected_value_one_time: expected.one_time,
    expected_value_monthly: expected.monthly,
    expected_value_annual: expected.annual,
    expected_value_annualized: expected.one_time + expected.annual + expected.monthly * 12,
  };
}

const AGGREGATE_KEYS = Object.keys(expectedAggregates([]));
function aggregateFields(body: Body): Record<string, unknown> {
  return Object.fromEntries(AGGREGATE_KEYS.map((key) => [key, body[key]]));
}

describe('fake query engine: the worked examples of referenceDataset.ts', () => {
  const dataset = referenceDataset();

  it('returns the aggregates and first page of a plain list of the four', () => {
    const body = ok(dataset, '_order_by=-date_updated&_limit=2&_skip=0');
    assert.equal(body.has_more, true);
    assert.equal(body.total_results, 4);
    assert.deepEqual(body.count_by_value_period, { one_time: 2, monthly: 1, annual: 1 });
    assert.deepEqual(aggregateFields(body), {
      total_results: 4,
      count_by_value_period: { one_time: 2, monthly: 1, annual: 1 },
      total_value_one_time: 1200000,
      total_value_monthly: 50000,
      total_value_annual: 2400000,
      total_value_annualized: 4200000,
      expected_value_one_time: 1200000,
      expected_value_monthly: 50000,
      expected_value_annual: 1200000,
      expected_value_annualized: 3000000,
    });
    assert.equal(body.total_value_one_time_formatted, '$12,000');
    assert.equal(body.total_value_monthly_formatted, '$500');
    assert.equal(body.total_value_annual_formatted, '$24,000');
    assert.equal(body.total_value_annualized_formatted, '$42,000');
    assert.equal(body.expected_value_annualized_formatted, '$30,000');
    assert.deepEqual(
      body.data.map((o: Opportunity) => o.id),
      [D4, C3],
    );
  });

  it('returns the same aggregates and the rest of the objects on page 2', () => {
    const first = ok(dataset, '_order_by=-date_updated&_limit=2&_skip=0');
    const second = ok(dataset, '_order_by=-date_updated&_limit=2&_skip=2');
    assert.equal(second.has_more, false);
    assert.deepEqual(
      second.data.map((o: Opportunity) => o.id),
      [B2, A1],
    );
    const { data: _a, has_more: _b, ...firstAggregates } = first;
    const { data: _c, has_more: _d, ...secondAggregates } = second;
    assert.deepEqual(secondAggregates, firstAggregates);
  });

  it('answers an empty result with {} counts, zero sums and null formatted sums', () => {
    const body = ok(dataset, 'status_type=won&user_id=user_nobody');
    assert.equal(body.total_results, 0);
    assert.equal(body.has_more, false);
    assert.deepEqual(body.count_by_value_period, {});
    assert.deepEqual(body.data, []);
    assert.equal(body.total_value_annualized, 0);
    assert.equal(body.expected_value_one_time_formatted, null);
    assert.equal(body.total_value_annualized_formatted, null);
  });

  it('counts an opportunity without value in count_by_value_period but adds 0', () => {
    const body = ok(dataset, `lead_id=${dataset.opportunities[3].lead_id}`);
    assert.deepEqual(body.count_by_value_period, { one_time: 1 });
    assert.equal(body.total_value_one_time, 0);
    assert.equal(body.total_value_one_time_formatted, null);
  });

  it('groups by user ordered by full name, objects by _order_by, with group aggregates', () => {
    const body = ok(dataset, '_group_by=user_id&_order_by=-value');
    assert.equal(body.total_results, 4);
    assert.deepEqual(
      body.data.map((g: Body) => [g.key, g.user_id, g.user_name, g.total_results, g.objects.map((o: Opportunity) => o.id)]),
      [
        [ALICE, ALICE, 'Alice Anders', 2, [C3, A1]],
        [BOB, BOB, 'Bob Brown', 2, [B2, D4]],
      ],
    );
    assert.deepEqual(body.data[0].count_by_value_period, { one_time: 1, annual: 1 });
    assert.equal(body.data[0].total_value_annualized, 3600000);
    assert.equal(body.data[0].expected_value_annualized, 2400000);
    assert.equal(body.data[1].total_value_monthly, 50000);
    assert.equal(body.data[1].expected_value_annualized, 600000);
  });

  it('cuts a group across pages: same key and full total on both pages', () => {
    const first = ok(dataset, '_group_by=user_id&_order_by=-value&_limit=3');
    const second = ok(dataset, '_group_by=user_id&_order_by=-value&_limit=3&_skip=3');
    assert.equal(first.has_more, true);
    assert.equal(second.has_more, false);
    const lastOfFirst = first.data[first.data.length - 1];
    assert.deepEqual([lastOfFirst.key, lastOfFirst.total_results, lastOfFirst.objects.map((o: Opportunity) => o.id)], [BOB, 2, [B2]]);
    assert.deepEqual(
      second.data.map((g: Body) => [g.key, g.total_results, g.objects.map((o: Opportunity) => o.id)]),
      [[BOB, 2, [D4]]],
    );
  });

  it('groups won opportunities by month with year and month fields', () => {
    const body = ok(dataset, 'status_type=won&_group_by=date_won__month');
    assert.equal(body.total_results, 2);
    assert.equal(body.total_value_annualized, 1800000);
    assert.deepEqual(
      body.data.map((g: Body) => [g.key, g.year, g.month, g.total_results, g.objects.map((o: Opportunity) => o.id)]),
      [
        ['2024-03', 2024, 3, 1, [A1]],
        ['2024-04', 2024, 4, 1, [B2]],
      ],
    );
    assert.equal(body.data[1].total_value_annualized, 600000);
  });

  it('answers an unknown id with Close 404 body', () => {
    const response = getOpportunity(dataset, 'oppo_missing', new URLSearchParams());
    assert.equal(response.status, 404);
    assert.deepEqual(response.body, { error: 'Empty query: Opportunity matching query does not exist.' });
  });

  it('returns one opportunity, restricted by _fields', () => {
    const response = getOpportunity(dataset, A1, new URLSearchParams('_fields=id,lead_name,value'));
    assert.deepEqual(response.body, { id: A1, lead_name: 'Acme Corp', value: 1200000 });
  });
});

describe('fake query engine: aggregates equal independent sums', () => {
  const dataset = generateDataset({ opportunities: 2500, seed: 7 });
  const someUsers = [dataset.users[0].id, dataset.users[3].id];
  const cases: [string, (o: Opportunity) => boolean][] = [
    ['', () => true],
    ['status_type=won', (o) => o.status_type === 'won'],
    [`user_id__in=${someUsers.join(',')}`, (o) => someUsers.includes(o.user_id)],
    ['value_period=monthly', (o) => o.value_period === 'monthly'],
    ['status_type__in=active,lost&date_created__gte=2024-01-01', (o) => o.status_type !== 'won' && o.date_created >= '2024-01-01'],
    ['date_won__gte=2025-01-01&date_won__lt=2026-01-01', (o) => o.date_won !== null && o.date_won >= '2025-01-01' && o.date_won < '2026-01-01'],
    ['query=budget', (o) => [o.lead_name, o.note, o.contact_name].some((text) => (text ?? '').toLowerCase().includes('budget'))],
  ];
  for (const [query, test] of cases) {
    it(`matches for "${query || 'no filter'}"`, () => {
      const matching = dataset.opportunities.filter(test);
      assert.ok(matching.length > 0, 'the case selects something');
      assert.deepEqual(aggregateFields(ok(dataset, query)), expectedAggregates(matching));
    });
  }

  it('has the same aggregates on every page', () => {
    const pages = [0, 100, 2400].map((skip) => aggregateFields(ok(dataset, `status_type=active&_skip=${skip}`)));
    assert.deepEqual(pages[1], pages[0]);
    assert.deepEqual(pages[2], pages[0]);
  });

  it('formats each sum with the org currency, null when 0', () => {
    const body = ok(dataset, 'value_period=monthly');
    assert.equal(body.total_value_one_time_formatted, null);
    const cents = body.total_value_monthly as number;
    const whole = Math.floor(cents / 100).toLocaleString('en-US');
    const expected = cents % 100 === 0 ? `$${whole}` : `$${whole}.${String(cents % 100).padStart(2, '0')}`;
    assert.equal(body.total_value_monthly_formatted, expected);
  });
});

describe('fake query engine: filters', () => {
  const dataset = generateDataset({ opportunities: 1500, seed: 3 });
  const o0 = dataset.opportunities.find((o) => dataset.opportunities.filter((p) => p.lead_id === o.lead_id).length > 1)!;
  const user = dataset.users[1].id;
  const wonStatus = dataset.statuses.find((s) => s.type === 'won')!;
  const activeStatuses = dataset.statuses.filter((s) => s.type === 'active').slice(0, 2);
  const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`);
  const created = (o: Opportunity): number => Date.parse(o.date_created);
  const updated = (o: Opportunity): number => Date.parse(o.date_updated);
  const someDateWon = dataset.opportunities.find((o) => o.date_won !== null)!.date_won!;
  const text = (o: Opportunity): string => [o.lead_name, o.note, o.contact_name].map((t) => (t ?? '').toLowerCase()).join('\n');

  const cases: [string, (o: Opportunity) => boolean][] = [
    [`lead_id=${o0.lead_id}`, (o) => o.lead_id === o0.lead_id],
    [`organization_id=${dataset.organization.id}`, () => true],
    ['organization_id=orga_other', () => false],
    [`user_id=${user}`, (o) => o.user_id === user],
    [`user_id__in=${user},${dataset.deactivatedUsers[0].id}`, (o) => o.user_id === user || o.user_id === dataset.deactivatedUsers[0].id],
    [`status_id=${wonStatus.id}`, (o) => o.status_id === wonStatus.id],
    [`status_id__in=${activeStatuses.map((s) => s.id).join(',')}`, (o) => activeStatuses.some((s) => s.id === o.status_id)],
    ['status_type=lost', (o) => o.status_type === 'lost'],
    ['status_type__in=won,lost', (o) => o.status_type !== 'active'],
    [`status_label=${encodeURIComponent('Demo Scheduled')}`, (o) => o.status_label === 'Demo Scheduled'],
    ['status_label__in=Won,Renewed', (o) => o.status_label === 'Won' || o.status_label === 'Renewed'],
    ['status=Lost', (o) => o.status_label === 'Lost'],
    ['status__in=Lost,Churned', (o) => o.status_label === 'Lost' || o.status_label === 'Churned'],
    ['value_period=annual', (o) => o.value_period === 'annual'],
    ['value_period__in=one_time,monthly', (o) => o.value_period !== 'annual'],
    [`date_won=${someDateWon}`, (o) => o.date_won === someDateWon],
    ['date_won__gte=2025-06-01', (o) => o.date_won !== null && o.date_won >= '2025-06-01'],
    ['date_won__gt=2025-06-01', (o) => o.date_won !== null && o.date_won > '2025-06-01'],
    ['date_won__lte=2023-02-28', (o) => o.date_won !== null && o.date_won <= '2023-02-28'],
    ['date_won__lt=2023-02-28', (o) => o.date_won !== null && o.date_won < '2023-02-28'],
    // A datetime bound on the date field date_won counts by its UTC calendar date.
    [`date_won__gte=${encodeURIComponent('2025-06-01T23:30:00-02:00')}`, (o) => o.date_won !== null && o.date_won >= '2025-06-02'],
    // A date-only bound on a datetime field means that day's start, 00:00 UTC.
    ['date_created__gte=2024-01-31', (o) => created(o) >= dayStart('2024-01-31')],
    ['date_created__lte=2024-01-31', (o) => created(o) <= dayStart('2024-01-31')],
    ['date_created__gt=2024-01-31T10:00:00Z', (o) => created(o) > Date.parse('2024-01-31T10:00:00Z')],
    [`date_created__lt=${encodeURIComponent('2024-01-31T10:00:00+05:30')}`, (o) => created(o) < Date.parse('2024-01-31T04:30:00Z')],
    // An exact date-only match on a datetime field means the whole UTC day.
    [`date_created=${dataset.opportunities[5].date_created.slice(0, 10)}`, (o) => o.date_created.slice(0, 10) === dataset.opportunities[5].date_created.slice(0, 10)],
    [`date_updated=${encodeURIComponent(dataset.opportunities[9].date_updated)}`, (o) => updated(o) === updated(dataset.opportunities[9])],
    [
      `date_updated__gte=2025-01-01&date_updated__lt=${encodeURIComponent('2025-02-01T00:00:00+00:00')}`,
      (o) => updated(o) >= dayStart('2025-01-01') && updated(o) < dayStart('2025-02-01'),
    ],
    ['is_stalled=true', (o) => o.is_stalled === true],
    ['is_stalled=false', (o) => o.is_stalled !== true],
    ['query=budget', (o) => text(o).includes('budget')],
    [`query=${encodeURIComponent('"security review"')}`, (o) => text(o).includes('security review')],
    [`query=${encodeURIComponent('note:proposal')}`, (o) => (o.note ?? '').toLowerCase().includes('proposal')],
    [`query=${encodeURIComponent('note:"annual billing"')}`, (o) => (o.note ?? '').toLowerCase().includes('annual billing')],
    [`query=${encodeURIComponent('見積書')}`, (o) => text(o).includes('見積書')],
    [`query=${encodeURIComponent('"<script>alert"')}`, (o) => text(o).includes('<script>alert')],
    [`query=${encodeURIComponent('status_type:won')}`, (o) => o.status_type === 'won'],
    [`query=${encodeURIComponent('opportunity_status_type:active')}`, (o) => o.status_type === 'active'],
    [`query=${encodeURIComponent('status:"demo scheduled"')}`, (o) => o.status_label === 'Demo Scheduled'],
    [`query=${encodeURIComponent('opportunity_status:"Proposal Sent"')}`, (o) => o.status_label === 'Proposal Sent'],
    [
      `query=${encodeURIComponent('approved status_type:won note:budget')}`,
      (o) => text(o).includes('approved') && o.status_type === 'won' && (o.note ?? '').toLowerCase().includes('budget'),
    ],
    [
      `lead_query=${encodeURIComponent('globex')}`,
      (o) => {
        const lead = dataset.leads.find((l) => l.id === o.lead_id)!;
        return [lead.name ?? '', ...lead.contacts.map((c) => c.name)].some((name) => name.toLowerCase().includes('globex'));
      },
    ],
    [`lead_saved_search_id=${dataset.savedSearches[0].id}`, (o) => dataset.savedSearches[0].matchingLeadIds.includes(o.lead_id)],
    [`user_id=${user}&status_type=won&value_period=one_time`, (o) => o.user_id === user && o.status_type === 'won' && o.value_period === 'one_time'],
    [`user_id=${user}&user_id__in=${user},${dataset.users[2].id}`, (o) => o.user_id === user],
    ['status_type=', () => true],
  ];
  for (const [query, test] of cases) {
    it(`returns exactly the matching opportunities for ${decodeURIComponent(query)}`, () => {
      const expected = idsWhere(dataset, test);
      sameMembers(allIds(dataset, query), expected);
      assert.equal(ok(dataset, query).total_results, expected.length);
    });
  }

  it('has cases that narrow: every filter but the all/none ones selects some but not all opportunities', () => {
    const allOrNone = new Set([`organization_id=${dataset.organization.id}`, 'organization_id=orga_other', 'status_type=']);
    for (const [query, test] of cases) {
      if (allOrNone.has(query)) continue;
      const n = idsWhere(dataset, test).length;
      assert.ok(n > 0 && n < dataset.opportunities.length, `${decodeURIComponent(query)} selects ${n}`);
    }
  });
});

describe('fake query engine: order', () => {
  const dataset = generateDataset({ opportunities: 1200, seed: 11 });
  const byId = new Map(dataset.opportunities.map((o) => [o.id, o]));
  const read = (o: Opportunity, field: string): number | string | null => {
    if (field === 'date_created' || field === 'date_updated') return Date.parse(o[field]);
    if (field === 'user_name') return o.user_name ? o.user_name.toLowerCase() : null;
    return (o as unknown as Record<string, number | string | null>)[field] ?? null;
  };
  const fields = ['date_won', 'date_updated', 'date_created', 'confidence', 'user_name', 'value', 'annualized_value', 'annualized_expected_value'];
  for (const field of fields) {
    for (const descending of [false, true]) {
      it(`sorts by ${descending ? '-' : ''}${field}, nulls last, ties by id`, () => {
        const ids = allIds(dataset, `_order_by=${descending ? '-' : ''}${field}`);
        assert.equal(ids.length, dataset.opportunities.length);
        for (let i = 1; i < ids.length; i++) {
          const a = read(byId.get(ids[i - 1])!, field);
          const b = read(byId.get(ids[i])!, field);
          const where = `at ${i}: ${a} then ${b}`;
          if (a === null) assert.equal(b, null, `null is last, ${where}`);
          else if (b !== null && a !== b) assert.ok(descending ? a > b : a < b, where);
          else if (a === b) assert.ok(ids[i - 1] < ids[i], `tie broken by id, ${where}`);
        }
      });
    }
  }

  it('defaults to most recently updated first', () => {
    assert.deepEqual(allIds(dataset, ''), allIds(dataset, '_order_by=-date_updated'));
  });
});

describe('fake query engine: groups', () => {
  const base = generateDataset({ opportunities: 1500, seed: 5 });

  /** The generated dataset with chosen date_won values on its first opportunities. */
  function withDatesWon(dates: (string | null)[]): Dataset {
    const opportunities = base.opportunities.slice(0, dates.length).map((o, i) => ({ ...o, date_won: dates[i] }));
    return { ...base, opportunities };
  }

  it('puts 2024-12-30 in ISO week 1 of 2025 and 2021-01-03 in week 53 of 2020', () => {
    const dataset = withDatesWon(['2024-12-30', '2021-01-03', '2024-12-29', '2021-01-04', '2026-01-01']);
    const body = ok(dataset, '_group_by=date_won__week');
    assert.deepEqual(
      body.data.map((g: Body) => [g.weekyear, g.week, g.objects[0].date_won]),
      [
        [2020, 53, '2021-01-03'],
        [2021, 1, '2021-01-04'],
        [2024, 52, '2024-12-29'],
        [2025, 1, '2024-12-30'],
        [2026, 1, '2026-01-01'],
      ],
    );
    assert.equal(new Set(body.data.map((g: Body) => g.key)).size, 5);
  });

  it('gives quarter and year groups their period fields', () => {
    const dataset = withDatesWon(['2024-03-31', '2024-04-01', '2023-12-31']);
    const quarters = ok(dataset, '_group_by=date_won__quarter').data.map((g: Body) => [g.year, g.quarter, g.total_results]);
    assert.deepEqual(quarters, [
      [2023, 4, 1],
      [2024, 1, 1],
      [2024, 2, 1],
    ]);
    const years = ok(dataset, '_group_by=-date_won__year').data.map((g: Body) => [g.year, g.total_results]);
    assert.deepEqual(years, [
      [2024, 2],
      [2023, 1],
    ]);
  });

  it('orders date groups ascending with the "none" group last, and reversed with "-"', () => {
    const dataset = withDatesWon(['2024-05-02', null, '2023-01-10', '2024-05-20', null]);
    const ascending = ok(dataset, '_group_by=date_won__month').data;
    assert.deepEqual(
      ascending.map((g: Body) => [g.key, g.year, g.month, g.total_results]),
      [
        ['2023-01', 2023, 1, 1],
        ['2024-05', 2024, 5, 2],
        ['none', null, null, 2],
      ],
    );
    const descending = ok(dataset, '_group_by=-date_won__month').data;
    assert.deepEqual(
      descending.map((g: Body) => g.key),
      ['none', '2024-05', '2023-01'],
    );
  });

  it('orders user groups by full name, including a deactivated owner, and reverses them with "-"', () => {
    const names = new Map([...base.users, ...base.deactivatedUsers].map((u) => [u.id, `${u.first_name} ${u.last_name}`]));
    const groups = ok(base, '_group_by=user_id&_limit=0').data as Body[];
    assert.deepEqual(groups, [], '_limit=0 returns no groups');
    const all = ok(base, '_group_by=user_id&_limit=200&_fields=id').data as Body[];
    const owners = new Set(base.opportunities.map((o) => o.user_id));
    const expectedOrder = [...owners].sort((a, b) => names.get(a)!.toLowerCase().localeCompare(names.get(b)!.toLowerCase()));
    const keysSeen = [...new Set(all.map((g) => g.key))];
    assert.deepEqual(keysSeen, expectedOrder.slice(0, keysSeen.length));
    assert.ok(all.every((g) => g.user_name === names.get(g.user_id)));
    const reversed = allGroups(base, '_group_by=-user_id').map((g) => g.key);
    assert.deepEqual(reversed, [...expectedOrder].reverse());
    assert.ok(expectedOrder.includes(base.deactivatedUsers[0].id), 'the deactivated user owns opportunities');
  });

  /** All pages of a grouped list, merged by key as the client does. */
  function allGroups(dataset: Dataset, query: string): { key: string; total: number; ids: string[]; first: Body }[] {
    const merged: { key: string; total: number; ids: string[]; first: Body }[] = [];
    for (let skip = 0; ; skip += 150) {
      const body = ok(dataset, `${query}&_limit=150&_skip=${skip}`);
      for (const group of body.data) {
        const last = merged[merged.length - 1];
        if (last && last.key === group.key) {
          assert.equal(group.total_results, last.total, 'a cut group repeats its full total');
          last.ids.push(...group.objects.map((o: Opportunity) => o.id));
        } else {
          assert.ok(!merged.some((g) => g.key === group.key), `group ${group.key} appears in one run only`);
          merged.push({ key: group.key, total: group.total_results, ids: group.objects.map((o: Opportunity) => o.id), first: group });
        }
      }
      if (!body.has_more) return merged;
    }
  }

  it('pages objects across groups so that merged groups hold each opportunity once, with matching totals', () => {
    for (const grouping of ['user_id', 'date_won__week', 'date_won__month', 'date_won__quarter', 'date_won__year']) {
      const groups = allGroups(base, `status_type__in=won,active&_group_by=${grouping}`);
      const matching = base.opportunities.filter((o) => o.status_type !== 'lost');
      sameMembers(
        groups.flatMap((g) => g.ids),
        matching.map((o) => o.id),
        grouping,
      );
      for (const group of groups) assert.equal(group.ids.length, group.total, `${grouping} ${group.key}`);
      assert.ok(
        groups.some((g) => g.ids.length > 150 || groups.length > 1),
        'more than one page was needed',
      );
    }
  });

  it('gives each group the aggregates of its own opportunities', () => {
    const groups = allGroups(base, '_group_by=date_won__year');
    const byId = new Map(base.opportunities.map((o) => [o.id, o]));
    for (const group of groups) {
      assert.deepEqual(aggregateFields(group.first), expectedAggregates(group.ids.map((id) => byId.get(id)!)), group.key);
    }
  });

  it('sorts the objects within each group by _order_by', () => {
    const groups = allGroups(base, '_group_by=user_id&_order_by=-value');
    const byId = new Map(base.opportunities.map((o) => [o.id, o]));
    for (const group of groups) {
      const values = group.ids.map((id) => byId.get(id)!.value);
      const nonNull = values.filter((v): v is number => v !== null);
      assert.deepEqual(
        nonNull,
        [...nonNull].sort((a, b) => b - a),
        group.key,
      );
      assert.ok(!values.includes(null) || values.slice(values.indexOf(null)).every((v) => v === null), 'nulls last');
    }
  });
});

describe('fake query engine: _fields, _limit and _skip', () => {
  const dataset = generateDataset({ opportunities: 600, seed: 2 });

  it('returns only the requested fields, aggregates unchanged', () => {
    const full = ok(dataset, 'status_type=won');
    const body = ok(dataset, 'status_type=won&_fields=id,value,lead_name');
    assert.deepEqual(aggregateFields(body), aggregateFields(full));
    for (const o of body.data)
      assert.deepEqual(
        Object.keys(o).filter((k) => k !== 'lead_name'),
        ['id', 'value'],
      );
    assert.deepEqual(
      body.data.map((o: Opportunity) => o.id),
      full.data.map((o: Opportunity) => o.id),
    );
  });

  it('applies _fields to the objects inside groups, and can ask for a custom field', () => {
    const field = `custom.${dataset.customFields[0].id}`;
    const body = ok(dataset, `_group_by=date_won__year&_fields=id,${field}`);
    const objects = body.data.flatMap((g: Body) => g.objects) as Record<string, unknown>[];
    assert.ok(objects.every((o) => Object.keys(o).every((k) => k === 'id' || k === field)));
    assert.ok(objects.some((o) => typeof o[field] === 'string'));
  });

  it('returns no objects but every aggregate for _limit=0', () => {
    const body = ok(dataset, 'status_type=active&_limit=0');
    assert.deepEqual(body.data, []);
    assert.equal(body.has_more, true);
    assert.deepEqual(aggregateFields(body), aggregateFields(ok(dataset, 'status_type=active')));
    assert.equal(ok(dataset, 'organization_id=orga_other&_limit=0').has_more, false);
  });

  it('returns 100 objects by default', () => {
    assert.equal(ok(dataset, '').data.length, 100);
  });

  it('rejects a _limit above the maximum', () => {
    assert.equal(list(dataset, '_limit=200').status, 200);
    const response = list(dataset, '_limit=201');
    assert.equal(response.status, 400);
    assert.match(response.body.error, /max_limit = 200/);
  });

  it("rejects a _skip above the maximum with Close's message", () => {
    assert.equal(list(dataset, '_skip=250000').status, 200);
    const response = list(dataset, '_skip=250001');
    assert.deepEqual(response, {
      status: 400,
      body: { error: 'The skip you set is larger than the maximum skip for this resource (max_skip = 250000). Please refine your search query.' },
    });
  });

  it('names the configured maximum skip in the message', () => {
    const response = listOpportunities(dataset, new URLSearchParams('_skip=1001'), { maxSkip: 1000 });
    assert.equal((response.body as Body).error, 'The skip you set is larger than the maximum skip for this resource (max_skip = 1000). Please refine your search query.');
  });
});

describe('fake query engine: bad input', () => {
  const dataset = generateDataset({ opportunities: 50, seed: 1 });
  const cases: [string, string][] = [
    ['status_type=open', 'status_type'],
    ['status_type__in=won,open', 'status_type__in'],
    ['value_period=weekly', 'value_period'],
    ['value_period__in=one_time,weekly', 'value_period__in'],
    ['date_won__gte=2024-13-01', 'date_won__gte'],
    ['date_won=2024-02-30', 'date_won'],
    ['date_created=yesterday', 'date_created'],
    ['date_updated__lt=2024-01-31T10:00:00 00:00', 'date_updated__lt'],
    ['is_stalled=maybe', 'is_stalled'],
    ['_order_by=name', '_order_by'],
    ['_order_by=-lead_name', '_order_by'],
    ['_group_by=date_won__day', '_group_by'],
    ['_limit=ten', '_limit'],
    ['_skip=-5', '_skip'],
    [`lead_saved_search_id=${dataset.savedSearches.find((s) => s.type === 'contact')!.id}`, 'lead_saved_search_id'],
    [`lead_query=${encodeURIComponent('status:Won')}`, 'lead_query'],
  ];
  for (const [query, parameter] of cases) {
    it(`answers 400 naming ${parameter} for ${query}`, () => {
      const response = list(dataset, query);
      assert.equal(response.status, 400);
      assert.equal(typeof response.body.error, 'string');
      assert.ok(response.body.error.includes(parameter), response.body.error);
    });
  }

  const badQueries = [
    '"unbalanced',
    'note:"unbalanced',
    'foo(',
    'status_change(old_status:active',
    'status_change(when:yesterday)',
    'status_change(date:last_decade)',
    'foo:bar',
    'status_type:open',
    'acme OR globex',
    'note:',
    'http://x',
  ];
  for (const query of badQueries) {
    it(`answers 400 "Invalid query: …" for ${query}`, () => {
      const response = list(dataset, `query=${encodeURIComponent(query)}`);
      assert.equal(response.status, 400);
      assert.match(response.body.error, /^Invalid query: \S/);
    });
  }
});

describe('fake query engine: the documented query examples', () => {
  // The anchor is "today" for the server's clock below, so opportunities were won and lost yesterday.
  const anchor = '2026-03-10';
  const dataset = generateDataset({ opportunities: 3000, seed: 4, anchor });
  const now = () => Date.parse(`${anchor}T15:00:00Z`);
  const ids = (query: string) => {
    const response = listOpportunities(dataset, new URLSearchParams({ query, _limit: '200' }), { now });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const body = response.body as Body;
    assert.ok(body.total_results <= 200);
    return body.data.map((o: { id: string }) => o.id).sort();
  };
  const expected = (test: (o: Opportunity) => boolean) =>
    dataset.opportunities
      .filter(test)
      .map((o) => o.id)
      .sort();

  it("answers Close's own example status_change(old_status:active new_status:won date:yesterday)", () => {
    const won = ids('status_change(old_status:active new_status:won date:yesterday)');
    assert.ok(won.length > 0);
    assert.deepEqual(
      won,
      expected((o) => o.status_type === 'won' && o.date_won === '2026-03-09'),
    );
  });

  it('takes a status label, a day, and each part alone', () => {
    const lost = dataset.opportunities.find((o) => o.status_type === 'lost' && o.date_lost)!;
    const day = lost.date_lost!.slice(0, 10);
    assert.deepEqual(
      ids(`status_change(new_status:"${lost.status_label}" date:${day})`),
      // A label that is also a type's name ("Lost") means the type.
      expected(
        (o) =>
          (o.status_label === lost.status_label || o.status_type === lost.status_label!.toLowerCase()) && o.status_type === 'lost' && o.date_lost?.slice(0, 10) === day,
      ),
    );
    assert.deepEqual(ids('status_change(new_status:lost date:today) note:"zzz-nothing"'), []);
  });

  it('answers the other documented forms: note:, opportunity_status:"…", opportunity_status_type:', () => {
    const label = dataset.opportunities[0].status_label!;
    assert.deepEqual(listOpportunities(dataset, new URLSearchParams({ query: `opportunity_status:"${label}"`, _limit: '0' })).status, 200);
    assert.equal(listOpportunities(dataset, new URLSearchParams({ query: 'opportunity_status_type:active', _limit: '0' })).status, 200);
    assert.equal(listOpportunities(dataset, new URLSearchParams({ query: 'note:important', _limit: '0' })).status, 200);
  });
});

describe('fake query engine: a missing Smart View', () => {
  it('answers 404 naming the model, as Close does for an object that does not exist', () => {
    const dataset = generateDataset({ opportunities: 20, seed: 1 });
    assert.deepEqual(listOpportunities(dataset, new URLSearchParams('lead_saved_search_id=save_deleted')), {
      status: 404,
      body: { error: 'Empty query: SavedSearch matching query does not exist.' },
    });
  });
});
