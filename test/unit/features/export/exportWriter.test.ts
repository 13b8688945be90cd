import * as assert from 'node:assert/strict';
import type { Opportunity } from '../../../../src/close/types';
import { BOM, CSV_COLUMNS, csvField, csvRowBytes, csvRows, exportedMessage, toCsv, toJson } from '../../../../src/features/export/exportWriter';

function opportunity(overrides: Record<string, unknown> = {}): Opportunity {
  return {
    id: 'oppo_A1',
    organization_id: 'orga_x',
    lead_id: 'lead_x',
    lead_name: 'Acme Corp',
    contact_id: null,
    contact_name: null,
    user_id: 'user_a',
    user_name: 'Alice Anders',
    status_id: 'stat_w',
    status_label: 'Won',
    status_type: 'won',
    pipeline_name: 'Sales',
    value: 1234550,
    value_period: 'monthly',
    value_currency: 'USD',
    expected_value: 617275,
    annualized_value: 14814600,
    annualized_expected_value: 7407300,
    confidence: 50,
    note: 'plain',
    date_won: '2024-03-14',
    date_created: '2024-02-01T15:04:05.123000+00:00',
    date_updated: '2024-03-14T09:30:00.000000+00:00',
    date_lost: null,
    created_by: null,
    updated_by: null,
    ...overrides,
  };
}

