import * as assert from 'node:assert/strict';
import { bypassesProxy, parseProxy } from '../../../src/close/proxyConfig';

describe('proxy settings as VS Code and curl read them', () => {
  const target = new URL('https://api.close.com/api/v1/');
  it('NO_PROXY entries: host, .domain, *.domain, host:port, *', () => {
    assert.equal(bypassesProxy(target, ['api.close.com']), true);
    assert.equal(bypassesProxy(target, ['.close.com']), true);
    assert.equal(bypassesProxy(target, ['*.close.com']), true);
    assert.equal(bypassesProxy(target, ['close.com']), true);
    assert.equal(bypassesProxy(target, ['api.close.com:443']), true);
    assert.equal(bypassesProxy(target, ['api.close.com:8443']), false);
    assert.equal(bypassesProxy(target, ['notclose.com', 'close.co', ' ']), false);
    assert.equal(bypassesProxy(target, ['*']), true);
  });
  it('a proxy with or without a scheme; anything else is no proxy', () => {
    assert.equal(parseProxy('proxy.corp:3128')?.href, 'http://proxy.corp:3128/');
    assert.equal(parseProxy('https://proxy.corp')?.href, 'https://proxy.corp/');
    assert.equal(parseProxy('socks5://proxy.corp:1080'), undefined);
    assert.equal(parseProxy('  '), undefined);
  });
});
