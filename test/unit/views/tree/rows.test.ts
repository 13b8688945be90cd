import * as assert from 'node:assert/strict';
import {
  descriptionAfter,
  groupDescription,
  groupTooltip,
  leadPage,
  loadMoreLabel,
  opportunityIdIn,
  opportunityDescription,
  opportunityLabel,
  opportunityRowText,
  opportunityTooltipMarkdown,
  statusIcon,
  toRow,
  validateOpportunityId,
  type OpportunityRow,
} from '../../../../src/views/tree/rows';
import type { Aggregates, Opportunity } from '../../../../src/close/types';
import { emptyAggregates } from '../../../../src/close/aggregates';

const row: OpportunityRow = {
  id: 'oppo_abc123',
  lead_id: 'lead_1',
  lead_name: 'Acme Corp',
  contact_name: 'Jane Doe',
  user_name: 'Alice Anders',
  status_label: 'Won',
  status_type: 'won',
  value: 1200000,
  value_period: 'annual',
  value_currency: 'USD',
  value_formatted: '$12,000 annual',
  confidence: 75,
};

function aggregates(total: number, annualized: number): Aggregates {
  return { ...emptyAggregates(), total_results: total, total_value_annualized: annualized };
}

describe('tree rows', () => {
  it('labels a row with the lead name, then the contact name, then the id', () => {
    assert.equal(opportunityLabel(row), 'Acme Corp');
    assert.equal(opportunityLabel({ ...row, lead_name: undefined }), 'Jane Doe');
    assert.equal(opportunityLabel({ ...row, lead_name: '  ', contact_name: undefined }), 'oppo_abc123');
  });

  it('describes a row with its value, status and confidence', () => {
    assert.equal(opportunityDescription(row), '$12,000 annual · Won · 75%');
  });

  it('formats the value from cents when the server sent no formatted value', () => {
    const text = opportunityDescription({ ...row, value_formatted: undefined, value: 50000, value_period: 'monthly' });
    assert.match(text, /^\$500 monthly · Won · 75%$/);
  });

  it('keeps the amount after an Arabic or Hebrew name in its own order (a left-to-right mark in front)', () => {
    // Without the mark, bidi rules draw "Walter العلي" + "$2,450 monthly" as "Walter 2,450$العلي monthly".
    assert.equal(descriptionAfter('Walter العلي', '$2,450 monthly · Won'), '\u200E$2,450 monthly · Won');
    assert.equal(descriptionAfter('שרה כהן', '12 · $1.2M'), '\u200E12 · $1.2M');
  });

  it('leaves the description of a left-to-right name, and an empty one, as it is', () => {
    assert.equal(descriptionAfter('Zoë Novak', '$1,100 · Lost · 0%'), '$1,100 · Lost · 0%');
    assert.equal(descriptionAfter('ヤマト Systems', '$3,800 monthly'), '$3,800 monthly');
    assert.equal(descriptionAfter('Walter العلي', ''), '');
  });

  it('leaves out what a row does not have', () => {
    assert.equal(opportunityDescription({ id: 'oppo_x', status_label: 'Demo' }), 'Demo');
  });

  it('colours the icon by status type', () => {
    assert.deepEqual(statusIcon('won'), { icon: 'pass-filled', color: 'charts.green' });
    assert.deepEqual(statusIcon('lost'), { icon: 'circle-slash', color: 'charts.red' });
    assert.deepEqual(statusIcon('active'), { icon: 'circle-filled', color: 'charts.blue' });
    assert.equal(statusIcon(undefined).color, undefined);
  });

  it('says how many are loaded out of the total on "Load more"', () => {
    assert.equal(loadMoreLabel(100, 2345), 'Load more (100 of 2,345)');
    assert.equal(loadMoreLabel(100, undefined), 'Load more');
  });

  it('describes a group by its own count and annualized value, in the organization’s currency', () => {
    assert.equal(groupDescription(aggregates(245, 120_000_000), 'USD', 'en-US'), '245 · $1.2M');
    assert.equal(groupDescription(aggregates(245, 120_000_000), 'EUR', 'en-US'), '245 · €1.2M');
  });

  it('never shows a group’s value in dollars nobody named: the server’s formatted amount, else a plain number', () => {
    assert.equal(groupDescription({ ...aggregates(3, 120_000_000), total_value_annualized_formatted: '€1,200,000' }, undefined, 'en-US'), '3 · €1,200,000');
    assert.equal(groupDescription(aggregates(3, 120_000_000), undefined, 'en-US'), '3 · 1,200,000');
  });

  it('gives a group row a tooltip with its whole name, its count and its value in full, in the organization’s currency', () => {
    assert.equal(groupTooltip('Demo Scheduled (Sales)', aggregates(12, 120_000_000), 'EUR', 'en-US'), 'Demo Scheduled (Sales)\n12 opportunities · €1,200,000 annualized');
    assert.equal(groupTooltip('Alice', aggregates(1, 50_000), 'USD', 'en-US'), 'Alice\n1 opportunity · $500 annualized');
  });

  it('starts the rows of one lead’s several opportunities with what tells them apart; a lead’s only row with its name', () => {
    const a: OpportunityRow = { ...row, lead_id: 'lead_1', value_formatted: '$12,000 annual', status_label: 'Won', confidence: 75 };
    const b: OpportunityRow = { ...a, id: 'oppo_def456', value_formatted: '$3,000 monthly', status_label: 'Demo', confidence: 40 };
    const [first, second] = [opportunityRowText(a, true), opportunityRowText(b, true)];
    assert.deepEqual(first, { label: `$12,000 annual · ${opportunityLabel(a)}`, description: 'Won · 75%' });
    assert.deepEqual(second, { label: `$3,000 monthly · ${opportunityLabel(b)}`, description: 'Demo · 40%' });
    assert.notEqual(first.label.slice(0, 8), second.label.slice(0, 8), 'they differ in what a narrow side bar shows');
    assert.deepEqual(opportunityRowText(a, false), { label: opportunityLabel(a), description: opportunityDescription(a) });
  });

  it('keeps only the fields the tree shows and cuts long notes', () => {
    const full = {
      ...row,
      organization_id: 'orga_1',
      note: 'x'.repeat(1000),
      attachments: [],
      integration_links: [],
      stall_status: null,
    } as unknown as Opportunity;
    const kept = toRow(full) as Record<string, unknown>;
    assert.equal(kept.organization_id, undefined);
    assert.equal(kept.attachments, undefined);
    assert.equal(kept.lead_name, 'Acme Corp');
    assert.ok((kept.note as string).length <= 201);
  });

  it('shows server text in the tooltip escaped, never as links or HTML', () => {
    const md = opportunityTooltipMarkdown({ ...row, lead_name: 'Evil [click](command:x)', note: '<script>alert(1)</script>' });
    assert.ok(!md.includes('[click](command:x)'));
    assert.ok(!md.includes('<script>'));
    assert.match(md, /Evil \\\[click\\\]\\\(command\\:x\\\)/);
    assert.match(md, /Owner: Alice Anders/);
    assert.match(md, /`oppo_abc123`/);
  });

  it('calls date_won the expected close on an open deal and the day won on a won one', () => {
    const open = opportunityTooltipMarkdown({ ...row, status_label: 'Proposal', status_type: 'active', date_won: '2025-12-16' });
    assert.match(open, /Expected close: 2025\\-12\\-16/);
    assert.doesNotMatch(open, /Won: /);
    assert.match(opportunityTooltipMarkdown({ ...row, date_won: '2025-12-16' }), /Won: 2025\\-12\\-16/);
  });

  it('keeps a bare address in a note from becoming a link in the tooltip', () => {
    const md = opportunityTooltipMarkdown({ ...row, note: 'pay at https://evil.example/x or www.evil.example\nsecond line' });
    assert.ok(!md.includes('https://evil.example'));
    assert.match(md, /https\\:\\\/\\\/evil\\.example/);
    assert.match(md, /www\\.evil\\.example {2}\nsecond line/);
  });

  it('opens the lead page in Close, built from parts', () => {
    assert.deepEqual(leadPage('lead_HcmG4cyICfAIu1J0sRziNKe63cbNaifOxZZ0PppgksW'), {
      scheme: 'https',
      authority: 'app.close.com',
      path: '/lead/lead_HcmG4cyICfAIu1J0sRziNKe63cbNaifOxZZ0PppgksW/',
    });
  });

  it('opens nothing for a lead id that could steer the link elsewhere', () => {
    for (const hostile of [
      '../../x',
      'lead_../../settings',
      'lead_a/../../b',
      'lead_a?next=https://evil.com',
      'lead_a#x',
      '//evil.com/',
      'lead_',
      'oppo_abc',
      ' lead_a',
      'lead_a%2F..',
      '',
      null,
      42,
    ]) {
      assert.equal(leadPage(hostile), undefined, String(hostile));
    }
  });

  it('accepts a pasted opportunity id and refuses anything else', () => {
    assert.equal(validateOpportunityId('  oppo_8ZpRg2XnGfQ4Ue0aBcDeFgHiJkLmNoPqRsTuVwXyZ01  '), undefined);
    assert.match(validateOpportunityId('')!, /Paste/);
    assert.match(validateOpportunityId('lead_abc')!, /oppo_/);
    assert.match(validateOpportunityId('oppo_abc-def')!, /letters and digits/);
  });

  it('finds the one id in a pasted log line or URL', () => {
    const id = 'oppo_8ZpRg2XnGfQ4Ue0aBcDeFgHiJkLmNoPqRsTuVwXyZ01';
    assert.equal(opportunityIdIn(`2026-11-27 12:00:01 [warn] sync failed for ${id}: timeout`), id);
    assert.equal(opportunityIdIn(`https://app.close.com/lead/lead_1/#opportunityId=${id}`), id);
    assert.equal(opportunityIdIn(`${id} and again ${id}`), id);
    assert.equal(validateOpportunityId(`see ${id} please`), undefined);
  });

  it('refuses pasted text with several different ids, saying so', () => {
    const text = 'oppo_8ZpRg2XnGfQ4Ue0aBcDeFgHiJkLmNoPqRsTuVwXyZ01 vs oppo_1111111111AAAAAAAAAAbbbbbbbbbb2222222222333';
    assert.equal(opportunityIdIn(text), undefined);
    assert.match(validateOpportunityId(text)!, /several/);
  });
});
