import * as assert from 'node:assert/strict';
import type { Opportunity } from '../../../../src/close/types';
import { HOVER_COMMANDS, renderError, renderNoConnection, renderNotFound, renderOpportunityHover } from '../../../../src/features/hover/hoverMarkdown';
import { html, links, text } from '../../../support/markdown';

const ID = 'oppo_A1bcdefghijklmnopqrstuvwxyz0123456789ABCDEF';

function opportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: ID,
    organization_id: 'orga_x',
    lead_id: 'lead_AcmeAbcdefghijklmnopqrstuvwxyz0123456789ABC',
    lead_name: 'Acme Corp',
    contact_id: null,
    contact_name: 'Wile E. Coyote',
    user_id: 'user_Alice',
    user_name: 'Alice Anders',
    status_id: 'stat_Won',
    status_label: 'Won',
    status_type: 'won',
    pipeline_id: 'pipe_x',
    pipeline_name: 'Sales',
    value: 1200000,
    value_period: 'one_time',
    value_currency: 'USD',
    value_formatted: '$12,000',
    expected_value: 600000,
    annualized_value: 1200000,
    annualized_expected_value: 600000,
    confidence: 50,
    note: 'Signed annual license',
    date_created: '2024-02-01T15:04:05.123000+00:00',
    date_updated: '2024-03-14T09:30:00.000000+00:00',
    date_won: '2024-03-14',
    date_lost: null,
    created_by: null,
    updated_by: null,
    ...overrides,
  };
}

