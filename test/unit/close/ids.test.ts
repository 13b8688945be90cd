// Ids from the server are checked before use: an object whose id, lead_id, user_id or status_id does not have
// Close's shape makes the response a BadResponseError, so it never reaches Markdown, a URL path or a tree id.
import * as assert from 'node:assert/strict';
import { BadResponseError } from '../../../src/close/errors';
import { badOpportunityIdField, closeIdIn, isCloseId } from '../../../src/close/ids';
import { type FakeServer, rejection, startFakeServer, testClient } from '../../support/testClient';

const OPPORTUNITY = /\/opportunity\/$/;
const HOSTILE = [
  '../../x',
  'lead_../../x',
  'x',
  '',
  '[x](command:workbench.action.terminal.new)',
  'oppo_a b',
  'javascript:alert(1)',
  'lead_a/b',
  'lead_a?x=1',
  'lead_a#b',
];

function page(data: unknown[]): Record<string, unknown> {
  return { data, total_results: data.length, has_more: false, count_by_value_period: {} };
}

describe('ids from the server', () => {
  let server: FakeServer;
  before(async () => {
    server = await startFakeServer({ opportunities: 20, seed: 4 });
  });
  after(() => server.close());

  it('reads a lead id typed or pasted: the id, or a Close address holding it', () => {
    const id = 'lead_HcmG4cyICfAIu1J0sRziNKe63cbNaifOxZZ0PppgksW';
    assert.equal(closeIdIn(` ${id} `, 'lead'), id);
    assert.equal(closeIdIn(`https://app.close.com/lead/${id}/`, 'lead'), id);
    assert.equal(closeIdIn(`https://app.close.com/lead/${id}/opportunities/?tab=1#x`, 'lead'), id);
    for (const text of ['', 'acme', 'oppo_HcmG4cy', `javascript:${id}`, 'https://app.close.com/leads/', `${id} extra`, ...HOSTILE]) {
      assert.equal(closeIdIn(text, 'lead'), undefined, text);
    }
  });

  it('knows Close id shapes: a prefix, then letters and digits only', () => {
    assert.ok(isCloseId('lead_HcmG4cyICfAIu1J0sRziNKe63cbNaifOxZZ0PppgksW', 'lead'));
    assert.ok(isCloseId('pipe_0g9Z9TvZV5VkJyRbsZ6jjI', 'pipe'));
    assert.ok(!isCloseId('user_HcmG4cy', 'lead'), 'the wrong kind');
    for (const id of HOSTILE) assert.ok(!isCloseId(id, 'lead'), id);
    assert.ok(!isCloseId(`lead_${'a'.repeat(101)}`, 'lead'), 'too long');
  });

  it("accepts every object of the fake's default dataset", () => {
    for (const o of server.dataset.opportunities) assert.equal(badOpportunityIdField(o as unknown as Record<string, unknown>), undefined, o.id);
  });

  for (const field of ['id', 'lead_id', 'user_id', 'status_id'] as const) {
    for (const hostile of ['../../x', '[x](command:workbench.action.terminal.new)']) {
      it(`refuses a list page holding an opportunity whose ${field} is ${JSON.stringify(hostile)}`, async () => {
        const { client } = testClient(server);
        server.script({ status: 200, path: OPPORTUNITY, body: page([{ ...server.dataset.opportunities[0], [field]: hostile }]) });
        const error = await rejection(client.listOpportunities({}, { skip: 0, limit: 100 }));
        assert.ok(error instanceof BadResponseError, String(error));
        assert.match(error.message, new RegExp(`GET opportunity/: a ${field} that is not a Close id`));
        assert.ok(!error.message.includes(hostile), 'the bad id itself is not repeated');
        await client.close();
      });
    }
  }

  it('refuses a grouped page whose group or opportunity has a bad id', async () => {
    const { client } = testClient(server);
    const o = server.dataset.opportunities[0];
    server.script({ status: 200, path: OPPORTUNITY, body: page([{ key: '../x', user_id: '../x', user_name: 'X', total_results: 1, objects: [o] }]) });
    assert.ok((await rejection(client.fetchAll({ group_by: { field: 'user_id', descending: false } }))) instanceof BadResponseError);
    server.script({
      status: 200,
      path: OPPORTUNITY,
      body: page([{ key: o.user_id, user_id: o.user_id, user_name: 'X', total_results: 1, objects: [{ ...o, lead_id: '../../x' }] }]),
    });
    assert.ok((await rejection(client.fetchAll({ group_by: { field: 'user_id', descending: false } }))) instanceof BadResponseError);
    await client.close();
  });

  it('refuses one opportunity whose lead_id could steer Open in Close', async () => {
    const { client } = testClient(server);
    const o = server.dataset.opportunities[0];
    server.script({ status: 200, path: /\/opportunity\/oppo_/, body: { ...o, lead_id: '../../settings' } });
    const error = await rejection(client.getOpportunity(o.id));
    assert.ok(error instanceof BadResponseError, String(error));
    assert.match(error.message, /lead_id that is not a Close id/);
    await client.close();
  });

  it('refuses /me/, users, statuses, pipelines and Smart Views whose id is not of their kind', async () => {
    const { client } = testClient(server);
    server.script({ status: 200, path: /\/me\/$/, body: { ...server.dataset.me, id: 'orga_notAUser' } });
    assert.ok((await rejection(client.me())) instanceof BadResponseError);
    server.script({ status: 200, path: /\/user\/$/, body: { data: [{ id: 'javascript:alert(1)', first_name: 'X' }], has_more: false } });
    assert.ok((await rejection(client.listUsers())) instanceof BadResponseError);
    server.script({ status: 200, path: /\/status\/opportunity\/$/, body: { data: [{ id: '../x', label: 'Won', type: 'won' }], has_more: false } });
    assert.ok((await rejection(client.listStatuses())) instanceof BadResponseError);
    server.script({ status: 200, path: /\/pipeline\/$/, body: { data: [{ id: 'stat_wrongKind', name: 'Sales', statuses: [] }], has_more: false } });
    assert.ok((await rejection(client.listPipelines())) instanceof BadResponseError);
    server.script({ status: 200, path: /\/saved_search\/$/, body: { data: [{ id: 'save_a/../b', name: 'Mine' }], has_more: false } });
    assert.ok((await rejection(client.listSavedSearches())) instanceof BadResponseError);
    // The fake's own answers pass.
    assert.equal((await client.me()).id, server.dataset.me.id);
    assert.ok((await client.listUsers()).length > 0);
    assert.ok((await client.listStatuses()).length > 0);
    assert.ok((await client.listPipelines()).length > 0);
    assert.ok((await client.listSavedSearches()).length > 0);
    await client.close();
  });
});
