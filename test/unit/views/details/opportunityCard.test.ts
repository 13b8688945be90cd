import * as assert from 'node:assert/strict';
import type { Opportunity } from '../../../../src/close/types';
import { CARD_COMMANDS, cardTitle, opportunityCardHtml, safeHttpsUrl } from '../../../../src/views/details/opportunityCard';
import { links } from '../../../support/markdown';

const ID = 'oppo_A1bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
const LEAD = 'lead_AcmeAbcdefghijklmnopqrstuvwxyz0123456789ABC';
const NONCE = 'n0nceN0nceN0nceN0nceN0nceN0nce12';

function opportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: ID,
    organization_id: 'orga_x',
    lead_id: LEAD,
    lead_name: 'Acme Corp',
    contact_id: null,
    contact_name: 'Wile E. Coyote',
    user_id: 'user_Alice',
    user_name: 'Alice Anders',
    status_id: 'stat_Prop',
    status_label: 'Proposal Sent',
    status_type: 'active',
    pipeline_id: 'pipe_x',
    pipeline_name: 'Sales',
    value: 1200000,
    value_period: 'annual',
    value_currency: 'USD',
    value_formatted: '$12,000',
    expected_value: 600000,
    annualized_value: 1200000,
    annualized_expected_value: 600000,
    confidence: 50,
    note: 'Call back\nafter the board meeting',
    note_html: '<p>Call back</p>',
    date_created: '2024-02-01T15:04:05.123000+00:00',
    date_updated: '2024-03-14T09:30:00.000000+00:00',
    date_won: '2025-12-16',
    date_lost: null,
    created_by: null,
    updated_by: null,
    'custom.cf_region': 'EMEA',
    ...overrides,
  };
}

/** What the page shows: tags removed, the entities the card writes decoded. */
function text(page: string): string {
  return page
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Each `<dt>` with its `<dd>`, as text. */
function definitions(page: string): Map<string, string> {
  return new Map([...page.matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [text(m[1]), text(m[2])]));
}

/** The element names of the page's tags (escaped server text has none). */
function tags(page: string): Set<string> {
  return new Set([...page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
}

describe('the details card', () => {
  it('is titled with the lead name and value, with a heading and the hover’s facts in a definition list', () => {
    const page = opportunityCardHtml(opportunity(), { nonce: NONCE });
    assert.equal(cardTitle(opportunity()), 'Acme Corp · $12,000');
    assert.match(page, /<h1>Acme Corp<\/h1>/);
    const facts = definitions(page);
    assert.equal(facts.get('Status'), 'Proposal Sent (active)');
    assert.equal(facts.get('Value'), '$12,000 (Annual)');
    assert.equal(facts.get('Expected close'), '2025-12-16');
    assert.equal(facts.get('Owner'), 'Alice Anders');
    assert.equal(facts.get('Pipeline'), 'Sales');
    assert.equal(facts.get('Updated'), '2024-03-14');
    assert.ok(text(page).includes('Call back\nafter the board meeting'));
  });

  it('lists every field and custom field, nulls as a dash, without the note’s HTML', () => {
    const page = opportunityCardHtml(opportunity(), { nonce: NONCE });
    const fields = definitions(page);
    assert.equal(fields.get('cf_region'), 'EMEA');
    assert.equal(fields.get('user_id'), 'user_Alice');
    assert.equal(fields.get('date_lost'), '—');
    assert.equal(fields.get('annualized_expected_value'), '$6,000');
    assert.ok(!fields.has('note_html'));
    assert.ok(!page.includes('&lt;p&gt;Call back'));
  });

  it('names custom fields as the organization does, and shows the id of one it does not name', () => {
    const page = opportunityCardHtml(opportunity({ 'custom.cf_size': 'Large' }), {
      nonce: NONCE,
      customFieldNames: new Map([
        ['cf_region', 'Sales region'],
        ['cf_other', 'Not on this opportunity'],
      ]),
    });
    const fields = definitions(page);
    assert.equal(fields.get('Sales region'), 'EMEA');
    assert.ok(!fields.has('cf_region'));
    assert.equal(fields.get('cf_size'), 'Large');
    assert.ok(!text(page).includes('Not on this opportunity'));
  });

  it('escapes a hostile custom field name', () => {
    const page = opportunityCardHtml(opportunity(), { nonce: NONCE, customFieldNames: new Map([['cf_region', '<img src=x onerror=alert(1)>']]) });
    assert.ok(!tags(page).has('img'));
    assert.equal(definitions(page).get('<img src=x onerror=alert(1)>'), 'EMEA');
  });

  it('escapes hostile server text: no tag, attribute or entity of it reaches the page as HTML', () => {
    const hostile = '<img src=x onerror=alert(1)>"\'&amp;';
    const page = opportunityCardHtml(opportunity({ lead_name: hostile, note: `</p><script>alert(2)</script>`, user_name: hostile, 'custom.cf_<b>x</b>': hostile }), {
      nonce: NONCE,
    });
    assert.deepEqual([...tags(page)].sort(), ['a', 'body', 'dd', 'dl', 'dt', 'h1', 'h2', 'head', 'html', 'main', 'meta', 'nav', 'p', 'style', 'title']);
    assert.ok(text(page).includes(hostile), 'shown as text');
    assert.ok(text(page).includes('<script>alert(2)</script>'));
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;amp;/);
  });

  it('links only to Close’s lead page and to allowed commands; javascript:, data: and http: values stay text', () => {
    const page = opportunityCardHtml(
      opportunity({
        'custom.cf_a': 'javascript:alert(1)',
        'custom.cf_b': 'data:text/html,<b>x</b>',
        'custom.cf_c': 'http://evil.example/',
        'custom.cf_d': 'https://docs.example/contract.pdf',
      }),
      { nonce: NONCE },
    );
    const hrefs = links(page).map((href) => href.replace(/&amp;/g, '&'));
    assert.ok(hrefs.includes(`https://app.close.com/lead/${LEAD}/`));
    assert.ok(hrefs.includes('https://docs.example/contract.pdf'));
    for (const href of hrefs) {
      const command = /^command:([\w.]+)\?/.exec(href)?.[1];
      assert.ok(href.startsWith('https://') || (command && (CARD_COMMANDS as readonly string[]).includes(command)), href);
    }
    assert.ok(hrefs.includes(`command:closeOpportunities.showDetails?${encodeURIComponent(JSON.stringify([{ id: ID, as: 'json' }]))}`), 'Show JSON');
    assert.equal(definitions(page).get('cf_a'), 'javascript:alert(1)');
    assert.equal(safeHttpsUrl('javascript:alert(1)'), undefined);
    assert.equal(safeHttpsUrl('https://user:pw@evil.example/'), undefined);
  });

  it('gives no link for a lead id or an opportunity id that is not of Close’s shape', () => {
    const page = opportunityCardHtml(opportunity({ id: 'oppo_x"><b>', lead_id: 'lead_../../evil' }), { nonce: NONCE });
    assert.deepEqual(links(page), []);
  });

  it('allows no script and nothing remote: only its own nonce’d style', () => {
    const page = opportunityCardHtml(opportunity(), { nonce: NONCE });
    const csp = text(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? '');
    assert.equal(csp, `default-src 'none'; style-src 'nonce-${NONCE}'`);
    assert.ok(!tags(page).has('script'));
  });
});
