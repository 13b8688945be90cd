// Money in the organization's currency everywhere: an organization in EUR sees euros in the tree's group
// rows, the status bar and the summary, never dollars; sums over several currencies say so.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER, textOf, waitFor } from './extensionApi';

/** The summary's last state in brief, for a timeout's message. */
const summaryDetail = () => JSON.stringify(lastState());

let lastState: () => unknown = () => undefined;

describe('Money in the organization’s currency (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;

  before(async () => {
    ext = await api();
    lastState = () => {
      const st = ext.summary.lastPostedState;
      return st && { v: st.filterVersion, c: st.connection, s: st.summary.status, l: st.loadId, t: st.filterText };
    };
    // Most opportunities in EUR, a few in GBP and USD; the first rows listed are often not in EUR.
    server = await connectToFake(ext, { opportunities: 800, seed: 17, apiKey: 'api_currency_test_key', currency: 'EUR' });
  });

  after(async () => {
    await disconnectFromFake(ext, server);
  });

  it('shows group rows and the status bar in euros, never dollars', async () => {
    // Owners whose first listed opportunity is not in EUR: the old rule took the first row's currency.
    ext.services.filterState.set({ order_by: { field: 'value', descending: true }, group_by: { field: 'user_id', descending: false } });
    const groups = await ext.treeProvider.getChildren();
    assert.ok(groups.length > 3);
    // Expanding a group loads rows in several currencies.
    for (const group of groups.slice(0, 3)) await ext.treeProvider.getChildren(group);
    await waitFor('the organization’s currency', () => ext.statusBar.item.text.includes('€'));
    for (const group of groups) {
      const item = ext.treeProvider.getTreeItem(group);
      assert.match(String(item.description), /€/, textOf(item.label));
      assert.doesNotMatch(String(item.description), /\$/, textOf(item.label));
      assert.doesNotMatch(item.accessibilityInformation?.label ?? '', /\$/);
    }
    assert.doesNotMatch(ext.statusBar.item.text, /\$\d|US\$/);
  });

  it('labels sums over several currencies as mixed in the status bar', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    const shown = new Set(
      ext.model
        .loadedRows()
        .map((r) => r.value_currency)
        .filter(Boolean),
    );
    assert.ok(shown.size > 1, `rows in ${[...shown].join(', ')}`);
    await waitFor('the status bar', () => /€[\d.,]+[KM]? \(mixed currencies\) · 800 opps/.test(ext.statusBar.item.text));
    assert.match(textOf(ext.statusBar.item.tooltip), /Mixed currencies \((EUR|GBP|USD)(, (EUR|GBP|USD))+\)/);
  });

  it('shows the summary in euros, totals (zero sums too) and groups', async () => {
    const monthly = server.dataset.opportunities.filter((o) => o.value_period === 'monthly');
    const owner = server.dataset.users.find((u) => {
      const mine = monthly.filter((o) => o.user_id === u.id).sort((a, b) => (a.date_updated < b.date_updated ? 1 : -1));
      return mine.length > 0 && mine[0].value_currency !== 'EUR';
    });
    assert.ok(owner, 'an owner whose latest monthly opportunity is not in EUR');
    const ownerMonthly = { order_by: ORDER, value_period: ['monthly' as const], user_id: [owner.id] };
    // A fresh connection whose first row listed is in pounds or dollars.
    ext.services.filterState.set(ownerMonthly);
    await ext.services.connection.signOut();
    await ext.services.connection.setApiKey(server.key);
    await ext.treeProvider.getChildren();
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
    const shown = async (filter: Parameters<typeof ext.services.filterState.set>[0], grouped: boolean) => {
      ext.services.filterState.set(filter);
      await ext.treeProvider.getChildren();
      const version = ext.summary.lastPostedState?.filterVersion;
      const state = await waitFor(
        `the summary (${JSON.stringify(version)})`,
        () => {
          const s = ext.summary.lastPostedState;
          return (version === undefined || s?.filterVersion === version) && s?.summary.status === 'ready' && (!grouped || s.summary.groups?.status === 'ready')
            ? s
            : undefined;
        },
        15_000,
        summaryDetail,
      );
      assert.ok(state.summary.status === 'ready');
      const texts = [
        ...Object.values(state.summary.aggregates.money).map((cell) => cell.text),
        ...(state.summary.groups?.status === 'ready' ? state.summary.groups.rows.flatMap((row) => [row.annualized.text, row.expected_annualized.text]) : []),
      ];
      for (const text of texts) {
        assert.match(text, /€/, text);
        assert.doesNotMatch(text, /\$|£/, text);
      }
      return state;
    };
    // Monthly only: the one-time and annual sums are 0, which Close does not format ("€0" here).
    const plain = await shown(ownerMonthly, false);
    assert.ok(plain.summary.status === 'ready' && plain.summary.aggregates.money.total_value_one_time.cents === 0);
    await shown({ order_by: ORDER, status_type: ['won'], group_by: { field: 'date_won__year', descending: false } }, true);
  });

  it('gives every group of the summary all its aggregates: per period count, total and expected value', async () => {
    ext.services.filterState.set({ order_by: ORDER, group_by: { field: 'user_id', descending: false } });
    await vscode.commands.executeCommand('closeOpportunities.summary.focus');
    const version = ext.summary.lastPostedState?.filterVersion;
    const state = await waitFor(
      'the grouped summary',
      () => {
        const s = ext.summary.lastPostedState;
        return s?.filterVersion === version && s?.summary.status === 'ready' && s.summary.groups?.status === 'ready' ? s : undefined;
      },
      15_000,
      summaryDetail,
    );
    assert.ok(state.summary.status === 'ready' && state.summary.groups?.status === 'ready');
    for (const row of state.summary.groups.rows) {
      const mine = server.dataset.opportunities.filter((o) => o.user_name === row.label);
      assert.ok(mine.length > 0, row.label);
      for (const p of row.periods) {
        const inPeriod = mine.filter((o) => o.value_period === p.period);
        assert.equal(p.count, inPeriod.length, `${row.label} ${p.period} count`);
        assert.equal(
          p.total.cents,
          inPeriod.reduce((n, o) => n + (o.value ?? 0), 0),
          `${row.label} ${p.period} total`,
        );
        assert.equal(
          p.expected.cents,
          inPeriod.reduce((n, o) => n + Math.round(((o.value ?? 0) * (o.confidence ?? 0)) / 100), 0),
        );
        assert.match(p.total.text, /€/);
      }
    }
  });
});
