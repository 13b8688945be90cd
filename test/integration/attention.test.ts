// Needs Attention inside a real VS Code: the view's kinds and badge against the fake Close server, what a row
// says when Close's justification or draft is hostile, and the requests one refresh costs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { localDayStart } from '../../src/close/query';
import type { OpportunityFilter } from '../../src/close/filter';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { generateDataset } from '../../src/fake/generateDataset';
import type { FakeServer } from '../../src/fake/server';
import type { AttentionKindNode, AttentionNode } from '../../src/views/attention/attentionModel';
import type { OpportunityNode } from '../../src/views/tree/treeNodes';
import { html, links, text } from '../support/markdown';
import { api, connectToFake, disconnectFromFake, hideAttention, showAttention, textOf, waitFor } from './extensionApi';

const HOSTILE = '[Sign out](command:closeOpportunities.signOut) <img src=x onerror=alert(1)> **now**';

describe('Needs Attention (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;
  let hostileId: string;

  before(async () => {
    ext = await api();
    // Close's text is data: one stalled opportunity carries a justification and a draft written to do harm.
    const dataset = generateDataset({ opportunities: 500, seed: 23 });
    const target = dataset.opportunities.find((o) => o.status_type === 'active' && o.is_stalled === true)!;
    target.stall_status = { communication_issue: 'cant_get_in_touch', next_action: { action: 'follow_up', justification: HOSTILE } };
    target.suggested_action = { action: 'follow_up_sms', details: { contact_id: 'cont_x', message_draft: `Hi!\n${HOSTILE}` }, justification: HOSTILE };
    hostileId = target.id;
    server = await connectToFake(ext, { dataset, seed: 23, apiKey: 'api_attention_test_key' }, { pageSize: 50 });
    // Collapsed (its default), the view asks Close nothing: open it, as a user does.
    await showAttention(ext);
  });

  after(async () => {
    // Hidden again, so the other suites' filter changes stay one request.
    await hideAttention(ext);
    await disconnectFromFake(ext, server, ['pageSize']);
  });

  /** The kinds the view shows once a review newer than the one shown now has loaded. */
  async function nextKinds(change: () => unknown): Promise<AttentionKindNode[]> {
    const before = ext.attention.model.state;
    await change();
    await ext.attention.provider.getChildren();
    return waitFor('a new review', async () => {
      const state = ext.attention.model.state;
      return state !== before && state.kind === 'loaded' && !ext.attention.model.isLoading && ((await ext.attention.provider.getChildren()) as AttentionKindNode[]);
    });
  }

  const kindsFor = (filter: OpportunityFilter) => nextKinds(() => ext.services.filterState.set(filter));

  /** The filter's active opportunities by kind, decided here from the fake's data. */
  function expected(filter: OpportunityFilter, today: string, quietBefore: string) {
    const cutoff = Date.parse(localDayStart(quietBefore));
    const active = server.dataset.opportunities.filter(
      (o) =>
        o.status_type === 'active' && (!filter.user_id || filter.user_id.includes(o.user_id)) && (!filter.value_period || filter.value_period.includes(o.value_period)),
    );
    const kinds = {
      stalled: active.filter((o) => o.is_stalled === true),
      overdue: active.filter((o) => o.date_won !== null && o.date_won < today),
      noCloseDate: active.filter((o) => !o.date_won),
      quiet: active.filter((o) => Date.parse(o.date_updated) < cutoff),
    };
    return { kinds, union: new Set(Object.values(kinds).flatMap((list) => list.map((o) => o.id))) };
  }

  const filters: [string, () => OpportunityFilter][] = [
    ['no filter', () => ({})],
    ['one owner', () => ({ user_id: [server.dataset.users[1].id] })],
    ['annual and monthly deals', () => ({ value_period: ['annual', 'monthly'] })],
  ];
  for (const [name, filter] of filters) {
    it(`shows each kind's count as the fake holds it, and the badge counts each opportunity once: ${name}`, async () => {
      const given = filter();
      const kinds = await kindsFor(given);
      const days = kinds[0].review.days;
      const want = expected(given, days.today, days.quietBefore);
      for (const kind of kinds) {
        const item = ext.attention.provider.getTreeItem(kind);
        assert.equal(kind.total, want.kinds[kind.attentionKind].length, kind.attentionKind);
        assert.match(String(item.description), new RegExp(`^${want.kinds[kind.attentionKind].length}\\b`));
      }
      const sum = Object.values(want.kinds).reduce((n, list) => n + list.length, 0);
      assert.ok(sum > want.union.size, 'some opportunities are in two kinds');
      assert.equal(ext.attention.view.badge?.value, want.union.size);
    });
  }

  it('keeps a hostile justification and drafted message as text: row, tooltip, accessible name, Copy Draft', async () => {
    const kinds = await kindsFor({ is_stalled: true });
    const stalled = kinds.find((k) => k.attentionKind === 'stalled')!;
    let node: OpportunityNode | undefined;
    for (let children = await ext.attention.provider.getChildren(stalled); !node; children = await ext.attention.provider.getChildren(stalled)) {
      node = children.find((n): n is OpportunityNode => n.kind === 'opportunity' && n.row.id === hostileId);
      const more = children.find((n: AttentionNode) => n.kind === 'loadMore');
      if (!node && more) await vscode.commands.executeCommand('closeOpportunities.loadMore', more);
      else if (!node) assert.fail('the hostile opportunity is not listed');
    }
    const item = ext.attention.provider.getTreeItem(node);
    assert.ok(String(item.description).includes(HOSTILE), String(item.description));
    assert.ok(item.accessibilityInformation?.label.includes(HOSTILE));
    const resolved = ext.attention.provider.resolveTreeItem(item, node);
    const tooltip = resolved.tooltip as vscode.MarkdownString;
    assert.equal(tooltip.isTrusted, false);
    assert.equal(tooltip.supportHtml, false);
    const rendered = html(textOf(tooltip));
    assert.deepEqual(links(rendered), []);
    assert.ok(!rendered.includes('<img') && !rendered.includes('<strong>now'), rendered);
    assert.equal(text(rendered).split(HOSTILE).length - 1, 2, 'the justification and the draft read as Close wrote them');
    await vscode.commands.executeCommand('closeOpportunities.copyDraft', node);
    assert.equal(await vscode.env.clipboard.readText(), `Hi!\n${HOSTILE}`);
    assert.equal(ext.services.connection.connected, true, 'nothing ran the command in the text');
  });

  it('costs at most one _limit=0 request per kind (six in all) per refresh, plus one per page opened', async () => {
    const kinds = await kindsFor({});
    const attentionRequests = () => server.requests.filter((r) => r.path.endsWith('/opportunity/') && r.query.status_type === 'active');
    server.resetRequests();
    const reloaded = await nextKinds(() => vscode.commands.executeCommand('closeOpportunities.refresh'));
    const review = reloaded[0].review;
    assert.notEqual(review, kinds[0].review, 'reloaded');
    assert.equal(attentionRequests().length, review.requests);
    assert.ok(review.requests <= 6);
    assert.ok(attentionRequests().every((r) => r.query._limit === '0'));
    server.resetRequests();
    await ext.attention.provider.getChildren(reloaded[1]);
    await ext.attention.provider.getChildren(reloaded[3]);
    assert.deepEqual(
      attentionRequests().map((r) => r.query._limit),
      ['50', '50'],
    );
  });
});
