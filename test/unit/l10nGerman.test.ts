// The text functions in German, translated the way `vscode.l10n.t` translates with l10n/bundle.l10n.de.json
// (what VS Code loads when its display language is German).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GroupingLimitError, groupingLimitText } from '../../src/close/errors';
import { groupLabel } from '../../src/close/groups';
import { errorText } from '../../src/close/inert';
import { opportunityValueText } from '../../src/close/format';
import { untranslated, type Translate } from '../../src/close/translate';
import type { Opportunity } from '../../src/close/types';
import { describeFilter } from '../../src/shared/filterDescription';
import { renderOpportunityHover } from '../../src/features/hover/hoverMarkdown';
import { statusBarSummary } from '../../src/views/statusBarText';
import { emptyAggregates } from '../../src/close/aggregates';
import { offlineLabel } from '../../src/features/offline/offlineText';
import { changeLine } from '../../src/features/changes/changeText';
import { groupAccessibilityLabel, opportunityAccessibilityLabel } from '../../src/views/tree/accessibleNames';
import { loadMoreLabel } from '../../src/views/tree/rows';
import { startFakeServer, testClient, type FakeServer } from '../support/testClient';

const GERMAN = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.de.json'), 'utf8')) as Record<string, string>;

/** `vscode.l10n.t` with the German bundle; a message the bundle lacks fails the test instead of staying English. */
const de: Translate = (message, ...args) => {
  assert.ok(message in GERMAN, `not in bundle.l10n.de.json: ${JSON.stringify(message)}`);
  return untranslated(GERMAN[message], ...args);
};

