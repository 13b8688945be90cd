import * as assert from 'node:assert/strict';
import { parseWebviewMessage, LIMITS } from '../../../../src/features/summary/summaryMessages';
import type { FilterForm } from '../../../../src/features/summary/protocol';

function validForm(): FilterForm {
  return {
    status_type: ['won'],
    status_id: ['stat_WonCbcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    status_label: ['Won', 'Demo Scheduled'],
    user_id: ['user_AliceAbcdefghijklmnopqrstuvwxyz0123456789AB'],
    value_period: ['monthly', 'annual'],
    date_won: { form: 'between', from: '2024-01-01', to: '2024-03-31' },
    date_created: { form: 'any', from: '', to: '' },
    date_updated: { form: 'between', from: '2024-02-01T10:00:00Z', to: '' },
    query: 'note:important',
    lead_saved_search_id: 'save_HotLeadsAbcdefghijklmnopqrstuvwxyz012345678',
    is_stalled: 'no',
    order_by: { field: 'date_updated', descending: true },
    group_by: { field: 'date_won__month', descending: false },
  };
}

/** A copy of the valid apply message with one change made by `edit`. */
function applyWith(edit: (form: Record<string, unknown>) => void): unknown {
  const form = JSON.parse(JSON.stringify(validForm())) as Record<string, unknown>;
  edit(form);
  return { type: 'apply', form };
}

function refused(raw: unknown): string {
  const result = parseWebviewMessage(raw);
  assert.equal(result.ok, false, 'a malformed message was accepted');
  return result.ok ? '' : result.reason;
}

describe('webview message validation', () => {
  it('refuses an empty status label or one longer than a name', () => {
    assert.match(
      refused(
        applyWith((f) => {
          f.status_label = ['  '];
        }),
      ),
      /status_label\[0\]: empty/,
    );
    assert.match(
      refused(
        applyWith((f) => {
          f.status_label = ['x'.repeat(LIMITS.maxLabelLength + 1)];
        }),
      ),
      /status_label\[0\]: too long/,
    );
  });

  it('accepts a complete apply message and returns the form as sent', () => {
    const result = parseWebviewMessage({ type: 'apply', form: validForm() });
    assert.deepEqual(result, { ok: true, message: { type: 'apply', form: validForm() } });
  });

  it('accepts ready, reset, refresh and the three allowed commands', () => {
    for (const raw of [
      { type: 'ready' },
      { type: 'reset' },
      { type: 'refresh' },
      { type: 'command', command: 'setApiKey' },
      { type: 'command', command: 'exploreSampleData' },
      { type: 'command', command: 'showChanges' },
    ]) {
      assert.deepEqual(parseWebviewMessage(raw), { ok: true, message: raw });
    }
  });

  it('accepts a click on each kind of the review, and nothing else in its place', () => {
    for (const kind of ['stalled', 'overdue', 'noCloseDate', 'quiet']) {
      assert.deepEqual(parseWebviewMessage({ type: 'attention', kind }), { ok: true, message: { type: 'attention', kind } });
    }
    assert.match(refused({ type: 'attention', kind: 'won' }), /message.kind: unknown value/);
    assert.match(refused({ type: 'attention', kind: '__proto__' }), /message.kind: unknown value/);
    assert.match(refused({ type: 'attention' }), /message.kind: missing/);
    assert.match(refused({ type: 'attention', kind: 'stalled', filter: { is_stalled: false } }), /unexpected key/);
  });

  it('refuses values that are not objects', () => {
    for (const raw of [undefined, null, 'ready', 42, true, ['ready'], () => 'ready']) refused(raw);
  });

  it('refuses unknown message types and a missing type', () => {
    assert.equal(refused({ type: 'eval', code: 'alert(1)' }), 'message.type: unknown value');
    refused({});
    refused({ type: 7 });
  });

  it('refuses extra keys, even on the simplest message', () => {
    assert.match(refused({ type: 'ready', extra: 1 }), /unexpected key/);
    assert.match(refused(applyWith((f) => (f.lead_id = 'lead_x'))), /form: unexpected key/);
  });

  it('refuses prototype-pollution keys at any depth', () => {
    assert.match(refused(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), /unexpected key/);
    assert.match(refused(applyWith((f) => (f.order_by = JSON.parse('{"field":"value","descending":true,"__proto__":{"x":1}}')))), /order_by: unexpected key/);
    assert.match(refused(applyWith((f) => (f.date_won = JSON.parse('{"from":"","to":"","constructor":{"prototype":{"x":1}}}')))), /date_won: unexpected key/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses objects that are not plain (class instances, other prototypes)', () => {
    class Message {
      type = 'ready';
    }
    refused(new Message());
    refused(Object.create({ type: 'ready' }));
  });

  it('refuses a command that is not on the allow-list', () => {
    assert.match(refused({ type: 'command', command: 'workbench.action.terminal.new' }), /message.command: unknown value/);
  });

  it('refuses wrong types in every field', () => {
    assert.match(refused(applyWith((f) => (f.status_type = 'won'))), /status_type: not a list/);
    assert.match(refused(applyWith((f) => (f.user_id = [42]))), /user_id\[0\]: not a string/);
    assert.match(refused(applyWith((f) => (f.query = 1))), /query: not a string/);
    assert.match(refused(applyWith((f) => (f.order_by = { field: 'value', descending: 'yes' }))), /order_by.descending: not a boolean/);
    assert.match(refused(applyWith((f) => (f.date_won = ['2024-01-01', '2024-02-01']))), /date_won: not an object/);
    assert.match(refused(applyWith((f) => delete f.query)), /form.query: missing/);
  });

  it('refuses unknown enum members', () => {
    assert.match(refused(applyWith((f) => (f.status_type = ['pending']))), /status_type\[0\]: unknown value/);
    assert.match(refused(applyWith((f) => (f.value_period = ['weekly']))), /value_period\[0\]: unknown value/);
    assert.match(refused(applyWith((f) => (f.is_stalled = 'maybe'))), /is_stalled: unknown value/);
    assert.match(refused(applyWith((f) => (f.order_by = { field: 'lead_name', descending: false }))), /order_by.field: unknown value/);
    assert.match(refused(applyWith((f) => (f.group_by = { field: 'lead_id', descending: false }))), /group_by.field: unknown value/);
  });

  it('accepts grouping by status and by pipeline', () => {
    for (const field of ['status_id', 'pipeline_id']) {
      assert.equal(parseWebviewMessage(applyWith((f) => (f.group_by = { field, descending: true }))).ok, true, field);
    }
  });

  it('refuses dates that are not real ISO dates', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '31/12/2024', '2024-1-5', 'yesterday', '2024-01-01T25:00:00Z']) {
      assert.match(refused(applyWith((f) => (f.date_won = { form: 'between', from: bad, to: '' }))), /date_won.from: not a date/, bad);
    }
    assert.match(refused(applyWith((f) => (f.date_created = { form: 'between', from: '', to: '2024-04-31' }))), /date_created.to: not a date/);
  });

  it('accepts a leap day and an open-ended range', () => {
    const result = parseWebviewMessage(applyWith((f) => (f.date_won = { form: 'between', from: '2024-02-29', to: '' })));
    assert.equal(result.ok, true);
  });

  it('accepts each date form and refuses an unknown one, or an end on a one-day form', () => {
    for (const form of ['any', 'on', 'after', 'before', 'between']) {
      assert.equal(parseWebviewMessage(applyWith((f) => (f.date_won = { form, from: form === 'any' ? '' : '2024-03-15', to: '' }))).ok, true, form);
    }
    assert.match(refused(applyWith((f) => (f.date_won = { form: 'around', from: '2024-03-15', to: '' }))), /date_won.form: unknown value/);
    assert.match(refused(applyWith((f) => (f.date_won = { form: 'on', from: '2024-03-15', to: '2024-03-16' }))), /date_won.to: only between has an end/);
    assert.match(refused(applyWith((f) => (f.date_won = { from: '2024-03-15', to: '' }))), /date_won.form: missing/);
  });

  it('refuses a range whose end is before its start', () => {
    assert.match(refused(applyWith((f) => (f.date_won = { form: 'between', from: '2024-03-31', to: '2024-01-01' }))), /date_won: end before start/);
  });

  it('refuses strings longer than the limits', () => {
    assert.match(refused(applyWith((f) => (f.query = 'x'.repeat(LIMITS.maxQueryLength + 1)))), /query: too long/);
    assert.match(refused(applyWith((f) => (f.user_id = [`user_${'a'.repeat(LIMITS.maxIdLength)}`]))), /user_id\[0\]: too long/);
    assert.match(refused(applyWith((f) => (f.date_won = { form: 'between', from: '2024-01-01'.padEnd(1_000_000, ' '), to: '' }))), /date_won.from: too long/);
  });

  it('refuses huge lists', () => {
    const many = Array.from({ length: LIMITS.maxIds + 1 }, (_, i) => `user_${i}`);
    assert.match(refused(applyWith((f) => (f.user_id = many))), /user_id: too many items/);
  });

  it('refuses ids that are not ids (markup, paths, separators)', () => {
    for (const bad of ['<img src=x onerror=alert(1)>', '../../etc/passwd', 'user_a,user_b', 'user_', '', 'USER_x']) {
      assert.match(refused(applyWith((f) => (f.status_id = [bad]))), /status_id\[0\]: not an id/, bad);
    }
    assert.match(refused(applyWith((f) => (f.lead_saved_search_id = 'save_x&status=won'))), /lead_saved_search_id: not an id/);
  });

  it('names the failing place in the reason but never the value', () => {
    const secret = 'x'.repeat(LIMITS.maxQueryLength + 5);
    const reason = refused(applyWith((f) => (f.query = secret)));
    assert.ok(!reason.includes('xxxx'));
    assert.ok(reason.length < 100);
  });

  it('drops duplicate ids instead of sending them twice', () => {
    const result = parseWebviewMessage(applyWith((f) => (f.user_id = ['user_a1', 'user_a1', 'user_b2'])));
    assert.ok(result.ok && result.message.type === 'apply');
    assert.deepEqual(result.ok && result.message.type === 'apply' ? result.message.form.user_id : [], ['user_a1', 'user_b2']);
  });

  it('does not throw on getters that throw', () => {
    const hostile = {
      type: 'apply',
      get form(): never {
        throw new Error('boom');
      },
    };
    refused(hostile);
  });
});
