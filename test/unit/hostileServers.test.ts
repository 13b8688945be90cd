// The client against a server (or proxy) that lies: every case ends by itself after a few requests, with a
// message that says what the server did. Each test asserts the requests sent and the error.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloseClient, type CloseClientOptions } from '../../src/close/client';
import { BadResponseError, GroupingLimitError, ServerError } from '../../src/close/errors';
import { exportOpportunities, TempFileSink } from '../../src/features/export/exportFile';
import { waitFor } from '../support/waitFor';
import { CAP_MESSAGE, type Liar, type LiarAnswer, type LiarServer, opportunities, opportunityPage, startLiar } from '../support/liarServer';

interface Run {
  server: LiarServer;
  client: CloseClient;
  sleeps: number[];
  warnings: string[];
}

const running: Run[] = [];

async function liar(answer: Liar, options: Partial<CloseClientOptions> = {}, maxRequests?: number): Promise<Run> {
  const server = await startLiar(answer, { maxRequests });
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const client = new CloseClient({
    baseUrl: server.url,
    credentials: { apiKey: server.key },
    random: () => 0,
    // Waits are recorded and skipped, so a retry test does not sit out a server's Retry-After.
    sleep: (ms) => Promise.resolve(void sleeps.push(ms)),
    onWarning: (message) => warnings.push(message),
    ...options,
  });
  const run = { server, client, sleeps, warnings };
  running.push(run);
  return run;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.doesNotMatch(String(error), new RegExp(CAP_MESSAGE), 'the client ran into the test server’s cap');
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const skipOf = (params: URLSearchParams) => Number(params.get('_skip') ?? 0);
const limitOf = (params: URLSearchParams) => Number(params.get('_limit') ?? 100);

describe('hostile servers: bounded whatever the server says', () => {
  afterEach(async () => {
    for (const run of running.splice(0)) {
      await run.client.close();
      await run.server.close();
    }
  });

  describe('paging opportunities', () => {
    it('stops a has_more that never ends within the margin the first page’s total allows', async () => {
      // Always new opportunities and has_more: true, though the first page said there are 100.
      const { server, client } = await liar(({ params }) => ({ body: opportunityPage(opportunities(skipOf(params), limitOf(params)), 100, true) }));
      const error = await rejection(client.fetchAll({}, { limit: 100 }));
      assert.ok(error instanceof BadResponseError, String(error));
      assert.match(
        error.message,
        /^Close still said there were more opportunities after 3 pages of GET opportunity\/, though its first page said there are 100\. Stopped there\.$/,
      );
      assert.equal(server.count('/opportunity/'), 3);
    });

    it('stops when a page adds no new opportunity (a server that ignores _skip)', async () => {
      const { server, client } = await liar(() => ({ body: opportunityPage(opportunities(0, 100), 5000, true) }), { maxConcurrency: 1 });
      const error = await rejection(client.fetchAll({}, { limit: 100 }));
      assert.ok(error instanceof BadResponseError, String(error));
      assert.match(
        error.message,
        /^Close answered GET opportunity\/ at _skip=100 with opportunities already listed, so paging would not end \(the server or a proxy ignores _skip or repeats pages\)\. Stopped after [23] requests\.$/,
      );
      // The first page, the repeated one, and at most the one queued behind it when it arrived.
      assert.ok(server.count('/opportunity/') <= 3, `${server.count('/opportunity/')} requests`);
    });

    it('stops a server that ignores _skip after at most the requests already in flight', async () => {
      const { server, client } = await liar(() => ({ body: opportunityPage(opportunities(0, 100), 250_000, true) }), { maxConcurrency: 12 });
      const error = await rejection(client.fetchAll({}, { limit: 100 }));
      assert.ok(error instanceof BadResponseError, String(error));
      assert.match(error.message, /already listed/);
      assert.ok(server.count('/opportunity/') <= 1 + 12, `${server.count('/opportunity/')} requests`);
    });

    it('refuses one opportunity per page claiming thousands after the first page', async () => {
      const { server, client } = await liar(({ params }) => ({ body: opportunityPage(opportunities(skipOf(params), 1), 5000, true) }));
      const error = await rejection(client.fetchAll({}, { limit: 100 }));
      assert.ok(error instanceof BadResponseError, String(error));
      assert.equal(
        error.message,
        'Close sent 1 opportunity on the first page of GET opportunity/ though 100 were asked for, and says there are 5,000: listing them would take 4,999 more requests. Stopped after the first page.',
      );
      assert.equal(server.count('/opportunity/'), 1);
    });

    it('still follows a server whose own page cap is below what was asked (200 asked, 100 sent)', async () => {
      const { server, client } = await liar(({ params }) => {
        const skip = skipOf(params);
        return { body: opportunityPage(opportunities(skip, Math.min(100, 1000 - skip)), 1000, skip + 100 < 1000) };
      });
      const result = await client.fetchAll({}, { limit: 200 });
      assert.equal(result.objects.length, 1000);
      assert.equal(server.count('/opportunity/'), 10);
    });

    it('stops the sequential pages() when a page repeats', async () => {
      const { server, client } = await liar(() => ({ body: opportunityPage(opportunities(0, 10), 1000, true) }));
      const seen: number[] = [];
      const error = await rejection(
        (async () => {
          for await (const page of client.pages({}, { limit: 10 })) seen.push(page.data.length);
        })(),
      );
      assert.ok(error instanceof BadResponseError, String(error));
      assert.match(error.message, /at _skip=10 with opportunities already listed/);
      assert.deepEqual(seen, [10]);
      assert.equal(server.count('/opportunity/'), 2);
    });

    it('stops an export when a server that ignores _skip repeats the first page, after at most the pages ahead', async () => {
      const { server, client } = await liar(() => ({ body: opportunityPage(opportunities(0, 100), 250_000, true) }), { maxConcurrency: 4 });
      const handed: number[] = [];
      const error = await rejection(client.eachPage({}, { onPage: (objects) => void handed.push(objects.length) }));
      assert.ok(error instanceof BadResponseError, String(error));
      assert.match(error.message, /^Close answered GET opportunity\/ at _skip=100 with opportunities already listed/);
      assert.deepEqual(handed, [100]);
      assert.ok(server.count('/opportunity/') <= 1 + 4, `${server.count('/opportunity/')} requests`);
    });

    it('fails an export on a page that is not JSON with what came instead, as for any other request', async () => {
      const { client } = await liar(({ params }) =>
        skipOf(params) === 200 ? { rawBody: '<html>maintenance</html>' } : { body: opportunityPage(opportunities(skipOf(params), 100), 500, true) },
      );
      const handed: number[] = [];
      const error = await rejection(client.eachPage({}, { onPage: (objects) => void handed.push(objects.length) }));
      assert.ok(error instanceof BadResponseError, String(error));
      assert.equal(error.message, 'Close sent a response that is not valid JSON (status 200, 24 bytes): <html>maintenance</html>');
      assert.deepEqual(handed, [100, 100]);
    });
  });

  describe('grouping by date', () => {
    /** The top-level total `total`; the earliest and latest `date_won` `first` and `last`; grouped pages from `grouped`. */
    function datedLiar(total: number, first: string, last: string, grouped: Liar = () => ({ body: opportunityPage([], total, false) })): Liar {
      return (request, n) => {
        const { params } = request;
        if (params.has('_group_by')) return grouped(request, n);
        const order = params.get('_order_by');
        const day = order === 'date_won' ? first : order === '-date_won' ? last : undefined;
        return { body: opportunityPage(day ? [{ id: 'oppo_0000000001', date_won: day }] : [], total, day !== undefined) };
      };
    }

    it('refuses a billion opportunities won from 0001 to 9999 by month after the three requests that showed it', async () => {
      const { server, client } = await liar(datedLiar(1_000_000_000, '0001-01-01', '9999-12-31'));
      const error = await rejection(client.discoverGroups({ group_by: { field: 'date_won__month', descending: false } }));
      assert.ok(error instanceof GroupingLimitError, String(error));
      assert.equal(
        error.message,
        'Grouping stopped: Close says 1,000,000,000 opportunities match, with close dates between 0001-01-01 and 9999-12-31. That is 119,988 groups, more than the 1,000 counted one by one, ' +
          'and more opportunities than the 250,100 that can be listed page by page. Narrow the filter, for example with a close date range.',
      );
      // The total, the earliest and the latest date won: nothing per month, no walking, no paging.
      assert.equal(server.count('/opportunity/'), 3);
    });

    for (const field of ['date_won__week', 'date_won__quarter', 'date_won__year'] as const) {
      it(`refuses the same by ${field.slice(10)} after the same three requests`, async () => {
        const { server, client } = await liar(datedLiar(1_000_000_000, '0001-01-01', '9999-12-31'));
        const error = await rejection(client.discoverGroups({ group_by: { field, descending: true } }));
        assert.ok(error instanceof GroupingLimitError, String(error));
        assert.equal(error.uncounted?.max, 1000);
        assert.ok((error.uncounted?.count ?? 0) > 1000, String(error.uncounted?.count));
        assert.equal(server.count('/opportunity/'), 3);
      });
    }

    it('refuses a total beyond paging even when the groups are few, once they do not add up', async () => {
      // Two years, each said to hold a billion too, so the counts do not add up; neither walking nor paging reaches a billion.
      const { server, client } = await liar(datedLiar(1_000_000_000, '2024-03-01', '2025-06-30'));
      const error = await rejection(client.discoverGroups({ group_by: { field: 'date_won__year', descending: false } }, { method: 'aggregate' }));
      assert.ok(error instanceof GroupingLimitError, String(error));
      assert.equal(
        error.message,
        'Grouping stopped: Close says 1,000,000,000 opportunities match, more than the 250,100 that can be listed page by page to find their groups. Narrow the filter, for example with a close date range.',
      );
      assert.equal(server.count('/opportunity/'), 3 + 2);
    });

    it('pages with _fields=id, never counting a period, when the span is too wide but the total is small', async () => {
      const grouped: Liar = ({ params }) => {
        const skip = skipOf(params);
        const objects = opportunities(skip, Math.min(100, 150 - skip));
        return { body: opportunityPage([{ key: '5000', year: 5000, total_results: 150, objects }], 150, skip + 100 < 150) };
      };
      const { server, client } = await liar(datedLiar(150, '0001-01-01', '9999-12-31', grouped));
      const result = await client.discoverGroups({ group_by: { field: 'date_won__month', descending: false } });
      assert.equal(result.method, 'fields');
      assert.deepEqual(
        result.groups.map((g) => [g.key, g.total_results]),
        [['5000', 150]],
      );
      assert.equal(server.count('/opportunity/'), 3 + 2);
      // The one `_limit=0` request is the total's: no period was counted.
      assert.equal(server.requests.filter((r) => r.params.get('_limit') === '0').length, 1);
    });
  });

  describe('reference lists', () => {
    const lists: { name: string; path: string; call: (c: CloseClient) => Promise<unknown[]>; item: (i: number) => Record<string, unknown> }[] = [
      { name: 'users', path: '/user/', call: (c: CloseClient) => c.listUsers(), item: (i: number) => ({ id: `user_${i}`, first_name: 'A', last_name: `${i}` }) },
      {
        name: 'statuses',
        path: '/status/opportunity/',
        call: (c: CloseClient) => c.listStatuses(),
        item: (i: number) => ({ id: `stat_${i}`, label: `S${i}`, type: 'active' }),
      },
      { name: 'pipelines', path: '/pipeline/', call: (c: CloseClient) => c.listPipelines(), item: (i: number) => ({ id: `pipe_${i}`, name: `P${i}`, statuses: [] }) },
      {
        name: 'Smart Views',
        path: '/saved_search/',
        call: (c: CloseClient) => c.listSavedSearches(),
        item: (i: number) => ({ id: `save_${i}`, name: `V${i}`, type: 'lead' }),
      },
    ];
    for (const list of lists) {
      it(`stops listing ${list.name} when a page adds nothing new (has_more for ever, _skip ignored)`, async () => {
        const { server, client } = await liar(() => ({ body: { data: [0, 1, 2].map(list.item), has_more: true } }));
        const error = await rejection(list.call(client));
        assert.ok(error instanceof BadResponseError, String(error));
        assert.match(
          error.message,
          new RegExp(`^Close answered GET ${list.path.slice(1)} at _skip=3 with nothing not already listed \\(it ignores _skip or repeats pages\\); stopped there\\.$`),
        );
        assert.equal(server.count(list.path), 2);
      });

      it(`stops listing ${list.name} after 100 pages of ever new items`, async () => {
        const { server, client } = await liar(({ params }) => ({ body: { data: [list.item(skipOf(params))], has_more: true } }));
        const error = await rejection(list.call(client));
        assert.ok(error instanceof BadResponseError, String(error));
        assert.equal(error.message, `Close still said there was more after 100 pages of GET ${list.path.slice(1)}; stopped there.`);
        assert.equal(server.count(list.path), 100);
      });
    }

    it('leaves out reference items whose id or name is not text, and says so in the log', async () => {
      const { server, client, warnings } = await liar(() => ({
        body: {
          data: [
            { id: 'save_good', name: 'Good', type: 'lead' },
            { id: 42, name: 'Numeric id', type: 'lead' },
            { id: 'save_obj', name: { toString: '<img src=x>' }, type: 'lead' },
            { id: 'save_null', name: null, type: 'lead' },
          ],
          has_more: false,
        },
      }));
      const views = await client.listSavedSearches();
      assert.deepEqual(
        views.map((v) => v.id),
        ['save_good'],
      );
      assert.deepEqual(warnings, ['Left out 3 items of GET saved_search/ whose id or name is not text.']);
      assert.equal(server.count('/saved_search/'), 1);
    });

    it('leaves out users whose name is not text', async () => {
      const { client, warnings } = await liar(() => ({
        body: {
          data: [
            { id: 'user_a', first_name: 'Ann' },
            { id: 'user_b', first_name: ['x'] },
            { id: null, first_name: 'Nobody' },
          ],
          has_more: false,
        },
      }));
      const users = await client.listUsers();
      assert.deepEqual(
        users.map((u) => u.id),
        ['user_a'],
      );
      assert.deepEqual(warnings, ['Left out 2 items of GET user/ whose id or name is not text.']);
    });
  });

  describe('waiting', () => {
    /** Waits that only end when the test says so: what is sent meanwhile did not queue behind them. */
    function heldSleeps() {
      const held: { ms: number; end: () => void }[] = [];
      let holding = true;
      const sleep = (ms: number, signal?: AbortSignal) =>
        new Promise<void>((resolve, reject) => {
          if (!holding) return resolve();
          held.push({ ms, end: resolve });
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true });
        });
      /** Ends every wait, now and from now on. */
      const endAll = () => {
        holding = false;
        held.splice(0).forEach((h) => h.end());
      };
      return { held, sleep, endAll };
    }

    /** 300 opportunities in pages of 100; the first try of every page after the first gets `refusal`. */
    function pagingRefusedOnce(refusal: LiarAnswer): Liar {
      const refused = new Set<number>();
      return ({ path, params }) => {
        if (path.endsWith('/me/')) return { body: { id: 'user_me' } };
        const one = /\/opportunity\/(oppo_\w+)\/$/.exec(path);
        if (one) return { body: { id: one[1], lead_name: 'Hovered' } };
        const skip = skipOf(params);
        if (skip > 0 && !refused.has(skip)) {
          refused.add(skip);
          return refusal;
        }
        return { body: opportunityPage(opportunities(skip, 100), 300, skip + 100 < 300) };
      };
    }

    for (const [name, refusal] of [
      ['a 503 with Retry-After: 3', { status: 503, headers: { 'retry-after': '3' }, body: { error: 'busy' } }],
      ['a 429 with Retry-After: 3', { status: 429, headers: { 'retry-after': '3' }, body: { error: 'slow down' } }],
    ] as const) {
      it(`answers a hover, Show Details and the key check while paging waits out ${name}`, async () => {
        const { held, sleep, endAll } = heldSleeps();
        const { server, client } = await liar(pagingRefusedOnce(refusal), { maxConcurrency: 2, sleep });
        const paging = client.fetchAll({}, { limit: 100 });
        paging.catch(() => undefined);
        await waitFor('both follow-up pages to be refused and paging to wait', () => server.count('/opportunity/') === 3 && held.length > 0);
        // Every slot of paging is taken by a page waiting out the server's Retry-After.
        const hover = await client.getOpportunity('oppo_hovered');
        const me = await client.me();
        assert.equal(hover.lead_name, 'Hovered');
        assert.equal(me.id, 'user_me');
        assert.ok(
          held.every((h) => h.ms > 2900),
          `waits ${held.map((h) => h.ms).join(', ')}`,
        );
        assert.deepEqual(
          server.requests.map((r) => `${r.path.replace('/api/v1/', '')}${r.params.has('_skip') ? `@${r.params.get('_skip')}` : ''}`),
          ['opportunity/@0', 'opportunity/@100', 'opportunity/@200', 'opportunity/oppo_hovered/', 'me/'],
        );
        endAll();
        const result = await paging;
        assert.equal(result.objects.length, 300);
      });
    }

    it('lets the next page go while one page waits out its backoff (the wait holds no concurrency slot)', async () => {
      const { held, sleep, endAll } = heldSleeps();
      const refused = new Set<number>();
      const { server, client } = await liar(
        ({ params }) => {
          const skip = skipOf(params);
          if (skip === 100 && !refused.has(skip)) {
            refused.add(skip);
            return { status: 503, headers: { 'retry-after': '3' }, body: { error: 'busy' } };
          }
          return { body: opportunityPage(opportunities(skip, 100), 300, skip + 100 < 300) };
        },
        { maxConcurrency: 1, sleep },
      );
      const paging = client.fetchAll({}, { limit: 100 });
      paging.catch(() => undefined);
      await waitFor('the page at _skip=100 to wait out its Retry-After', () => held.length === 1);
      // With the only slot free again, the page after it is sent while it waits.
      await waitFor('the page at _skip=200 to be sent during the wait', () => server.requests.some((r) => r.params.get('_skip') === '200'));
      endAll();
      const result = await paging;
      assert.equal(result.objects.length, 300);
      assert.deepEqual(
        server.requests.map((r) => r.params.get('_skip')),
        ['0', '100', '200', '100'],
      );
    });

    it('caps the total time one call waits between retries (503 asking for 40 s each time)', async () => {
      const { server, client, sleeps } = await liar(() => ({ status: 503, headers: { 'retry-after': '40' }, body: { error: 'maintenance' } }));
      const error = await rejection(client.listUsers());
      assert.ok(error instanceof ServerError, String(error));
      assert.equal(error.message, 'Close is unavailable (503: maintenance), after 2 attempts. Try again later.');
      assert.deepEqual(sleeps, [40_000]);
      assert.equal(server.count('/user/'), 2);
    });
  });

  describe('export', () => {
    it('keeps formula-like text from the server inert in the CSV, however it is disguised', async () => {
      const names = ['  =HYPERLINK("http://evil.example")', '\u00a0+1', '\ufeff-1+1', '\n@SUM(A1)', '\uff1d1+1', '\uff0b1', '\uff0d1', '\uff20A1', 'Plain Co'];
      const { server, client } = await liar(({ path }) => {
        if (path.endsWith('/custom_field/opportunity/')) return { body: { data: [], has_more: false } };
        return {
          body: opportunityPage(
            names.map((lead_name, i) => ({ id: `oppo_${i}`, lead_name })),
            names.length,
            false,
          ),
        };
      });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'close-hostile-'));
      try {
        const target = path.join(dir, 'x.csv');
        assert.equal(await exportOpportunities(client, {}, 'csv', await TempFileSink.open(target)), names.length);
        const leadNames = fs
          .readFileSync(target, 'utf8')
          .split('\r\n')
          .slice(1, -1)
          .join('\r\n')
          .match(/^oppo_\d+,("(?:[^"]|"")*"|[^,]*)/gm)!
          .map((row) =>
            row
              .replace(/^oppo_\d+,/, '')
              .replace(/^"|"$/g, '')
              .replace(/""/g, '"'),
          );
        assert.deepEqual(leadNames, [...names.slice(0, -1).map((name) => `'${name}`), 'Plain Co']);
        assert.equal(server.count('/v1/opportunity/'), 1);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('answers', () => {
    it('reads at most 8 MiB of one answer by default', async () => {
      const { server, client } = await liar(() => ({ rawBody: `{"id": "user_x", "pad": "${'x'.repeat(9 * 1024 * 1024)}"}` }));
      const error = await rejection(client.me());
      assert.ok(error instanceof BadResponseError, String(error));
      assert.equal(error.message, 'Close sent more than 8 MB in answer to GET me/; the rest was not read.');
      assert.equal(server.count('/me/'), 1);
    });
  });
});
