import * as assert from 'node:assert/strict';
import { attentionReason, oneLine, reasonLine, suggestionDetails } from '../../../src/close/attentionReasons';

describe('why an opportunity needs attention', () => {
  it('says the stall status: the communication issue, the next action and its justification', () => {
    const reason = attentionReason({
      is_stalled: true,
      stall_status: { communication_issue: 'cant_get_in_touch', next_action: { action: 'follow_up', justification: 'No reply for 14 days.' } },
    });
    assert.equal(reasonLine(reason), "Stalled: can't get in touch; next: follow up — No reply for 14 days.");
  });

  it('says the suggested action when there is no stall status', () => {
    const reason = attentionReason({ suggested_action: { action: 'follow_up_sms', details: null, justification: 'Expected close date has passed.' } });
    assert.equal(reasonLine(reason), 'Suggested: follow up by text message — Expected close date has passed.');
  });

  it('leaves out "no issue" and shows an action Close adds later in its own words', () => {
    const reason = attentionReason({ stall_status: { communication_issue: 'no_issue', next_action: { action: 'book_a_meeting', justification: '' } } });
    assert.equal(reasonLine(reason), 'Stalled: next: book a meeting');
  });

  it('has no reason for an opportunity Close says nothing about', () => {
    assert.equal(attentionReason({ is_stalled: false, stall_status: null }), undefined);
  });

  it('reads the suggested close date, the drafted message and its subject, and the call plan', () => {
    assert.deepEqual(suggestionDetails({ suggested_action: { action: 'adjust_close_date', details: { close_date: '2026-12-01' } } }), {
      closeDate: '2026-12-01',
      draft: undefined,
      subject: undefined,
      callPlan: undefined,
    });
    const email = suggestionDetails({ suggested_action: { action: 'follow_up_email', details: { message_draft: 'Hi Ana,\nany news?', subject_draft: 'Proposal' } } });
    assert.equal(email.draft, 'Hi Ana,\nany news?');
    assert.equal(email.subject, 'Proposal');
  });

  it('ignores details of the wrong shape and cuts a huge draft', () => {
    assert.deepEqual(suggestionDetails({ suggested_action: { action: 'adjust_close_date', details: { close_date: 'tomorrow' } } }).closeDate, undefined);
    const draft = suggestionDetails({ suggested_action: { action: 'follow_up_sms', details: { message_draft: 'x'.repeat(100_000) } } }).draft!;
    assert.ok(draft.length <= 2001, String(draft.length));
  });

  it('puts a justification on one line', () => {
    assert.equal(oneLine('a\nb\r\n\tc\u2028d'), 'a b c d');
  });
});
