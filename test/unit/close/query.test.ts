import * as assert from 'node:assert/strict';
import { FilterValidationError } from '../../../src/close/errors';
import type { OpportunityFilter } from '../../../src/close/filter';
import { parseIsoInstant } from '../../../src/close/isoDates';
import { toQueryParams, validateFilter } from '../../../src/close/query';
import { type FakeServer, rejection, startFakeServer, testClient } from '../../support/testClient';

const query = (filter: OpportunityFilter, page?: { skip: number; limit: number }) => Object.fromEntries(toQueryParams(filter, page));

describe('toQueryParams', () => {
  it('sends one list element as field=value and several as field__in=a,b', () => {
    assert.deepEqual(query({ user_id: ['user_a'] }), { user_id: 'user_a' });
    assert.deepEqual(query({ status_type: ['active', 'won'] }), { status_type__in: 'active,won' });
  });

  it('leaves out empty lists and empty text', () => {
    assert.deepEqual(query({ user_id: [], query: '', status_id: [] }), {});
  });

  it('sends date ranges as field, field__gte, field__gt, field__lte, field__lt', () => {
    assert.deepEqual(query({ date_won: { gte: '2024-01-01', lte: '2024-03-31' }, date_created: { gt: '2024-01-01T00:00:00Z', lt: '2024-02-01T00:00:00+02:00' } }), {
      date_won__gte: '2024-01-01',
      date_won__lte: '2024-03-31',
      date_created__gt: '2024-01-01T00:00:00Z',
      date_created__lt: '2024-02-01T00:00:00+02:00',
    });
  });

  describe('days of date_created and date_updated, in the local time zone', () => {
    const zone = process.env.TZ;
    const inZone = (tz: string) => {
      process.env.TZ = tz;
    };
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('sends a range of days as 00:00 of the first day up to 00:00 of the day after the last', () => {
      inZone('America/New_York');
      assert.deepEqual(query({ date_created: { gte: '2024-03-15', lte: '2024-03-15' } }), {
        date_created__gte: '2024-03-15T00:00:00-04:00',
        date_created__lt: '2024-03-16T00:00:00-04:00',
      });
      inZone('UTC');
      assert.deepEqual(query({ date_updated: { gte: '2024-10-01', lte: '2024-10-31' } }), {
        date_updated__gte: '2024-10-01T00:00:00+00:00',
        date_updated__lt: '2024-11-01T00:00:00+00:00',
      });
    });

    it('follows daylight saving and half-hour zones, and sends an exact day as the whole day', () => {
      inZone('America/New_York');
      // 2024-03-10 is the day clocks go forward in New York.
      assert.deepEqual(query({ date_updated: { eq: '2024-03-10' } }), {
        date_updated__gte: '2024-03-10T00:00:00-05:00',
        date_updated__lt: '2024-03-11T00:00:00-04:00',
      });
      inZone('Asia/Kolkata');
      assert.deepEqual(query({ date_created: { gt: '2024-12-31', lt: '2025-02-01' } }), {
        date_created__gte: '2025-01-01T00:00:00+05:30',
        date_created__lt: '2025-02-01T00:00:00+05:30',
      });
    });

    it('keeps date_won a calendar date and datetimes as given', () => {
      inZone('Asia/Tokyo');
      assert.deepEqual(query({ date_won: { gte: '2024-03-15', lte: '2024-03-15' }, date_updated: { lte: '2024-03-15T12:00:00Z' } }), {
        date_won__gte: '2024-03-15',
        date_won__lte: '2024-03-15',
        date_updated__lte: '2024-03-15T12:00:00Z',
      });
    });
  });

  it('encodes the + of an offset so it does not arrive as a space', () => {
    assert.match(toQueryParams({ date_created: { gte: '2024-01-01T00:00:00+02:00' } }).toString(), /%2B02%3A00/);
  });

  it('sends order, grouping and fields with a minus for descending', () => {
    assert.deepEqual(
      query({ order_by: { field: 'date_updated', descending: true }, group_by: { field: 'date_won__month', descending: true }, fields: ['id', 'lead_name'] }),
      { _order_by: '-date_updated', _group_by: '-date_won__month', _fields: 'id,lead_name' },
    );
    assert.deepEqual(query({ order_by: { field: 'value', descending: false }, group_by: { field: 'user_id', descending: false } }), {
      _order_by: 'value',
      _group_by: 'user_id',
    });
  });

  it('sends is_stalled as true or false and the page as _limit and _skip', () => {
    assert.deepEqual(query({ is_stalled: false }, { skip: 200, limit: 100 }), { is_stalled: 'false', _limit: '100', _skip: '200' });
    assert.deepEqual(query({ is_stalled: true }), { is_stalled: 'true' });
  });
});