describe('in German', () => {
  it('describes the filter in words', () => {
    const text = describeFilter(
      {
        status_type: ['won', 'lost'],
        value_period: ['monthly'],
        date_won: { gte: '2024-01-01', lte: '2024-03-31' },
        date_created: { gte: '2024-01-01' },
        date_updated: { eq: '2024-05-02' },
        is_stalled: false,
        lead_saved_search_id: 'save_1',
        query: 'acme',
      },
      { savedSearches: new Map([['save_1', 'Hot leads']]) },
      de,
    );
    assert.equal(
      text,
      'Gewonnen, Verloren · Monatlich · Abschlussdatum 2024-01-01 – 2024-03-31 · erstellt ab 2024-01-01 · geändert am 2024-05-02 · Nicht stagnierend · Smart View „Hot leads“ · „acme“',
    );
  });

  it('labels date groups with German months and calendar weeks', () => {
    assert.equal(groupLabel({ key: 'k', year: 2026, month: 3 }, 'date_won__month', false, de), 'März 2026');
    assert.equal(groupLabel({ key: 'k', year: 2026, quarter: 1 }, 'date_won__quarter', false, de), 'Q1 2026');
    assert.equal(groupLabel({ key: 'k', weekyear: 2026, week: 9 }, 'date_won__week', false, de), 'KW 9/2026');
    assert.equal(groupLabel({ key: 'none', year: null, month: null }, 'date_won__month', false, de), 'Ohne Abschlussdatum');
    assert.equal(groupLabel({ key: 'none', user_id: null, user_name: null }, 'user_id', false, de), 'Ohne Verantwortlichen');
  });

  describe('the client given `translate`', () => {
    let server: FakeServer;
    before(async () => {
      server = await startFakeServer({ opportunities: 300, seed: 7 });
    });
    after(() => server.close());

    it('labels the groups it finds in German', async () => {
      const { client } = testClient(server, { translate: de });
      const result = await client.discoverGroups({ group_by: { field: 'date_won__month', descending: false } });
      const months = /^(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}$/;
      const labels = result.groups.map((g) => g.label);
      assert.ok(labels.length > 1, labels.join(', '));
      assert.deepEqual(
        labels.filter((label) => !months.test(label) && label !== 'Ohne Abschlussdatum'),
        [],
      );
    });
  });

  // Amounts are formatted for German with Intl: a no-break space before the currency sign.
  it('reads a row, its value period and "Load more"', () => {
    const row = {
      id: 'oppo_abcdefghij',
      lead_name: 'Acme GmbH',
      value: 1_200_000,
      value_period: 'monthly' as const,
      value_currency: 'EUR',
      confidence: 75,
      user_name: 'Anna Berg',
    };
    assert.equal(
      opportunityAccessibilityLabel(row, 'Angebot', 'de', de),
      'Acme GmbH, 12.000\u00a0€ monatlich, Status Angebot, 75 % Wahrscheinlichkeit, verantwortlich: Anna Berg',
    );
    assert.equal(opportunityValueText({ ...row, value_period: 'annual' } as Opportunity, 'de', de), '12.000\u00a0€ jährlich');
    assert.equal(loadMoreLabel(100, 2345, 'de', de), 'Weitere laden (100 von 2.345)');
  });

  it('reads to a screen reader what a row shows only by marker and icon: the change, the status type, kept results', () => {
    const row = { id: 'oppo_abcdefghij', lead_name: 'Acme GmbH', status_label: 'Abgesagt', status_type: 'lost' as const, value_formatted: '1.000 €' };
    const change = changeLine({ id: row.id, kind: 'new', kinds: ['new'] }, '2026-03-01T03:25:00Z', Date.parse('2026-03-03T12:00:00Z'), {
      locale: 'de',
      timeZone: 'UTC',
      t: de,
    });
    const offline = offlineLabel(Date.parse('2026-03-03T10:42:00'), Date.parse('2026-03-03T12:00:00'), 'de', de);
    assert.equal(
      opportunityAccessibilityLabel(row, undefined, 'de', de, { change, offline }),
      'Acme GmbH, Neu seit So. 03:25, 1.000 €, Status Abgesagt (verloren), Offline – Stand 10:42',
    );
    assert.equal(
      groupAccessibilityLabel('Demo', { ...emptyAggregates(), total_results: 2, total_value_annualized: 50_000 }, 'EUR', 'de', de, { statusType: 'active' }),
      'Demo (aktiv), 2 Verkaufschancen, 500\u00a0€ annualisiert',
    );
  });

  it('sums up the filter in the status bar', () => {
    assert.match(
      statusBarSummary({ total_results: 245, total_value_annualized: 120_000_000 } as never, { currency: 'EUR', mixed: ['EUR', 'USD'] }, 'de', de),
      /^1,2\u00a0Mio\.\u00a0€ \(gemischte Währungen\) · 245 Chancen$/,
    );
  });

  it('shows an opportunity in the hover', () => {
    const markdown = renderOpportunityHover(
      {
        id: 'oppo_abcdefghij',
        lead_name: 'Acme GmbH',
        status_label: 'Churned',
        status_type: 'lost',
        value: 50_000,
        value_period: 'annual',
        value_currency: 'EUR',
      } as Opportunity,
      { t: de, locale: 'de' },
    );
    assert.match(markdown, /Churned \\\(verloren\\\)/);
    assert.match(markdown, /Wert: 500 € \\\(jährlich\\\)/);
    assert.match(markdown, /\[In Close öffnen\]\(command:closeOpportunities\.openInClose/);
  });

  it('says why grouping stopped, with German numbers', () => {
    const error = new GroupingLimitError(1_000_000_000, 250_100, { count: 119_988, max: 1000, first: '0001-01-01', last: '9999-12-31' });
    assert.equal(
      errorText(error, 'de', de),
      'Gruppierung abgebrochen: Laut Close passen 1.000.000.000 Verkaufschancen, mit Abschlussdatum zwischen 0001-01-01 und 9999-12-31. ' +
        'Das sind 119.988 Gruppen – mehr als die 1.000, die einzeln gezählt werden – und mehr Verkaufschancen als die 250.100, die seitenweise abgerufen werden können. ' +
        'Schränken Sie den Filter ein, zum Beispiel mit einem Zeitraum für das Abschlussdatum.',
    );
    assert.match(
      groupingLimitText({ total: 300_000, reach: 250_100, uncounted: { count: 1200, max: 1000 } }, 'de', de),
      /^Gruppierung abgebrochen: .* 1\.200 Gruppen\. /,
    );
    assert.match(
      groupingLimitText({ total: 300_000, reach: 250_100 }, 'de', de),
      /^Gruppierung abgebrochen: Laut Close passen 300\.000 Verkaufschancen – mehr als die 250\.100, /,
    );
  });
});
