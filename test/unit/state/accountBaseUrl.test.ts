import * as assert from 'node:assert/strict';
import { requestBaseUrl } from '../../../src/state/accountBaseUrl';
import type { Account } from '../../../src/state/accounts';

const A: Account = { id: 'a', label: 'A', origin: 'http://127.0.0.1:4001', kind: 'key', baseUrl: 'http://127.0.0.1:4001/api/v1/' };
const B: Account = { id: 'b', label: 'B', origin: 'http://127.0.0.1:4002', kind: 'key', baseUrl: 'http://127.0.0.1:4002/api/v1/' };

describe('where an organization’s requests go', () => {
  it('follows the base URL setting when it points at the key’s own origin', () => {
    assert.equal(requestBaseUrl('http://127.0.0.1:4001/api/v1/', A.origin, A, [A, B]), 'http://127.0.0.1:4001/api/v1/');
  });

  it('goes to the key’s own base URL when the setting points at another organization’s origin', () => {
    assert.equal(requestBaseUrl('http://127.0.0.1:4002/api/v1/', A.origin, A, [A, B]), A.baseUrl);
  });

  it('follows the setting to an origin of nobody’s (the key is then only sent once the user confirms)', () => {
    assert.equal(requestBaseUrl('https://proxy.example/api/v1/', A.origin, A, [A, B]), 'https://proxy.example/api/v1/');
    assert.equal(requestBaseUrl('http://127.0.0.1:4002/api/v1/', A.origin, A, [A]), 'http://127.0.0.1:4002/api/v1/', 'one organization: as before');
  });

  it('keeps the setting’s path at the key’s origin for a key stored before', () => {
    const old: Account = { id: 'o', label: 'O', origin: 'https://api.close.com', kind: 'key' };
    assert.equal(requestBaseUrl('http://127.0.0.1:4002/api/v1/', old.origin, old, [old, B]), 'https://api.close.com/api/v1/');
  });
});
