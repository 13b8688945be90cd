import * as assert from 'node:assert/strict';
import { type FakeServer, startFakeServer, testClient } from '../../support/testClient';

describe('the organization’s currency', () => {
  for (const currency of ['EUR', 'GBP', 'USD'] as const) {
    it(`is read from Close (${currency}), and the server formats its sums in it`, async () => {
      const server = await startFakeServer({ opportunities: 200, seed: 3, currency });
      const { client } = testClient(server);
      try {
        assert.equal(await client.organizationCurrency(), currency);
        const paths = server.requests.map((r) => `${r.path}?${new URLSearchParams(r.query)}`);
        assert.deepEqual(paths, ['/api/v1/me/?', `/api/v1/organization/${server.dataset.organization.id}/?_fields=id%2Ccurrency`]);
        const page = await client.listOpportunities({}, { skip: 0, limit: 0 });
        const symbol = { EUR: '€', GBP: '£', USD: '$' }[currency];
        assert.ok(String(page.total_value_annualized_formatted).startsWith(symbol));
        const own = server.dataset.opportunities.filter((o) => o.value_currency === currency).length;
        assert.ok(own > server.dataset.opportunities.length * 0.8, `${own} in ${currency}`);
      } finally {
        await client.close();
        await server.close();
      }
    });
  }
});

describe('the organization’s currency, asked beside /me/', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 30, seed: 5, currency: 'EUR', latencyMs: 200 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('asks for the expected organization at the same time as /me/, and one /me/ serves the key check and the currency', async () => {
    const { client } = testClient(server);
    try {
      const organization = server.dataset.organization.id;
      const started = Date.now();
      const [me, currency] = await Promise.all([client.me(), client.organizationCurrency(undefined, organization)]);
      const elapsed = Date.now() - started;
      assert.equal(currency, 'EUR');
      assert.equal(me.id, server.dataset.me.id);
      assert.deepEqual(server.requests.map((r) => r.path).sort(), ['/api/v1/me/', `/api/v1/organization/${organization}/`]);
      // One round trip of 200 ms, not two.
      assert.ok(Math.abs(server.requests[0].time - server.requests[1].time) < 150, 'sent together');
      assert.ok(elapsed < 390, `${elapsed} ms`);
    } finally {
      await client.close();
    }
  });

  it('uses the organization /me/ names when the expected one is another', async () => {
    const { client } = testClient(server);
    try {
      assert.equal(await client.organizationCurrency(undefined, 'orga_notThisOne123'), 'EUR');
      const paths = server.requests.map((r) => r.path);
      assert.ok(paths.includes(`/api/v1/organization/${server.dataset.organization.id}/`), paths.join(' '));
    } finally {
      await client.close();
    }
  });
});

describe('reference data', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 30 });
  });
  after(() => server.close());
  beforeEach(() => server.resetRequests());

  it('reads me, users, statuses, pipelines and lead Smart Views', async () => {
    const { client } = testClient(server);
    assert.deepEqual(await client.me(), server.dataset.me);
    assert.deepEqual(await client.listUsers(), server.dataset.users);
    assert.deepEqual(await client.listStatuses(), server.dataset.statuses);
    assert.deepEqual(await client.listPipelines(), server.dataset.pipelines);
    const searches = await client.listSavedSearches();
    assert.deepEqual(
      searches.map((s) => s.id),
      server.dataset.savedSearches.filter((s) => s.type === 'lead').map((s) => s.id),
    );
    assert.equal(server.requests.find((r) => r.path.endsWith('/saved_search/'))?.query.type, 'lead');
    await client.close();
  });

  it('reads one opportunity', async () => {
    const { client } = testClient(server);
    const wanted = server.dataset.opportunities[7];
    assert.deepEqual(await client.getOpportunity(wanted.id), wanted);
    assert.equal(server.requests[0].path, `/api/v1/opportunity/${wanted.id}/`);
    await client.close();
  });
});