describe('hover: an opportunity', () => {
  it('names the status type after a custom status, and does not repeat it after "Won" or "Lost"', () => {
    const churned = text(html(renderOpportunityHover(opportunity({ status_label: 'Churned', status_type: 'lost' }))));
    assert.ok(churned.includes('Churned (lost)'), churned);
    const lost = text(html(renderOpportunityHover(opportunity({ status_label: 'Lost', status_type: 'lost' }))));
    assert.ok(lost.includes('Lost') && !lost.includes('(lost)'), lost);
  });

  it('shows lead name, status, value and period, expected value, confidence, owner, pipeline and dates', () => {
    const visible = text(html(renderOpportunityHover(opportunity({ value: 50000, value_period: 'monthly', expected_value: 45000, confidence: 90 }))));
    for (const part of [
      'Acme Corp · Won\n',
      'Value: $500 (monthly)',
      'Expected value: $450',
      'Confidence: 90%',
      'Owner: Alice Anders',
      'Pipeline: Sales',
      'Won: 2024-03-14',
      'Created: 2024-02-01',
      'Updated: 2024-03-14',
      'Signed annual license',
    ]) {
      assert.ok(visible.includes(part), `missing "${part}" in:\n${visible}`);
    }
  });

  it('calls the close date of an open deal expected, and of a lost one a close date', () => {
    const open = text(html(renderOpportunityHover(opportunity({ status_label: 'Proposal', status_type: 'active', date_won: '2025-12-16' }))));
    assert.ok(open.includes('Expected close: 2025-12-16') && !open.includes('Won: '), open);
    const lost = text(html(renderOpportunityHover(opportunity({ status_label: 'Lost', status_type: 'lost', date_won: '2025-12-16' }))));
    assert.ok(lost.includes('Close date: 2025-12-16') && !lost.includes('Won: '), lost);
  });

  it('falls back to the contact name, then the id, when the lead has no name', () => {
    assert.match(text(html(renderOpportunityHover(opportunity({ lead_name: null })))), /Wile E\. Coyote/);
    assert.match(text(html(renderOpportunityHover(opportunity({ lead_name: null, contact_name: null })))), new RegExp(ID));
  });

  it("offers exactly Open in Close, Reveal in Sidebar and Copy ID with the id, and Show This Lead's Opportunities with the lead id", () => {
    const hrefs = links(html(renderOpportunityHover(opportunity())));
    const arg = encodeURIComponent(JSON.stringify([ID]));
    assert.deepEqual(hrefs, [
      `command:closeOpportunities.openInClose?${arg}`,
      `command:closeOpportunities.revealInSidebar?${arg}`,
      `command:closeOpportunities.copyId?${arg}`,
      `command:closeOpportunities.showLeadOpportunities?${encodeURIComponent(JSON.stringify([opportunity().lead_id]))}`,
    ]);
  });

  it('keeps a hostile lead name, owner and note inert: no HTML, no links, no formatting', () => {
    const rendered = html(
      renderOpportunityHover(
        opportunity({
          lead_name: '<script>alert(1)</script> **Evil** [click](command:workbench.action.terminal.new)',
          user_name: '![img](https://evil.example/p.png) `x` | y |',
          pipeline_name: '<img src=x onerror=alert(1)>',
          status_label: '_under_ ~~x~~',
          note: 'Call https://evil.example now\n# Heading\n- item\n[a]: https://evil.example\n<iframe src="https://evil.example"></iframe>',
        }),
      ),
    );
    assert.doesNotMatch(rendered, /<script|<img|<iframe|<em>|<code>|<h1|<li>|<table|<del>/);
    assert.equal(links(rendered).filter((href) => !href.startsWith('command:closeOpportunities.')).length, 0);
    assert.equal(links(rendered).length, 4);
    assert.match(text(rendered), /<script>alert\(1\)<\/script> \*\*Evil\*\* \[click\]\(command:workbench\.action\.terminal\.new\)/);
    // Our own bold title is the only strong text.
    assert.equal((rendered.match(/<strong>/g) ?? []).length, 1);
  });

  it('cuts the note to about 300 characters', () => {
    const visible = text(html(renderOpportunityHover(opportunity({ note: `${'word '.repeat(200)}END` }))));
    assert.ok(!visible.includes('END'));
    assert.match(visible, /word…/);
  });

  it('keeps the note on several lines', () => {
    const rendered = html(renderOpportunityHover(opportunity({ note: 'first line\nsecond line' })));
    assert.match(rendered, /first line<br>\s*second line/);
  });

  it('omits the note section when there is no note', () => {
    const rendered = renderOpportunityHover(opportunity({ note: null }));
    assert.equal(rendered.split('---').length, 2);
  });

  it('passes labels through the translation function', () => {
    const rendered = renderOpportunityHover(opportunity(), { t: (m) => `«${m}»` });
    assert.match(text(html(rendered)), /«Owner»: Alice Anders/);
  });

  it("links the lead's opportunities with the lead id as argument, only when the id has Close's shape", () => {
    const lead = 'lead_AcmeAbcdefghijklmnopqrstuvwxyz0123456789ABC';
    const shown = links(html(renderOpportunityHover(opportunity())));
    assert.ok(shown.includes(`command:closeOpportunities.showLeadOpportunities?${encodeURIComponent(JSON.stringify([lead]))}`), shown.join('\n'));
    for (const bad of ['lead_a/../b', 'x)](command:workbench.action.terminal.new', null]) {
      const hrefs = links(html(renderOpportunityHover(opportunity({ lead_id: bad! }))));
      assert.ok(!hrefs.some((href) => href.includes('showLeadOpportunities')), String(bad));
    }
  });

  it('only ever links commands on the hover allow-list', () => {
    const all = [renderOpportunityHover(opportunity()), renderNotFound(ID), renderNoConnection(), renderError('x')].map(html).flatMap(links);
    for (const href of all) {
      const command = href.replace(/^command:/, '').replace(/\?.*$/, '');
      assert.ok((HOVER_COMMANDS as readonly string[]).includes(command), href);
    }
  });
});

describe('hover: other outcomes', () => {
  it('says an unknown id is not in this organization', () => {
    assert.match(text(html(renderNotFound(ID))), /Not found in this Close organization: oppo_A1bc/);
  });

  it('offers to set a key or explore sample data when not connected', () => {
    assert.deepEqual(links(html(renderNoConnection())), ['command:closeOpportunities.setApiKey', 'command:closeOpportunities.exploreSampleData']);
  });

  it('shows an error in one short escaped line', () => {
    const rendered = html(renderError(`<b>down</b> ${'x'.repeat(1000)}`));
    assert.doesNotMatch(rendered, /<b>/);
    assert.ok(text(rendered).length < 300);
  });
});
