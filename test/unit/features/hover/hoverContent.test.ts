import * as assert from 'node:assert/strict';
import { AuthError, NetworkError, NotFoundError, TimeoutError } from '../../../../src/close/errors';
import type { Opportunity } from '../../../../src/close/types';
import { OpportunityCache } from '../../../../src/features/hover/hoverCache';
import { hoverMarkdownFor, NotConnectedError } from '../../../../src/features/hover/hoverContent';

const ID = 'oppo_A1bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';

function cacheAnswering(answer: (id: string, signal: AbortSignal) => Promise<Opportunity>) {
  const requested: string[] = [];
  const cache = new OpportunityCache((id, signal) => {
    requested.push(id);
    return answer(id, signal);
  });
  return { cache, requested };
}

describe('hover content', () => {
  it('renders the opportunity the loader returns', async () => {
    const { cache } = cacheAnswering((id) => Promise.resolve({ id, lead_name: 'Acme Corp', value: 100, value_period: 'one_time', confidence: 10 } as Opportunity));
    assert.match((await hoverMarkdownFor(ID, cache, { connected: true })) ?? '', /\*\*Acme Corp\*\*/);
  });

  it('offers to connect, without any request, when there is no key and no sample data', async () => {
    const { cache, requested } = cacheAnswering(() => Promise.reject(new Error('must not be called')));
    assert.match((await hoverMarkdownFor(ID, cache, { connected: false })) ?? '', /command:closeOpportunities\.setApiKey/);
    assert.deepEqual(requested, []);
  });

  it('says not found for a 404', async () => {
    const { cache } = cacheAnswering(() => Promise.reject(new NotFoundError('Empty query: Opportunity matching query does not exist.')));
    assert.match((await hoverMarkdownFor(ID, cache, { connected: true })) ?? '', /Not found in this Close organization/);
  });

  it('offers to set a key when Close refuses it, and reports the refusal', async () => {
    let reported = 0;
    const { cache } = cacheAnswering(() => Promise.reject(new AuthError('Unauthorized')));
    const text = await hoverMarkdownFor(ID, cache, { connected: true, onUnauthorized: () => reported++ });
    assert.match(text ?? '', /command:closeOpportunities\.setApiKey/);
    assert.equal(reported, 1);
  });

  it('offers to connect when the loader finds no connection after all', async () => {
    const { cache } = cacheAnswering(() => Promise.reject(new NotConnectedError()));
    assert.match((await hoverMarkdownFor(ID, cache, { connected: true })) ?? '', /exploreSampleData/);
  });

  it('shows other errors as a short message', async () => {
    const { cache } = cacheAnswering(() => Promise.reject(new TimeoutError('No answer from Close within 30 s.')));
    assert.match((await hoverMarkdownFor(ID, cache, { connected: true })) ?? '', /Could not load the opportunity\\: No answer from Close within 30 s\\\./);
  });

  it('answers from the opportunity as last loaded when Close cannot be reached, marked with its time', async () => {
    const { cache } = cacheAnswering(() => Promise.reject(new NetworkError('Could not reach Close at api.close.com (ECONNREFUSED).', 'connect')));
    const at = new Date(2025, 10, 28, 10, 42).getTime();
    const kept = (id: string) => Promise.resolve(id === ID ? { row: { id, lead_name: 'Acme Corp', value: 100 }, at } : undefined);
    const text = (await hoverMarkdownFor(ID, cache, { connected: true, kept, now: () => at + 60_000 })) ?? '';
    const escaped = (plain: string) => plain.replace(/[!-/:-@[-`{-~]/g, '\\$&');
    assert.ok(text.startsWith(escaped('Offline — as of 10:42')), text);
    assert.ok(text.includes(`${escaped(': Close cannot be reached; this is the opportunity as last loaded.')}\n\n---\n\n**Acme Corp**`), text);
    // Close answered (a 500): its error is said, not hidden behind old data.
    const { cache: failing } = cacheAnswering(() => Promise.reject(new Error('Internal error')));
    assert.match((await hoverMarkdownFor(ID, failing, { connected: true, kept })) ?? '', /^Could not load the opportunity/);
  });

  it('returns nothing when the hover was cancelled', async () => {
    const { cache } = cacheAnswering(() => new Promise<Opportunity>(() => undefined));
    const controller = new AbortController();
    const pending = hoverMarkdownFor(ID, cache, { connected: true, signal: controller.signal });
    controller.abort();
    assert.equal(await pending, undefined);
  });
});
