// The summary webview's host inside a real VS Code: what it posts for the current filter (against the
// fake Close server's own aggregates) and how the webview's messages change the shared filter.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OpportunityFilter } from '../../src/close/filter';
import { toQueryParams } from '../../src/close/query';
import type { Aggregates } from '../../src/close/types';
import type { CloseOpportunitiesApi } from '../../src/extension';
import { listOpportunities } from '../../src/fake/query';
import type { FakeServer } from '../../src/fake/server';
import { presetRange } from '../../src/commands/dateRanges';
import { formFromFilter } from '../../src/features/summary/summaryForm';
import type { SummaryState } from '../../src/features/summary/protocol';
import { api, config, connectToFake, disconnectFromFake, ORDER, waitFor, hideAttention, showAttention } from './extensionApi';

describe('Summary view (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  /** The aggregates the fake computes for a filter (its own query engine, no HTTP). */
  function fakeAggregates(filter: OpportunityFilter): Aggregates {
    const { group_by: _g, ...plain } = filter;
    const response = listOpportunities(server.dataset, toQueryParams(plain, { skip: 0, limit: 0 }));
    assert.equal(response.status, 200);
    return response.body as Aggregates;
  }

  /** Sets the filter and waits for the summary of exactly that filter (groups too, when grouped). */
  async function summaryFor(filter: OpportunityFilter): Promise<SummaryState> {
    ext.services.filterState.set(filter);
    const version = ext.summary.lastPostedState!.filterVersion;
    return waitFor('the summary of the filter', () => {
      const s = ext.summary.lastPostedState;
      if (s?.filterVersion !== version || s.summary.status !== 'ready') return undefined;
      if (filter.group_by && s.summary.groups?.status !== 'ready') return undefined;
      return s;
    });
  }

  /** The summary's Needs attention part once it shows the view's loaded review of the current filter. */
  async function attentionShown() {
    return waitFor('what needs attention', () => {
      const state = ext.attention.model.state;
      const shown = ext.summary.lastPostedState?.attention;
      return state.kind === 'loaded' && ext.attention.model.filter === ext.model.filter && !ext.attention.model.isLoading && shown?.status === 'ready'
        ? { review: state.review, kinds: state.kinds, shown }
        : undefined;
    });
  }

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 600, seed: 21, apiKey: 'api_summary_test_key' });
    ext.services.filterState.set({ order_by: ORDER });
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
    await waitFor('the summary to load', () => ext.summary.lastPostedState?.summary.status === 'ready');
  });

  after(async () => {
    await hideAttention(ext);
    await disconnectFromFake(ext, server);
  });

  it('posts every aggregate the server computes for the current filter', async () => {
    const won = server.dataset.statuses.filter((s) => s.type === 'won').map((s) => s.id);
    const filter: OpportunityFilter = { order_by: ORDER, status_id: won };
    const state = await summaryFor(filter);
    const expected = fakeAggregates(filter);
    assert.ok(state.summary.status === 'ready');
    const a = state.summary.aggregates;
    assert.equal(a.total_results, expected.total_results);
    for (const period of ['one_time', 'monthly', 'annual'] as const) assert.equal(a.count_by_value_period[period], expected.count_by_value_period[period] ?? 0);
    for (const [field, cell] of Object.entries(a.money)) {
      assert.equal(cell.cents, expected[field as keyof Aggregates], field);
      const formatted = expected[`${field}_formatted` as keyof Aggregates];
      if (typeof formatted === 'string' && formatted) assert.equal(cell.text, formatted, `${field} text`);
    }
  });

  /** A request of the Needs Attention review: an unordered count of the active ones. */
  const isReview = (r: FakeServer['requests'][number]) => r.query._limit === '0' && r.query._order_by === undefined && r.query.status_type === 'active';

  /** Until neither the tree nor the review has a load running (requests of an earlier filter are all in). */
  const settled = () => waitFor('the loads to settle', () => !ext.model.loading && !ext.attention.model.isLoading);

  it("makes no list request of its own: the totals come with the tree's first page, what needs attention with the view's review", async () => {
    await settled();
    server.resetRequests();
    await summaryFor({ order_by: ORDER, value_period: ['monthly'] });
    await settled();
    const lists = server.requests.filter((r) => r.path === '/api/v1/opportunity/');
    assert.deepEqual(
      lists.filter((r) => !isReview(r)).map((r) => [r.query.value_period, r.query._limit]),
      [['monthly', String(config().get('pageSize'))]],
    );
    // Only while Needs Attention is shown does its review follow the filter.
    const attention = ext.attention.model.state;
    assert.equal(lists.filter(isReview).length, ext.attention.view.visible && attention.kind === 'loaded' ? attention.review.requests : 0);
  });

  it('lists the groups with their server counts and annualized values when grouped', async () => {
    const filter: OpportunityFilter = { order_by: ORDER, group_by: { field: 'user_id', descending: false } };
    const state = await summaryFor(filter);
    assert.ok(state.summary.status === 'ready' && state.summary.groups?.status === 'ready');
    const rows = state.summary.groups.rows;
    const expected = new Map<string, { count: number; annualized: number }>();
    for (const o of server.dataset.opportunities) {
      const e = expected.get(o.user_name ?? '') ?? { count: 0, annualized: 0 };
      e.count++;
      e.annualized += o.annualized_value ?? 0;
      expected.set(o.user_name ?? '', e);
    }
    assert.equal(rows.length, expected.size);
    for (const row of rows) {
      assert.deepEqual({ count: row.count, annualized: row.annualized.cents }, expected.get(row.label), row.label);
    }
    assert.equal(
      rows.reduce((n, r) => n + r.count, 0),
      state.summary.aggregates.total_results,
    );
  });

  it('shows the numbers of the latest filter when filters change quickly', async () => {
    ext.services.filterState.set({ order_by: ORDER, status_type: ['lost'] });
    const state = await summaryFor({ order_by: ORDER, status_type: ['won'] });
    assert.ok(state.summary.status === 'ready');
    assert.equal(state.summary.aggregates.total_results, fakeAggregates({ status_type: ['won'] }).total_results);
    // Nothing of the first filter arrives late: once the model has no load running, no state can follow.
    await waitFor('the model to finish loading', () => !ext.model.loading);
    const last = ext.summary.lastPostedState!;
    assert.ok(last.summary.status === 'ready');
    assert.equal(last.summary.aggregates.total_results, fakeAggregates({ status_type: ['won'] }).total_results);
  });

  it('shows a palette change of the filter in the webview form', () => {
    const before = ext.summary.lastPostedState!.filterVersion;
    ext.services.filterState.set({ order_by: { field: 'value', descending: false }, value_period: ['annual'], is_stalled: true });
    const state = ext.summary.lastPostedState!;
    assert.equal(state.filterVersion, before + 1);
    assert.deepEqual(state.form.value_period, ['annual']);
    assert.equal(state.form.is_stalled, 'yes');
    assert.deepEqual(state.form.order_by, { field: 'value', descending: false });
  });

  it('applies the webview form to the shared filter (and so to the tree)', () => {
    ext.services.filterState.set({ order_by: ORDER });
    const form = formFromFilter({ order_by: ORDER });
    form.status_type = ['won'];
    form.date_won = { form: 'between', from: '2024-01-01', to: '2026-12-31' };
    form.group_by = { field: 'date_won__quarter', descending: true };
    ext.summary.receive({ type: 'apply', form });
    const filter = ext.services.filterState.filter;
    assert.deepEqual(filter.status_type, ['won']);
    assert.deepEqual(filter.date_won, { gte: '2024-01-01', lte: '2026-12-31' });
    assert.deepEqual(filter.group_by, { field: 'date_won__quarter', descending: true });
    assert.deepEqual(ext.model.filter, filter);
  });

  it('posts the date presets as of today, and applying one filters as the palette’s preset does', () => {
    const today = new Date();
    const presets = ext.summary.lastPostedState!.datePresets;
    const thisMonth = presetRange('this_month', today);
    const choice = presets.date_won?.find((p) => p.preset === 'this_month');
    assert.equal(choice?.label, `This month · ${thisMonth.gte} – ${thisMonth.lte}`);
    assert.ok(presets.date_created?.some((p) => p.preset === 'yesterday'));
    ext.services.filterState.set({ order_by: ORDER });
    ext.summary.receive({ type: 'apply', form: { ...formFromFilter({ order_by: ORDER }), date_won: choice.form } });
    assert.deepEqual(ext.services.filterState.filter.date_won, thisMonth);
  });

  it('sends on, after, before and between of the form as the days the user means (date won as days, date created as local days)', async () => {
    const day = '2024-03-15';
    const localStart = (d: string) => {
      const [y, m, dd] = d.split('-').map(Number);
      return new Date(y, m - 1, dd);
    };
    const cases = [
      ['date_won', { form: 'on', from: day, to: '' }, { date_won: day }],
      ['date_won', { form: 'after', from: day, to: '' }, { date_won__gt: day }],
      ['date_won', { form: 'before', from: day, to: '' }, { date_won__lt: day }],
      ['date_won', { form: 'between', from: '2024-03-01', to: day }, { date_won__gte: '2024-03-01', date_won__lte: day }],
      ['date_created', { form: 'on', from: day, to: '' }, { date_created__gte: localStart(day), date_created__lt: localStart('2024-03-16') }],
      ['date_created', { form: 'after', from: day, to: '' }, { date_created__gte: localStart('2024-03-16') }],
      ['date_created', { form: 'before', from: day, to: '' }, { date_created__lt: localStart(day) }],
    ] as const;
    for (const [key, date, expected] of cases) {
      ext.services.filterState.set({ order_by: ORDER });
      await waitFor('the model to finish loading', () => !ext.model.loading);
      const seen = server.requests.length;
      const form = formFromFilter({ order_by: ORDER });
      form[key] = { ...date };
      ext.summary.receive({ type: 'apply', form });
      const request = await waitFor(`the list request of ${key} ${date.form}`, () =>
        server.requests.slice(seen).find((r) => r.path.endsWith('/opportunity/') && Object.keys(r.query).some((name) => name.startsWith(key))),
      );
      const dates = Object.fromEntries(Object.entries(request.query).filter(([name]) => name.startsWith(key)));
      // Days are sent as typed; instants as 00:00 of the user's day with the zone's offset, whatever the zone.
      const wanted = Object.fromEntries(Object.entries(expected).map(([name, value]) => [name, typeof value === 'string' ? value : value.getTime()]));
      const got = Object.fromEntries(Object.entries(dates).map(([name, value]) => [name, typeof wanted[name] === 'number' ? Date.parse(String(value)) : value]));
      assert.deepEqual(got, wanted, `${key} ${date.form}`);
    }
  });

  it('ignores a malformed or hostile message: the filter stays as it was', () => {
    ext.services.filterState.set({ order_by: ORDER, status_type: ['active'] });
    const before = ext.services.filterState.filter;
    const version = ext.summary.lastPostedState!.filterVersion;
    const form = formFromFilter(before) as unknown as Record<string, unknown>;
    for (const bad of [
      { type: 'apply', form: { ...form, status_type: ['pending'] } },
      { type: 'apply', form: { ...form, date_won: { form: 'between', from: '2024-03-31', to: '2024-01-01' } } },
      { type: 'apply', form: { ...form, query: 'x'.repeat(100_000) } },
      JSON.parse('{"type":"apply","form":{"__proto__":{"polluted":1}}}'),
      { type: 'command', command: 'workbench.action.terminal.new' },
      'reset',
      null,
    ]) {
      ext.summary.receive(bad);
    }
    assert.equal(ext.services.filterState.filter, before);
    assert.equal(ext.summary.lastPostedState!.filterVersion, version);
  });

  it('resets the filter from the webview as Clear Filters does: the same filter left, grouping and sort kept', async () => {
    const grouped: OpportunityFilter = {
      order_by: { field: 'value', descending: true },
      group_by: { field: 'user_id', descending: false },
      status_type: ['won'],
      query: 'a',
    };
    ext.services.filterState.set(grouped);
    ext.summary.receive({ type: 'reset' });
    const afterReset = ext.services.filterState.filter;
    ext.services.filterState.set(grouped);
    await vscode.commands.executeCommand('closeOpportunities.clearFilters');
    const afterClear = ext.services.filterState.filter;
    assert.deepEqual(afterReset, afterClear);
    assert.deepEqual(afterReset, { order_by: grouped.order_by, group_by: grouped.group_by });
    ext.services.filterState.set({ order_by: ORDER });
  });

  it('offers the statuses, owners and Smart Views of the organization', async () => {
    const state = await waitFor('the choices', () => {
      const s = ext.summary.lastPostedState;
      return s && s.choices.statuses.length > 0 && s.choices.users.length > 0 ? s : undefined;
    });
    assert.deepEqual(new Set(state.choices.statuses.map((s) => s.id)), new Set(server.dataset.statuses.map((s) => s.id)));
    // Every current user, then any former owner already seen on loaded opportunities, marked as such.
    const current = new Set(server.dataset.users.map((u) => u.id));
    const former = new Map(server.dataset.deactivatedUsers.map((u) => [u.id, `${u.first_name} ${u.last_name}`]));
    const offered = state.choices.users;
    assert.deepEqual(new Set(offered.filter((u) => current.has(u.id)).map((u) => u.id)), current);
    for (const extra of offered.filter((u) => !current.has(u.id))) assert.equal(extra.label, `${former.get(extra.id)} (not a current user)`);
    assert.deepEqual(new Set(state.choices.smartViews.map((v) => v.id)), new Set(server.dataset.savedSearches.filter((v) => v.type === 'lead').map((v) => v.id)));
  });

  it('filters by a Smart View chosen in the webview', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    const view = server.dataset.savedSearches.find((v) => v.type === 'lead')!;
    const form = formFromFilter({ order_by: ORDER });
    form.lead_saved_search_id = view.id;
    ext.summary.receive({ type: 'apply', form });
    assert.equal(ext.services.filterState.filter.lead_saved_search_id, view.id);
    const state = await summaryFor(ext.services.filterState.filter);
    assert.ok(state.summary.status === 'ready');
    assert.equal(state.summary.aggregates.total_results, fakeAggregates({ lead_saved_search_id: view.id }).total_results);
    assert.match(state.filterText, new RegExp(view.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
  it("shows an error with the server's reason, and loads again on Retry", async () => {
    server.setOptions({ faults: { malformedRate: 1 } });
    try {
      ext.services.filterState.set({ order_by: ORDER, status_type: ['active'] });
      const failed = await waitFor('the error state', () => {
        const s = ext.summary.lastPostedState;
        return s?.summary.status === 'error' ? s : undefined;
      });
      assert.ok(failed.summary.status === 'error' && failed.summary.message.length > 0);
    } finally {
      server.setOptions({ faults: {} });
    }
    ext.summary.receive({ type: 'refresh' });
    const state = await waitFor('the numbers after Retry', () => {
      const s = ext.summary.lastPostedState;
      return s?.summary.status === 'ready' ? s : undefined;
    });
    assert.ok(state.summary.status === 'ready');
    assert.equal(state.summary.aggregates.total_results, fakeAggregates({ status_type: ['active'] }).total_results);
  });

  it('reloads when the tree is refreshed', async () => {
    await summaryFor({ order_by: ORDER });
    const loadId = ext.summary.lastPostedState!.loadId;
    await vscode.commands.executeCommand('closeOpportunities.refresh');
    await waitFor('a new load', () => {
      const s = ext.summary.lastPostedState;
      return s && s.loadId > loadId && s.summary.status === 'ready' ? s : undefined;
    });
  });

  it("shows what needs attention from the Needs Attention view's own review: the same counts, asked once", async () => {
    const attentionRequests = () => server.requests.filter((r) => r.path === '/api/v1/opportunity/' && isReview(r));
    await settled();
    server.resetRequests();
    await summaryFor({ order_by: ORDER, value_period: ['annual', 'monthly'] });
    await showAttention(ext);
    await ext.attention.provider.getChildren();
    const { review, kinds, shown } = await attentionShown();
    assert.deepEqual(
      shown.kinds.map((cell) => [cell.kind, cell.count, cell.annualized.cents]),
      kinds.map((node) => [node.attentionKind, node.total, review.kinds[node.attentionKind].total_value_annualized]),
    );
    for (const node of kinds) {
      const cell = shown.kinds.find((c) => c.kind === node.attentionKind)!;
      assert.ok(String(ext.attention.provider.getTreeItem(node).description).startsWith(cell.count_text), node.attentionKind);
      assert.ok(cell.name.startsWith(`${cell.label}, `) && cell.name.includes(cell.annualized.text), cell.name);
    }
    const stalled = server.dataset.opportunities.filter((o) => o.status_type === 'active' && o.is_stalled === true && ['annual', 'monthly'].includes(o.value_period));
    assert.equal(shown.kinds[0].count, stalled.length);
    assert.equal(attentionRequests().length, review.requests, 'the view and the summary share one review');
  });

  it('filters by "stalled" on a click (one list request), and shows "no close date" in its view', async () => {
    await summaryFor({ order_by: ORDER });
    const { shown } = await attentionShown();
    const stalledCount = shown.kinds.find((c) => c.kind === 'stalled')!.count;
    const version = ext.summary.lastPostedState!.filterVersion;
    server.resetRequests();
    ext.summary.receive({ type: 'attention', kind: 'stalled' });
    assert.deepEqual(ext.services.filterState.filter, { order_by: ORDER, status_type: ['active'], is_stalled: true });
    const state = await waitFor('the stalled ones', () => {
      const s = ext.summary.lastPostedState;
      return s && s.filterVersion > version && s.summary.status === 'ready' && !ext.model.loading ? s : undefined;
    });
    assert.ok(state.summary.status === 'ready');
    assert.equal(state.summary.aggregates.total_results, stalledCount);
    const pages = server.requests.filter((r) => r.path === '/api/v1/opportunity/' && r.query._limit !== '0');
    assert.deepEqual(
      pages.map((r) => [r.query.status_type, r.query.is_stalled, r.query._limit]),
      [['active', 'true', String(config().get('pageSize'))]],
    );
    await attentionShown();
    console.log(
      `      a click on "stalled": ${pages.length} list request, then the review of the new filter: ${server.requests.length - pages.length} _limit=0 requests`,
    );

    const filter = ext.services.filterState.filter;
    ext.summary.receive({ type: 'attention', kind: 'noCloseDate' });
    await waitFor(
      '"No close date" revealed',
      () => ext.attention.view.visible && ext.attention.view.selection[0]?.kind === 'attentionKind' && ext.attention.view.selection[0],
    );
    assert.equal((ext.attention.view.selection[0] as { attentionKind?: string }).attentionKind, 'noCloseDate');
    assert.equal(ext.services.filterState.filter, filter, 'no filter can say it: the filter stays');
    ext.summary.receive({ type: 'attention', kind: 'won' });
    assert.equal(ext.services.filterState.filter, filter);
  });

  it('labels sample data "Sample data", and offers to connect when signed out', async () => {
    await ext.services.connection.startSampleData();
    const sample = await waitFor(
      'sample data numbers',
      () => {
        const s = ext.summary.lastPostedState;
        return s?.connection === 'sampleData' && s.summary.status === 'ready' ? s : undefined;
      },
      30_000,
    );
    assert.equal(sample.sourceLabel, 'Sample data');
    await ext.services.connection.signOut();
    const none = ext.summary.lastPostedState!;
    assert.equal(none.connection, 'none');
    assert.equal(none.summary.status, 'idle');
    await ext.services.connection.setApiKey(server.key);
  });
});