function validationError(filter: OpportunityFilter): FilterValidationError {
  try {
    validateFilter(filter);
  } catch (error) {
    assert.ok(error instanceof FilterValidationError, String(error));
    return error;
  }
  assert.fail('the filter was accepted');
}

describe('validateFilter', () => {
  const cases: [string, unknown, string][] = [
    ['an unknown status type', { status_type: ['pending'] }, 'status_type'],
    ['an unknown value period', { value_period: ['weekly'] }, 'value_period'],
    ['an unknown order field', { order_by: { field: 'lead_name', descending: false } }, 'order_by'],
    ['an unknown group field', { group_by: { field: 'date_won__day', descending: false } }, 'group_by'],
    ['a date that does not exist', { date_won: { gte: '2023-02-29' } }, 'date_won'],
    ['a month 13', { date_created: { lte: '2024-13-01' } }, 'date_created'],
    ['a date in another format', { date_won: { gte: '03/01/2024' } }, 'date_won'],
    ['a datetime with hour 24', { date_updated: { gt: '2024-01-01T24:00:00Z' } }, 'date_updated'],
    ['an end before the start', { date_won: { gte: '2024-03-01', lte: '2024-02-01' } }, 'date_won'],
    ['an exclusive end equal to the start', { date_created: { gte: '2024-03-01', lt: '2024-03-01' } }, 'date_created'],
    ['an empty user id', { user_id: [''] }, 'user_id'],
    ['an id with a comma', { status_id: ['stat_a,stat_b'] }, 'status_id'],
    ['an empty Smart View id', { lead_saved_search_id: ' ' }, 'lead_saved_search_id'],
    ['is_stalled as text', { is_stalled: 'yes' }, 'is_stalled'],
    ['a list given as text', { user_id: 'user_a' }, 'user_id'],
    ['an unknown date comparison', { date_won: { after: '2024-01-01' } }, 'date_won'],
  ];
  for (const [what, filter, field] of cases) {
    it(`refuses ${what}, naming ${field}`, () => {
      const error = validationError(filter as OpportunityFilter);
      assert.equal(error.code, 'INVALID_FILTER');
      assert.equal(error.field, field);
      assert.ok(error.message.includes(field), error.message);
    });
  }

  it('lists the accepted values of an enum', () => {
    const error = validationError({ status_type: ['pending' as never] });
    assert.deepEqual(error.accepted, ['active', 'won', 'lost']);
    assert.match(error.message, /active, won, lost/);
  });

  it('accepts real dates, datetimes with offsets and equal inclusive bounds', () => {
    validateFilter({
      date_won: { gte: '2024-02-29', lte: '2024-02-29' },
      date_created: { gte: '2024-01-01T10:00:00.123456+02:00', lt: '2024-01-01T10:00:00Z' },
      date_updated: { eq: '2025-06-09T13:06:32.277000+00:00' },
      status_type: ['active', 'won', 'lost'],
      value_period: ['one_time', 'monthly', 'annual'],
    });
  });

  it('compares a date and a datetime by the instant they name', () => {
    assert.equal(parseIsoInstant('2024-01-01T02:00:00+02:00'), parseIsoInstant('2024-01-01'));
    assert.throws(() => validateFilter({ date_created: { gte: '2024-01-02', lte: '2024-01-01T23:59:59Z' } }), FilterValidationError);
  });
});

