import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CloseClient } from '../../../src/close/client';
import { credentialsOf } from '../../../src/close/endpoint';
import { InsecureTransportError } from '../../../src/close/errors';
import { listBody, startFakeServer } from '../../support/testClient';

/** A bare HTTP server that records the headers of each request and answers `{}` (or /opportunity/ with a list). */
async function headerRecorder(host = '127.0.0.1'): Promise<{ url: string; headers: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(req.url?.startsWith('/api/v1/opportunity/') ? listBody() : { id: 'user_me' }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/api/v1/`,
    headers,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('transport and authentication', () => {
  it('sends Basic base64("<key>:"), a User-Agent naming the extension and its version, and Accept JSON', async () => {
    const recorder = await headerRecorder();
    const client = new CloseClient({ baseUrl: recorder.url, credentials: { apiKey: 'api_abc.def' } });
    try {
      await client.me();
      const [sent] = recorder.headers;
      assert.equal(sent.authorization, `Basic ${Buffer.from('api_abc.def:').toString('base64')}`);
      const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
      assert.equal(sent['user-agent'], `close-opportunities-vscode/${version}`);
      assert.equal(sent.accept, 'application/json');
    } finally {
      await client.close();
      await recorder.close();
    }
  });

  it('sends an OAuth token as Bearer, which Close accepts', async () => {
    const recorder = await headerRecorder();
    const client = new CloseClient({ baseUrl: recorder.url, credentials: { oauthToken: 'tok_123' }, userAgent: 'custom/1.0' });
    const server = await startFakeServer({ opportunities: 5 });
    const bearer = new CloseClient({ baseUrl: server.url, credentials: { oauthToken: server.key } });
    try {
      await client.me();
      assert.equal(recorder.headers[0].authorization, 'Bearer tok_123');
      assert.equal(recorder.headers[0]['user-agent'], 'custom/1.0');
      assert.equal((await bearer.me()).id, server.dataset.me.id);
      assert.equal(server.requests[0].authorization, 'bearer');
    } finally {
      await Promise.all([client.close(), bearer.close(), recorder.close()]);
      await server.close();
    }
  });

  for (const url of ['http://api.close.com/api/v1/', 'http://10.0.0.1/api/v1/', 'http://127.0.0.1.example.com/api/v1/', 'http://[::2]/api/v1/']) {
    it(`refuses plain http to ${new URL(url).hostname} before sending anything`, () => {
      assert.throws(
        () => new CloseClient({ baseUrl: url, credentials: { apiKey: 'api_secret' } }),
        (error: unknown) =>
          error instanceof InsecureTransportError &&
          error.code === 'INSECURE_TRANSPORT' &&
          error.message.includes('use https://') &&
          error.message.includes(new URL(url).hostname) &&
          !error.message.includes('api_secret'),
      );
    });
  }

  for (const url of ['http://127.0.0.1:1/', 'http://127.8.9.10/', 'http://localhost:8080/api/v1/', 'http://[::1]:1/', 'https://api.close.com/api/v1']) {
    it(`allows ${url}`, () => {
      assert.doesNotThrow(() => new CloseClient({ baseUrl: url, credentials: { apiKey: 'api_x' } }));
    });
  }

  it('talks plain http to [::1]', async () => {
    const recorder = await headerRecorder('::1');
    const client = new CloseClient({ baseUrl: recorder.url, credentials: { apiKey: 'api_x' } });
    try {
      assert.equal((await client.me()).id, 'user_me');
    } finally {
      await client.close();
      await recorder.close();
    }
  });

  it('refuses a base URL that is not http(s) or not a URL', () => {
    assert.throws(() => new CloseClient({ baseUrl: 'ftp://api.close.com/', credentials: { apiKey: 'k' } }), { code: 'INVALID_BASE_URL' });
    assert.throws(() => new CloseClient({ baseUrl: 'api.close.com', credentials: { apiKey: 'k' } }), { code: 'INVALID_BASE_URL' });
  });

  it('takes what starts with api_ for a key and anything else for an OAuth access token', () => {
    assert.deepEqual(credentialsOf('api_abc.def'), { apiKey: 'api_abc.def' });
    assert.deepEqual(credentialsOf('eyJhbGciOi.token'), { oauthToken: 'eyJhbGciOi.token' });
    assert.deepEqual(credentialsOf('API_upper'), { oauthToken: 'API_upper' });
  });

  it('refuses an empty key', () => {
    assert.throws(() => new CloseClient({ baseUrl: 'https://api.close.com/api/v1/', credentials: { apiKey: '' } }), { code: 'INVALID_CREDENTIALS' });
  });
});
