import * as assert from 'node:assert/strict';
import { startFakeServer, testClient } from './helpers';

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