/** A small RFC 4180 reader: rows of fields (quotes, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      rows.push(fields);
      fields = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark for Excel and ends lines with CRLF', () => {
    const csv = toCsv([opportunity()]);
    assert.ok(csv.startsWith(BOM));
    assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.split('\r\n').length, 3);
  });

  it('has the documented columns in order, then the custom fields sorted', () => {
    const rows = parseCsv(toCsv([opportunity({ 'custom.cf_b': 'x' }), opportunity({ 'custom.cf_a': 'y' })]).slice(1));
    assert.deepEqual(rows[0], [...CSV_COLUMNS, 'custom.cf_a', 'custom.cf_b']);
    assert.deepEqual(rows[1].slice(-2), ['', 'x']);
    assert.deepEqual(rows[2].slice(-2), ['y', '']);
  });

  it('writes money in currency units with two decimals', () => {
    const [, row] = parseCsv(toCsv([opportunity()]).slice(1));
    const cell = (name: string) => row[CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number])];
    assert.equal(cell('value'), '12345.50');
    assert.equal(cell('expected_value'), '6172.75');
    assert.equal(cell('annualized_value'), '148146.00');
    assert.equal(cell('value_currency'), 'USD');
    assert.equal(cell('confidence'), '50');
  });

  it('leaves a missing value empty rather than writing 0', () => {
    const [, row] = parseCsv(toCsv([opportunity({ value: null, expected_value: null })]).slice(1));
    assert.equal(row[CSV_COLUMNS.indexOf('value')], '');
    assert.equal(row[CSV_COLUMNS.indexOf('expected_value')], '');
  });

  it('quotes fields with quotes, commas and line breaks so they read back exactly', () => {
    const note = 'He said "ship it", then\r\nleft;\nagain';
    const lead = 'Acme, Inc.';
    const rows = parseCsv(toCsv([opportunity({ note, lead_name: lead })]).slice(1));
    assert.equal(rows.length, 2);
    assert.equal(rows[1][CSV_COLUMNS.indexOf('note')], note);
    assert.equal(rows[1][CSV_COLUMNS.indexOf('lead_name')], lead);
    assert.equal(csvField('a "b"'), '"a ""b"""');
  });

  it('guards text starting with = + - @ tab or CR against formula injection', () => {
    for (const hostile of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      assert.ok(parseCsv(`${csvField(hostile)}\r\n`)[0][0].startsWith(`'`), hostile);
    }
    assert.equal(csvField('plain = text'), 'plain = text');
  });

  it('guards a formula character after leading spaces, no-break spaces, a byte order mark or a line feed', () => {
    for (const hostile of ['  =1+1', '\u00a0=HYPERLINK("http://evil.example")', '\ufeff+1', '\n@SUM(A1)', ' \u00a0\ufeff\n-2+3', '\u3000=1', ' \t=1', ' \r=1']) {
      const cell = parseCsv(`${csvField(hostile)}\r\n`)[0][0];
      assert.equal(cell, `'${hostile}`, JSON.stringify(hostile));
    }
    assert.equal(csvField('  plain = text'), '  plain = text');
  });

  it('guards the full-width forms of = + - @', () => {
    for (const hostile of ['\uff1dSUM(A1)', '\uff0b1', '\uff0d1', '\uff20A1', ' \uff1d1']) {
      assert.equal(parseCsv(`${csvField(hostile)}\r\n`)[0][0], `'${hostile}`, JSON.stringify(hostile));
    }
  });

  it('guards a formula character after invisible characters a spreadsheet skips: zero-width, bidi, NUL, controls', () => {
    const invisible = [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u202e',
      '\u2066',
      '\u061c',
      '\u180e',
      '\u0000',
      '\u0001',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u000b',
      '\f',
    ];
    for (const lead of invisible) {
      for (const formula of ['=1+1', '+1', '-1', '@A1']) {
        const hostile = `${lead}${formula}`;
        assert.equal(parseCsv(`${csvField(hostile)}\r\n`)[0][0], `'${hostile}`, JSON.stringify(hostile));
      }
    }
    assert.equal(csvField('\u200b\u0000 \u2060\t'), `'\u200b\u0000 \u2060\t`);
    assert.equal(csvField('\u200bplain = text'), '\u200bplain = text');
  });

  it('guards the small and superscript forms of = + - @ too', () => {
    for (const hostile of ['\ufe66SUM(A1)', '\ufe621', '\ufe631', '\ufe6bA1', '\u207c1', '\u200b\uff1d1']) {
      assert.equal(parseCsv(`${csvField(hostile)}\r\n`)[0][0], `'${hostile}`, JSON.stringify(hostile));
    }
  });

  it('does not guard numbers, so negative amounts stay numbers', () => {
    assert.equal(csvField(-5), '-5');
  });

  it('writes list custom fields joined with "; " and objects as JSON', () => {
    assert.equal(csvField(['a', 'b']), 'a; b');
    assert.equal(csvField({ k: 1 }), '"{""k"":1}"');
  });

  it('gives a page as the UTF-8 bytes of its lines, however long and whatever the characters', () => {
    // Notes of 1 to 4 UTF-8 bytes a character (and a lone surrogate), over twice the first buffer's 64 KiB.
    const notes = [
      'plain',
      'café, "quoted"',
      'Grüße\r\nzweite Zeile',
      '日本語のメモ',
      '😀 emoji',
      'lone \ud800 surrogate',
      '\udc00 low first',
      'high last \ud83d',
      '\u07ff\u0800\uffff\u0080',
    ];
    const objects = Array.from({ length: 600 }, (_, i) => ({
      id: `oppo_${i}`,
      lead_name: `Lead ${i}`,
      note: notes[i % notes.length].repeat(1 + (i % 50)),
      value: i * 101,
    }));
    for (const page of [objects, objects.slice(0, 1), []] as unknown as Opportunity[][]) {
      const bytes = csvRowBytes(page, ['custom.cf_x']);
      assert.ok(Buffer.from(csvRows(page, ['custom.cf_x']), 'utf8').equals(bytes));
    }
    assert.ok(csvRowBytes(objects as unknown as Opportunity[], []).length > 2 * 64 * 1024);
  });

  it('writes only the header for no opportunities', () => {
    assert.equal(parseCsv(toCsv([]).slice(1)).length, 1);
  });
});

describe('JSON export', () => {
  it('writes the objects as Close returned them, custom fields included', () => {
    const objects = [opportunity({ 'custom.cf_a': ['x', 'y'] }), opportunity({ id: 'oppo_B2' })];
    assert.deepEqual(JSON.parse(toJson(objects)), objects);
  });
});

describe('money in the export', () => {
  it('converts cents exactly, including negative and sub-dollar amounts', async () => {
    const { decimalUnits } = await import('../../../../src/features/export/exportWriter');
    assert.equal(decimalUnits(1005), '10.05');
    assert.equal(decimalUnits(7), '0.07');
    assert.equal(decimalUnits(-250), '-2.50');
    assert.equal(decimalUnits(100000000), '1000000.00');
    assert.equal(decimalUnits(null), '');
  });
});

describe('export: the message when done', () => {
  it('says "1 opportunity", not "1 opportunities"', () => {
    assert.equal(exportedMessage(1, 'close.csv'), 'Exported 1 opportunity to close.csv.');
  });

  it('counts with thousands separators in the plural', () => {
    assert.equal(exportedMessage(2345, 'close.json', 'en-US'), 'Exported 2,345 opportunities to close.json.');
    assert.equal(exportedMessage(0, 'close.json'), 'Exported 0 opportunities to close.json.');
  });
});
