// Everyday questions in a few actions, in a real VS Code (code-server + Chromium) with the packaged extension
// against the fake Close server: each action the user takes is counted, and the answer the summary shows is the
// fake's own for the same question.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import type { OpportunityFilter } from '../../src/close/filter';
import { toQueryParams } from '../../src/close/query';
import type { Aggregates } from '../../src/close/types';
import { presetRange } from '../../src/commands/dateRanges';
import { listOpportunities } from '../../src/fake/query';
import type { FakeServer } from '../../src/fake/server';
import { startFakeUpToToday } from '../support/fakeUpToToday';
import { opportunityRows, SUMMARY_VIEW, useVSCode } from './harness';

const KEY = 'api_questions_e2e_key';

describe('Everyday questions', function () {
  this.timeout(180_000);
  let server: FakeServer;
  const settings: Record<string, unknown> = { 'closeOpportunities.pageSize': 10 };

  before(async () => {
    // Dated up to today, so some opportunities were updated yesterday.
    server = await startFakeUpToToday({ apiKey: KEY, opportunities: 500, seed: 11 });
    settings['closeOpportunities.apiBaseUrl'] = server.url;
  });
  after(async () => server?.close());
  const vscode = useVSCode({ settings });

  function fakeAggregates(filter: OpportunityFilter): Aggregates {
    return listOpportunities(server.dataset, toQueryParams(filter, { skip: 0, limit: 0 })).body as Aggregates;
  }

  function summary(): FrameLocator {
    return vscode().webview();
  }

  it('answers “What did Alice win this quarter?” in three actions from the palette', async () => {
    await vscode().connected(KEY);
    await vscode().expandView(SUMMARY_VIEW);
    await summary().locator('[data-testid=summary][data-status=ready]').waitFor();
    // "Alice": the owner with a first name of their own who won the most this quarter, other than the key's user.
    const quarter = presetRange('this_quarter', new Date());
    const firstNames = server.dataset.users.map((u) => u.first_name);
    const question = (id: string): OpportunityFilter => ({ user_id: [id], status_type: ['won'], date_won: quarter });
    const owner = server.dataset.users
      .filter((u) => u.id !== server.dataset.me.id && firstNames.filter((n) => n === u.first_name).length === 1)
      .sort((a, b) => fakeAggregates(question(b.id)).total_results - fakeAggregates(question(a.id)).total_results)[0];
    const expected = fakeAggregates(question(owner.id));
    assert.ok(expected.total_results > 0, `${owner.first_name} won something this quarter in the fake's data`);

    const actions: string[] = [];
    const act = async (what: string, action: () => Promise<void>) => {
      actions.push(what);
      await action();
    };
    await act('run Close: Filter…', () => vscode().runCommand('Close: Filter…'));
    await act('type the question', () => vscode().fillQuickInput(`owner:${owner.first_name!} status-type:won close-date:this-quarter`, { submit: false }));
    await vscode().waitForQuickPickItems((labels) => labels[0]?.includes(owner.first_name!) === true);
    await act('press Enter', () => vscode().page.keyboard.press('Enter'));
    assert.ok(actions.length <= 3, actions.join(', '));

    const total = summary().locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', {
      hasText: new RegExp(`^${expected.total_results.toLocaleString('en-US')}$`),
    });
    await total.waitFor({ timeout: 20_000 });
    const cell = async (id: string) => (await summary().locator(`[data-testid=${id}]`).innerText()).trim();
    assert.equal(await cell('total_value_annualized'), expected.total_value_annualized_formatted ?? '$0');
    assert.equal(await cell('expected_value_annualized'), expected.expected_value_annualized_formatted ?? '$0');
  });

  it('answers “What changed since yesterday?” in three actions from the palette', async () => {
    // Given a returning user's screen: every opportunity (the previous question's filter cleared).
    await vscode().connected(KEY);
    await vscode().filtersReset();
    await vscode().expandView(SUMMARY_VIEW);
    await summary().locator('[data-testid=summary][data-status=ready]').waitFor();
    const yesterday = presetRange('yesterday', new Date());
    // Independently of the query engine: the opportunities whose last update fell on yesterday in the user's time zone.
    const localDay = (ms: number) => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const changed = server.dataset.opportunities.filter((o) => localDay(Date.parse(o.date_updated)) === yesterday.gte);
    const expected = fakeAggregates({ date_updated: yesterday });
    assert.ok(changed.length > 0, 'some opportunities were updated yesterday in the fake');
    assert.equal(expected.total_results, changed.length);

    const seen = server.requests.length;
    const actions: string[] = [];
    const act = async (what: string, action: () => Promise<void>) => {
      actions.push(what);
      await action();
    };
    await act('run Close: Filter…', () => vscode().runCommand('Close: Filter…'));
    await act('type the question', () => vscode().fillQuickInput('date-updated:yesterday', { submit: false }));
    await vscode().waitForQuickPickItems((labels) => /updated/i.test(labels[0] ?? ''));
    await act('press Enter', () => vscode().page.keyboard.press('Enter'));
    assert.ok(actions.length <= 3, actions.join(', '));

    await summary()
      .locator('[data-testid=summary][data-status=ready] [data-testid=total_results]', { hasText: new RegExp(`^${expected.total_results.toLocaleString('en-US')}$`) })
      .waitFor({ timeout: 20_000 });
    const sent = server.requests.slice(seen).find((r) => r.path.endsWith('/opportunity/') && r.query.date_updated__gte !== undefined);
    const params = toQueryParams({ date_updated: yesterday }, { skip: 0, limit: 0 });
    assert.equal(sent?.query.date_updated__gte, params.get('date_updated__gte'));
    assert.equal(sent?.query.date_updated__lt, params.get('date_updated__lt'));
    assert.equal(sent?.query.status_type, undefined, 'every status, not only the open ones');
    assert.equal((await summary().locator('[data-testid=total_value_annualized]').innerText()).trim(), expected.total_value_annualized_formatted ?? '$0');
    // The tree's first rows are the fake's most recently updated of yesterday, in its order (by lead name).
    const newest = [...changed].sort((a, b) => Date.parse(b.date_updated) - Date.parse(a.date_updated)).slice(0, 3);
    const leads = newest.map((o) => o.lead_name ?? '');
    assert.ok(leads.every((name) => name !== ''));
    const rows = await vscode().waitForTreeRows((shown) => opportunityRows(shown).length >= leads.length && opportunityRows(shown)[0].label.endsWith(leads[0]));
    assert.deepEqual(
      opportunityRows(rows)
        .slice(0, leads.length)
        .map((row, i) => row.label.endsWith(leads[i])),
      leads.map(() => true),
      JSON.stringify({ shown: opportunityRows(rows).map((row) => row.label), leads }),
    );
  });
});
