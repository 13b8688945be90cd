// Date ranges chosen in the palette include their last day, for every date field, in the user's time zone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Opportunity } from '../../src/close/types';
import type { CloseOpportunitiesApi } from '../../src/extension';
import type { FakeServer } from '../../src/fake/server';
import { api, connectToFake, disconnectFromFake, ORDER } from './extensionApi';
import { answering } from './palette';

/** The user's calendar day of a value: date_won as it is, datetimes in this process's (local) time zone. */
function localDay(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function busiestDay(opportunities: readonly Opportunity[], field: 'date_won' | 'date_created' | 'date_updated'): string {
  const counts = new Map<string, number>();
  for (const o of opportunities) {
    const day = localDay(o[field]);
    if (day) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

describe('Date ranges from the palette (inside VS Code)', function () {
  this.timeout(60_000);
  let server: FakeServer;
  let ext: CloseOpportunitiesApi;
  const zone = process.env.TZ;

  before(async () => {
    ext = await api();
    server = await connectToFake(ext, { opportunities: 2000, seed: 23, apiKey: 'api_dates_test_key' });
    // The extension host is this process: a zone far from UTC makes "a day" differ from a UTC day.
    process.env.TZ = 'America/Los_Angeles';
  });

  after(async () => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    await disconnectFromFake(ext, server);
  });

  const fields = [
    ['date_won', 'Close Date (Expected or Won)'],
    ['date_created', 'Date Created'],
    ['date_updated', 'Date Updated'],
  ] as const;
  for (const [field, word] of fields) {
    it(`a one-day custom range on ${word} lists exactly the opportunities of that day`, async () => {
      ext.services.filterState.set({ order_by: ORDER });
      await ext.treeProvider.getChildren();
      const day = busiestDay(server.dataset.opportunities, field);
      const expected = server.dataset.opportunities.filter((o) => localDay(o[field]) === day);
      assert.ok(expected.length >= 2 && expected.length < 100, `${expected.length} on ${day}`);

      const asked = await answering([word, 'Custom range…', day, day], () => vscode.commands.executeCommand('closeOpportunities.filter'));
      assert.equal(asked[1], `Filter by ${word}`);
      assert.deepEqual(ext.services.filterState.filter[field], { gte: day, lte: day });

      const children = await ext.treeProvider.getChildren();
      const ids = children.filter((n) => n.kind === 'opportunity').map((n) => (n as { row: { id: string } }).row.id);
      assert.deepEqual(ids.sort(), expected.map((o) => o.id).sort());
      assert.equal(ext.treeView.view.badge?.value, expected.length);
    });

    const forms = [
      ['On a day…', { eq: '' }, (d: string, day: string) => d === day],
      ['After a day…', { gt: '' }, (d: string, day: string) => d > day],
      ['Before a day…', { lt: '' }, (d: string, day: string) => d < day],
    ] as const;
    for (const [label, shape, keeps] of forms) {
      it(`“${label}” on ${word} counts whole days of the user's calendar`, async () => {
        ext.services.filterState.set({ order_by: ORDER });
        await ext.treeProvider.getChildren();
        const day = busiestDay(server.dataset.opportunities, field);
        const expected = server.dataset.opportunities.filter((o) => {
          const d = localDay(o[field]);
          return d !== undefined && keeps(d, day);
        });

        await answering([word, label, day], () => vscode.commands.executeCommand('closeOpportunities.filter'));
        const op = Object.keys(shape)[0];
        assert.deepEqual(ext.services.filterState.filter[field], { [op]: day });

        await ext.treeProvider.getChildren();
        // The badge is the server's count of what the request asked: the days a person means.
        assert.equal(ext.treeView.view.badge?.value ?? 0, expected.length);
      });
    }
  }

  /** `YYYY-MM-DD` of the local calendar day `offset` days from now. */
  const localToday = (offset = 0) => {
    const d = new Date();
    d.setDate(d.getDate() + offset);
    return localDay(d.toISOString().slice(0, 19) + 'Z')!;
  };

  it('“Overdue” on the close date asks Close for active opportunities with a close date before today, and says its date', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    server.resetRequests();
    let description = '';
    await answering(
      [
        'Close Date (Expected or Won)',
        (items) => {
          const overdue = items.find((i) => i.label.startsWith('Overdue'));
          description = overdue?.description ?? '';
          return overdue;
        },
      ],
      () => vscode.commands.executeCommand('closeOpportunities.filter'),
    );
    const today = localToday();
    assert.equal(description, `before ${today}`);
    assert.deepEqual(ext.services.filterState.filter.date_won, { lt: today });
    assert.deepEqual(ext.services.filterState.filter.status_type, ['active']);
    await ext.treeProvider.getChildren();
    const sent = server.requests.filter((r) => r.path.endsWith('/opportunity/'));
    assert.ok(sent.length > 0);
    for (const request of sent) {
      assert.equal(request.query.date_won__lt, today);
      assert.equal(request.query.status_type, 'active');
    }
  });

  it('“Last 7 days” on Date Updated sends the user’s last seven calendar days, today included', async () => {
    ext.services.filterState.set({ order_by: ORDER });
    await ext.treeProvider.getChildren();
    server.resetRequests();
    await answering(['Date Updated', 'Last 7 days'], () => vscode.commands.executeCommand('closeOpportunities.filter'));
    assert.deepEqual(ext.services.filterState.filter.date_updated, { gte: localToday(-6), lte: localToday() });
    await ext.treeProvider.getChildren();
    const sent = server.requests.find((r) => r.path.endsWith('/opportunity/'));
    assert.ok(sent?.query.date_updated__gte?.startsWith(`${localToday(-6)}T00:00:00`), JSON.stringify(sent?.query));
    assert.ok(sent?.query.date_updated__lt?.startsWith(`${localToday(1)}T00:00:00`), JSON.stringify(sent?.query));
  });
});
