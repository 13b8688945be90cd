import * as assert from 'node:assert/strict';
import { html, links, text } from '../../../support/markdown';
import type { AttentionRow } from '../../../../src/views/attention/attentionModel';
import { attentionAccessibleName, attentionDescription, attentionTooltipMarkdown, draftText, kindLabel } from '../../../../src/views/attention/attentionRows';

const hostile = '[click](command:closeOpportunities.signOut) <img src=x onerror=alert(1)> **bold**';
const row: AttentionRow = {
  id: 'oppo_A1bcdefghijklmnopqrstuvwxyz0123456789ABCDEF',
  lead_name: 'Acme',
  value_formatted: '$12,000',
  status_label: 'Demo',
  status_type: 'active',
  date_won: '2026-02-01',
  suggested_action: { action: 'follow_up_sms', details: { contact_id: 'cont_x', message_draft: `Hi!\n${hostile}` }, justification: hostile },
};

describe('the rows of Needs Attention', () => {
  it('say why in the description and the accessible name', () => {
    assert.equal(attentionDescription(row, 'overdue'), `$12,000 · Suggested: follow up by text message — ${hostile}`);
    assert.match(attentionAccessibleName(row, 'overdue'), /^Acme, \$12,000, status Demo \(active\), Suggested: follow up by text message — /);
  });

  it('say what put a row in its kind when Close says nothing more', () => {
    const plain: AttentionRow = { id: row.id, lead_name: 'Acme', date_won: '2026-02-01', date_updated: '2025-12-01T10:00:00+00:00' };
    assert.equal(attentionDescription(plain, 'overdue'), 'expected to close 2026-02-01');
    assert.equal(attentionDescription(plain, 'quiet'), 'last updated 2025-12-01');
  });

  it('keep a hostile justification and draft as text in the tooltip: no link, no HTML, no emphasis', () => {
    const rendered = html(attentionTooltipMarkdown(row, 'overdue'));
    assert.deepEqual(links(rendered), []);
    assert.ok(!rendered.includes('<img') && !rendered.includes('<strong>bold'), rendered);
    // The user reads the justification and the draft exactly as Close sent them.
    assert.equal(text(rendered).split(hostile).length - 1, 2);
  });

  it('copy the draft exactly as Close wrote it', () => {
    assert.equal(draftText(row), `Hi!\n${hostile}`);
    assert.equal(draftText({ id: row.id }), undefined);
  });

  it('name the quiet kind with its days', () => {
    assert.equal(kindLabel('quiet', 45), 'Quiet for 45+ days');
  });
});
