// The generated organisation: reproducible, realistic, and with the awkward cases the extension must survive.
import * as assert from 'node:assert/strict';
import { generateDataset } from '../../../src/fake/generateDataset';

describe('fake dataset generator', () => {
  const dataset = generateDataset({ opportunities: 3000, seed: 1 });
  const opportunities = dataset.opportunities;
  const share = (test: (o: (typeof opportunities)[number]) => boolean): number => opportunities.filter(test).length / opportunities.length;

  it('generates the same data for the same seed and size', () => {
    assert.equal(JSON.stringify(generateDataset({ opportunities: 3000, seed: 1 })), JSON.stringify(dataset));
  });

  it('generates different data for another seed', () => {
    const other = generateDataset({ opportunities: 3000, seed: 2 });
    assert.notEqual(other.opportunities[0].id, opportunities[0].id);
  });

  it('generates exactly the requested number of opportunities', () => {
    assert.equal(opportunities.length, 3000);
    assert.equal(generateDataset({ opportunities: 0, seed: 1 }).opportunities.length, 0);
    assert.equal(generateDataset({ opportunities: 7, seed: 1 }).opportunities.length, 7);
  });

  it('uses Close-shaped ids: prefix plus 43 base62 characters (pipelines 22)', () => {
    assert.ok(opportunities.every((o) => /^oppo_[0-9A-Za-z]{43}$/.test(o.id)));
    assert.ok(opportunities.every((o) => /^lead_[0-9A-Za-z]{43}$/.test(o.lead_id) && /^user_[0-9A-Za-z]{43}$/.test(o.user_id)));
    assert.ok(dataset.statuses.every((s) => /^stat_[0-9A-Za-z]{43}$/.test(s.id)));
    assert.ok(dataset.pipelines.every((p) => /^pipe_[0-9A-Za-z]{22}$/.test(p.id)));
    assert.match(dataset.organization.id, /^orga_[0-9A-Za-z]{43}$/);
    assert.equal(new Set(opportunities.map((o) => o.id)).size, opportunities.length, 'ids are unique');
  });

  it('has 2–3 pipelines, each with active, won and lost statuses', () => {
    assert.ok(dataset.pipelines.length >= 2 && dataset.pipelines.length <= 3);
    for (const pipeline of dataset.pipelines) {
      assert.deepEqual(new Set(pipeline.statuses.map((s) => s.type)), new Set(['active', 'won', 'lost']), pipeline.name);
    }
    assert.equal(
      dataset.statuses.length,
      dataset.pipelines.reduce((n, p) => n + p.statuses.length, 0),
    );
  });

  it('has about eight users plus a deactivated one who still owns opportunities', () => {
    assert.ok(dataset.users.length >= 6 && dataset.users.length <= 10);
    const former = dataset.deactivatedUsers[0];
    assert.ok(!dataset.users.some((u) => u.id === former.id));
    assert.ok(opportunities.some((o) => o.user_id === former.id && o.user_name === `${former.first_name} ${former.last_name}`));
    assert.equal(dataset.me.id, dataset.users[0].id);
    assert.deepEqual(dataset.me.organizations, [dataset.organization]);
  });

  it('keeps the per-object money fields consistent: cents, confidence, annualized ×12 for monthly', () => {
    for (const o of opportunities) {
      if (o.value === null) {
        assert.equal(o.expected_value, null);
        assert.equal(o.value_formatted, '');
        continue;
      }
      assert.equal(o.expected_value, Math.round((o.value * o.confidence) / 100));
      assert.equal(o.annualized_value, o.value_period === 'monthly' ? o.value * 12 : o.value);
      assert.equal(o.annualized_expected_value, o.value_period === 'monthly' ? o.expected_value * 12 : o.expected_value);
    }
    assert.ok(share((o) => o.value === null) > 0.01, 'some values are null');
    assert.ok(share((o) => o.value !== null && o.value % 100 !== 0) > 0.01, 'some values have cents');
    assert.deepEqual(new Set(opportunities.map((o) => o.value_period)), new Set(['one_time', 'monthly', 'annual']));
  });

  it('is mostly in the org currency, with a few GBP and EUR', () => {
    assert.equal(dataset.currency, 'USD');
    assert.ok(share((o) => o.value_currency === 'USD') > 0.8);
    assert.ok(opportunities.some((o) => o.value_currency === 'GBP' && o.value_formatted!.startsWith('£')));
    assert.ok(opportunities.some((o) => o.value_currency === 'EUR' && o.value_formatted!.startsWith('€')));
  });

  it('sets date_won on won opportunities, on some active ones as expected close date, never on lost ones', () => {
    assert.ok(opportunities.filter((o) => o.status_type === 'won').every((o) => /^\d{4}-\d{2}-\d{2}$/.test(o.date_won!)));
    assert.ok(opportunities.filter((o) => o.status_type === 'lost').every((o) => o.date_won === null && o.date_lost !== null));
    const active = opportunities.filter((o) => o.status_type === 'active');
    assert.ok(active.some((o) => o.date_won !== null) && active.some((o) => o.date_won === null));
    const years = new Set(opportunities.map((o) => o.date_created.slice(0, 4)));
    assert.ok(years.size >= 4, `dates span several years: ${[...years].join(',')}`);
    assert.ok(opportunities.every((o) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/.test(o.date_created)));
    assert.ok(opportunities.every((o) => o.date_updated >= o.date_created));
  });

  it('has notes with Markdown/HTML characters and non-Latin text', () => {
    const notes = opportunities.map((o) => o.note ?? '');
    for (const needle of ['<script>', '**', '](http', '|', '`', '見積', 'ال', '🚀']) {
      assert.ok(
        notes.some((note) => note.includes(needle)),
        needle,
      );
    }
    assert.ok(opportunities.some((o) => o.note === null) && opportunities.some((o) => o.note === ''));
  });

  it('has stalled opportunities with a stall_status, custom fields, and leads without a name', () => {
    const stalled = opportunities.filter((o) => o.is_stalled === true);
    assert.ok(stalled.length > 0 && stalled.every((o) => o.stall_status && o.status_type === 'active'));
    const field = `custom.${dataset.customFields[0].id}` as const;
    assert.ok(opportunities.some((o) => typeof o[field] === 'string') && opportunities.some((o) => !(field in o)));
    const unnamed = opportunities.filter((o) => !o.lead_name);
    assert.ok(unnamed.length > 0 && unnamed.every((o) => o.contact_name), 'unnamed leads fall back to a contact');
    assert.ok(unnamed.some((o) => !('lead_name' in o)) && unnamed.some((o) => o.lead_name === null));
  });

  it('includes optional fields on some objects and leaves them out on others', () => {
    for (const field of ['note_html', 'status_display_name', 'attachments', 'is_stalled', 'lead_primary_email', 'comment_summary']) {
      const present = share((o) => field in o);
      assert.ok(present > 0.05 && present < 1, `${field}: ${present}`);
    }
  });

  it('has lead Smart Views whose matching leads own opportunities, plus views of other types', () => {
    const leadViews = dataset.savedSearches.filter((s) => s.type === 'lead');
    assert.ok(leadViews.length >= 2);
    const leadIds = new Set(opportunities.map((o) => o.lead_id));
    for (const view of leadViews) {
      assert.ok(view.matchingLeadIds.length > 0 && view.matchingLeadIds.every((id) => leadIds.has(id)), view.name);
      assert.match(view.id, /^save_[0-9A-Za-z]{43}$/);
    }
    assert.ok(dataset.savedSearches.some((s) => s.type !== 'lead'));
  });
});
