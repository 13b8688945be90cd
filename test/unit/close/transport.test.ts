import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('transport and authentication', () => {
  it("sends through the modules named 'http'/'https' (the ones VS Code hooks), loaded on the first request only", () => {
    // What VS Code's extension host does: hand out its own http/https (proxy, certificates) to whoever
    // requires them by those names. A request that does not go through them escapes the user's proxy.
    const clientModule = path.resolve(__dirname, '../../../src/close/client.js');
    const script = `
      const Module = require('module');
      const http = require('http');
      const load = Module._load;
      const asked = [];
      const sent = [];
      const hooked = { ...http, request: (url, ...rest) => { sent.push(String(url)); return http.request(url, ...rest); } };
      Module._load = function (request, ...rest) {
        if (/^(node:)?https?$/.test(request)) asked.push(request);
        return request === 'http' ? hooked : load.call(this, request, ...rest);
      };
      const { CloseClient } = require(${JSON.stringify(clientModule)});
      const client = new CloseClient({ baseUrl: 'http://127.0.0.1:1/api/v1/', credentials: { apiKey: 'k' }, maxRetries: 0, sharedAgent: true });
      const before = asked.slice();
      client.me().catch(() => {}).finally(() => { console.log(JSON.stringify({ before, after: asked, sent })); client.close(); });
    `;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), { before: [], after: ['http', 'https'], sent: ['http://127.0.0.1:1/api/v1/me/'] });
  });
});
