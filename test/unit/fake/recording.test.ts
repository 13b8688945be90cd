// The sample-data server runs as long as the VS Code window: it must not keep a record of every request.
import * as assert from 'node:assert/strict';
import { CloseClient } from '../../../src/close/client';
import { startFakeServer } from '../../../src/fake/server';

describe('fake server: request recording', () => {
  it('keeps no record of requests when started with recordRequests: false, and still answers them', async () => {
    const server = await startFakeServer({ opportunities: 300, recordRequests: false });
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
    try {
      const result = await client.fetchAll({}, { limit: 10 });
      assert.equal(result.objects.length, 300);
      assert.equal(result.requests, 30);
      assert.deepEqual(server.requests, []);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('records every request by default', async () => {
    const server = await startFakeServer({ opportunities: 30 });
    const client = new CloseClient({ baseUrl: server.url, credentials: { apiKey: server.key } });
    try {
      await client.fetchAll({}, { limit: 10 });
      assert.deepEqual(
        server.requests.map((r) => r.query._skip),
        ['0', '10', '20'],
      );
    } finally {
      await client.close();
      await server.close();
    }
  });
});
