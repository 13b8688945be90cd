// The stored key is bound to the origin it was checked against; the manifest keeps folders from moving it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Me } from '../../../src/close/types';
import { CLOSE_ORIGIN, keptResultsOf, whoAtOrigin, originOf, parseStoredKey, serializeStoredKey } from '../../../src/state/keyOrigin';

const ME = { id: 'user_abc', first_name: 'Alice', last_name: 'Anders', email: 'a@example.com', organizations: [{ id: 'orga_x', name: 'Example Inc' }] } as unknown as Me;

describe('the stored key and its origin', () => {
  it('reads a plain key stored before keys were bound as bound to api.close.com', () => {
    assert.deepEqual(parseStoredKey('api_oldPlainKey123'), { key: 'api_oldPlainKey123', origin: 'https://api.close.com' });
  });

  it('reads back a key stored with its origin', () => {
    const stored = { key: 'api_k1', origin: 'https://close-proxy.example.com:8443' };
    assert.deepEqual(parseStoredKey(serializeStoredKey(stored)), stored);
  });

  it('takes a secret that only looks like JSON, or names no valid origin, as a plain key bound to Close', () => {
    assert.deepEqual(parseStoredKey('{not json'), { key: '{not json', origin: CLOSE_ORIGIN });
    assert.deepEqual(parseStoredKey('{"key":"api_k","origin":"https://x.example/path"}')?.origin, CLOSE_ORIGIN);
    assert.equal(parseStoredKey(undefined), undefined);
    assert.equal(parseStoredKey(''), undefined);
  });

  it('compares base URLs by origin: path, user name and password do not count, the port does', () => {
    assert.equal(originOf('https://api.close.com/api/v1/'), CLOSE_ORIGIN);
    assert.equal(originOf('https://API.close.com:443/other/'), CLOSE_ORIGIN);
    assert.equal(originOf('https://u:p@api.close.com/api/v1/'), CLOSE_ORIGIN);
    assert.equal(originOf('https://api.close.com:8443/api/v1/'), 'https://api.close.com:8443');
    assert.equal(originOf('http://127.0.0.1:3000/api/v1/'), 'http://127.0.0.1:3000');
    assert.equal(originOf('not a url'), undefined);
  });

  it('says "Connected as" with the host whenever it is not api.close.com', () => {
    assert.equal(whoAtOrigin(ME), 'Alice Anders (Example Inc)');
    assert.equal(whoAtOrigin(ME, CLOSE_ORIGIN), 'Alice Anders (Example Inc)');
    assert.equal(whoAtOrigin(ME, 'https://close-proxy.example.com:8443'), 'Alice Anders (Example Inc) at close-proxy.example.com:8443');
  });
});

describe('whose kept results go when organizations are removed', () => {
  it('names the accounts removed, found by their ids, and all of them for an id that names no account', () => {
    assert.deepEqual(keptResultsOf(['orga_1/user_2', 'sample']), ['orga_1/user_2']);
    assert.deepEqual(keptResultsOf(['sample', undefined]), []);
    assert.equal(keptResultsOf(['orga_1/user_2', 'migrated']), undefined);
    assert.equal(keptResultsOf(['orga_1/../user_2']), undefined);
  });
});

describe('the manifest keeps folders from moving the key or raising request rates', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'));
  const settings = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
  const connectionSettings = [
    'closeOpportunities.apiBaseUrl',
    'closeOpportunities.maxConcurrency',
    'closeOpportunities.requestTimeoutSeconds',
    'closeOpportunities.autoRefreshMinutes',
  ];

  it('lets only user settings set the base URL and the request-rate settings', () => {
    assert.equal(settings['closeOpportunities.apiBaseUrl'].scope, 'application');
    for (const key of connectionSettings.slice(1)) assert.equal(settings[key].scope, 'machine', key);
  });

  it('declares limited support for Restricted Mode with the connection settings restricted, and virtual workspaces', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description.length > 0);
    for (const key of [...connectionSettings, 'closeOpportunities.demo']) assert.ok(untrusted.restrictedConfigurations.includes(key), key);
    for (const key of untrusted.restrictedConfigurations) assert.ok(key in settings, key);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });
});