describe('filter parameters at the server', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 300 });
  });
  after(() => server.close());

  const sent = async (filter: OpportunityFilter): Promise<Record<string, string>> => {
    const { client } = testClient(server);
    server.resetRequests();
    await client.listOpportunities(filter, { skip: 0, limit: 5 });
    await client.close();
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].path, '/api/v1/opportunity/');
    const { _limit, _skip, ...rest } = server.requests[0].query;
    assert.deepEqual([_limit, _skip], ['5', '0']);
    return rest;
  };

  it('sends every filter field as Close documents it', async () => {
    const users = server.dataset.users;
    const statuses = server.dataset.statuses;
    const filter: OpportunityFilter = {
      lead_id: 'lead_x',
      organization_id: server.dataset.organization.id,
      user_id: [users[0].id, users[1].id],
      status_id: [statuses[0].id],
      status_type: ['active', 'won'],
      status_label: ['Won'],
      status: ['Lost', 'Won'],
      value_period: ['monthly'],
      date_won: { gte: '2024-01-01', lte: '2024-12-31' },
      date_created: { gt: '2023-01-01T00:00:00+00:00' },
      date_updated: { lt: '2027-01-01T00:00:00Z' },
      query: 'note:important',
      lead_query: 'acme',
      lead_saved_search_id: server.dataset.savedSearches[0].id,
      is_stalled: false,
      order_by: { field: 'annualized_value', descending: true },
      fields: ['id', 'lead_name'],
    };
    assert.deepEqual(await sent(filter), {
      lead_id: 'lead_x',
      organization_id: server.dataset.organization.id,
      user_id__in: `${users[0].id},${users[1].id}`,
      status_id: statuses[0].id,
      status_type__in: 'active,won',
      status_label: 'Won',
      status__in: 'Lost,Won',
      value_period: 'monthly',
      date_won__gte: '2024-01-01',
      date_won__lte: '2024-12-31',
      date_created__gt: '2023-01-01T00:00:00+00:00',
      date_updated__lt: '2027-01-01T00:00:00Z',
      query: 'note:important',
      lead_query: 'acme',
      lead_saved_search_id: server.dataset.savedSearches[0].id,
      is_stalled: 'false',
      _order_by: '-annualized_value',
      _fields: 'id,lead_name',
    });
  });

  it('sends a grouping with its direction', async () => {
    assert.deepEqual(await sent({ group_by: { field: 'date_won__week', descending: true } }), { _group_by: '-date_won__week' });
  });

  it('sends an exact date and is_stalled=true', async () => {
    assert.deepEqual(await sent({ date_won: { eq: '2024-03-14' }, is_stalled: true }), { date_won: '2024-03-14', is_stalled: 'true' });
  });

  it('refuses invalid filters before anything is sent, from every entry point', async () => {
    const { client } = testClient(server);
    server.resetRequests();
    const bad: OpportunityFilter = { date_won: { gte: '2024-04-31' } };
    for (const call of [
      () => client.listOpportunities(bad, { skip: 0, limit: 10 }),
      () => client.fetchAll(bad),
      () => client.discoverGroups({ ...bad, group_by: { field: 'user_id', descending: false } }),
      async () => {
        for await (const page of client.pages(bad)) void page;
      },
    ]) {
      const error = await rejection(call());
      assert.ok(error instanceof FilterValidationError);
      assert.equal(error.field, 'date_won');
    }
    assert.equal(server.requests.length, 0);
    await client.close();
  });
});

describe('one-day ranges at the server', () => {
  let server: FakeServer;
  const zone = process.env.TZ;
  before(async () => {
    server = await startFakeServer({ opportunities: 2000, seed: 8 });
  });
  after(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await server.close();
  });

  /** The user's calendar day of a value: date_won as it is, datetimes in the local time zone. */
  const localDay = (value: string | null | undefined): string | undefined => {
    if (!value) return undefined;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    const d = new Date(value);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };

  for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Auckland']) {
    for (const field of ['date_won', 'date_created', 'date_updated'] as const) {
      it(`a one-day range on ${field} returns exactly that day's opportunities (${tz})`, async () => {
        process.env.TZ = tz;
        // The busiest day, so the test covers several opportunities and their times across the day.
        const counts = new Map<string, number>();
        for (const o of server.dataset.opportunities) {
          const day = localDay(o[field]);
          if (day) counts.set(day, (counts.get(day) ?? 0) + 1);
        }
        const [day, count] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
        assert.ok(count >= 2, `${day} has ${count}`);
        const expected = server.dataset.opportunities
          .filter((o) => localDay(o[field]) === day)
          .map((o) => o.id)
          .sort();
        const { client } = testClient(server);
        const result = await client.fetchAll({ [field]: { gte: day, lte: day } });
        await client.close();
        assert.deepEqual(result.objects.map((o) => o.id).sort(), expected);
        assert.equal(result.aggregates.total_results, expected.length);
      });
    }
  }
});
