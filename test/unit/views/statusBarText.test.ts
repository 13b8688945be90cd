import * as assert from 'node:assert/strict';
import { statusBarSummary, statusBarTooltip, withOrganization } from '../../../src/views/statusBarText';
import type { Aggregates } from '../../../src/close/types';
import { emptyAggregates } from '../../../src/close/aggregates';

const totals = (n: number, cents: number): Aggregates => ({ ...emptyAggregates(), total_results: n, total_value_annualized: cents });

describe('status bar text', () => {
  it('shows the compact annualized value in the organization’s currency and the count', () => {
    assert.equal(statusBarSummary(totals(245, 123_456_700), { currency: 'USD' }, 'en-US'), '$1.2M · 245 opps');
    assert.equal(statusBarSummary(totals(1, 250_000_000), { currency: 'EUR' }, 'en-US'), '€2.5M · 1 opp');
    assert.equal(statusBarSummary(totals(2, 250_000_000), {}, 'en-US'), '2.5M · 2 opps');
  });

  it('labels sums over several currencies as mixed, in the text and the tooltip', () => {
    const money = { currency: 'GBP', mixed: ['EUR', 'GBP', 'USD'] };
    assert.equal(statusBarSummary(totals(245, 123_456_700), money, 'en-US'), '£1.2M (mixed currencies) · 245 opps');
    assert.match(statusBarTooltip(totals(245, 123_456_700), false, money, 'en-US'), /Mixed currencies \(EUR, GBP, USD\)/);
  });

  it('names sample data in the tooltip', () => {
    const tooltip = statusBarTooltip(totals(2345, 100_00), true, { currency: 'USD' }, 'en-US');
    assert.match(tooltip, /Sample data/);
    assert.match(tooltip, /2,345 opportunities, \$100 annualized/);
    assert.doesNotMatch(statusBarTooltip(undefined, false), /Sample data/);
  });
});

describe('the status bar item accessible name (its tooltip)', () => {
  it('says it is loading while the item shows only a spinner', () => {
    assert.equal(statusBarTooltip(undefined, false, {}, 'en-US', undefined, undefined, true), 'Close\nLoading…\nClick to show the summary');
    assert.doesNotMatch(statusBarTooltip(totals(3, 100), false, { currency: 'USD' }, 'en-US', undefined, undefined, true), /Loading/);
    assert.doesNotMatch(statusBarTooltip(undefined, false, {}, 'en-US'), /Loading/);
  });

  it('says why Close cannot be reached when nothing could be shown', () => {
    const why = 'Could not reach Close at api.close.com (ECONNREFUSED).';
    assert.equal(statusBarTooltip(undefined, false, {}, 'en-US', undefined, undefined, false, undefined, why), `Close\nOffline: ${why}\nClick to show the summary`);
  });
});

describe('Offline labels', () => {
  it('marks the status bar tooltip as offline', () => {
    const tooltip = statusBarTooltip({ total_results: 3, total_value_annualized: 100 } as never, false, { currency: 'USD' }, 'en-US', undefined, 'Offline — as of 10:42');
    assert.match(tooltip.split('\n')[1], /^Offline — as of 10:42: Close cannot be reached/);
  });
});

describe('status bar text with several organizations', () => {
  const icons = (text: string) => [...text.matchAll(/\$\(([a-z-~]+)\)/g)].map((m) => m[1]);

  it('names the organization after the icon, as written', () => {
    assert.equal(withOrganization('$(briefcase) €1.2M · 245 opps', 'Example Inc'), '$(briefcase) Example Inc · €1.2M · 245 opps');
    // Replacement patterns of String.replace are text here.
    assert.equal(withOrganization('$(briefcase) Close', "Tom $' Jerry $& Co $1"), "$(briefcase) Tom $' Jerry $& Co $1 · Close");
  });

  it('cuts a long name, so the numbers stay in sight', () => {
    const text = withOrganization('$(briefcase) €1.2M · 245 opps', `Example ${'x'.repeat(5000)}`);
    assert.ok(text.length < 80, text);
    assert.match(text, /^\$\(briefcase\) Example x+… · €1\.2M · 245 opps$/);
  });

  it('lets a name from the server add no icon of its own, however it is spelled', () => {
    for (const name of ['$(sync~spin) Evil', '$$$`(sync~spin) Evil', '$$(sync~spin)', '$1$(warning)']) {
      assert.deepEqual(icons(withOrganization('$(briefcase) €1.2M · 245 opps', name)), ['briefcase'], name);
    }
  });
});
