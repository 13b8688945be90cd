// The files `Export Opportunities…` writes: CSV (RFC 4180, UTF-8 with BOM for Excel) and JSON. Pure.
import type { Opportunity } from '../../close/types';
import { untranslated, type Translate } from '../../shared/text';
import { opportunityCount } from '../../views/tree/rows';

export type ExportFormat = 'csv' | 'json';

/** Columns of the CSV, before the custom fields. Money columns are in currency units (cents / 100). */
export const CSV_COLUMNS = [
  'id',
  'lead_name',
  'contact_name',
  'status_label',
  'status_type',
  'pipeline_name',
  'value',
  'value_currency',
  'value_period',
  'confidence',
  'expected_value',
  'annualized_value',
  'user_name',
  'date_won',
  'date_created',
  'date_updated',
  'note',
] as const;

const MONEY_COLUMNS = new Set<string>(['value', 'expected_value', 'annualized_value']);

/** Byte order mark: Excel reads a CSV as UTF-8 only when it starts with one. */
export const BOM = '\uFEFF';

/**
 * What a spreadsheet skips before it looks for a formula: white space, control characters (NUL, other C0 and
 * C1), format characters (zero-width space and joiners, bidi marks, word joiner, byte order mark) and other
 * invisible ones (default-ignorable code points).
 */
const LEADING_IGNORED = /^[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*/u;

/** Characters that make a spreadsheet read a cell as a formula (CSV injection, OWASP). */
const FORMULA_CHARACTERS = new Set(['=', '+', '-', '@']);

/**
 * Whether text would be read as a formula: a tab or CR among its leading invisible characters, or a first
 * visible character that is = + - @ in any compatibility form (full-width ＝, small ﹢, superscript ⁺…), which
 * some spreadsheets treat alike. Such text cells get a leading apostrophe, so `=HYPERLINK(…)` stays text.
 */
function looksLikeFormula(text: string): boolean {
  const code = text.charCodeAt(0);
  // Most cells start with a visible ASCII character: nothing is skipped, and it is the first visible one.
  if (code > 0x20 && code < 0x7f) return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40;
  const skipped = LEADING_IGNORED.exec(text)?.[0] ?? '';
  if (/[\t\r]/.test(skipped)) return true;
  const first = text.codePointAt(skipped.length);
  return first !== undefined && FORMULA_CHARACTERS.has(String.fromCodePoint(first).normalize('NFKC').charAt(0));
}

/** `custom.cf_…` keys found on any of the objects, sorted, for the extra columns. */
export function customFieldKeys(objects: readonly Opportunity[]): string[] {
  const keys = new Set<string>();
  for (const o of objects) {
    for (const key of Object.keys(o)) if (key.startsWith('custom.')) keys.add(key);
  }
  return [...keys].sort();
}

/** Cents as a decimal amount ("1234.5" → "1234.50"); '' when missing. */
export function decimalUnits(cents: unknown): string {
  if (typeof cents !== 'number' || !Number.isFinite(cents)) return '';
  if (!Number.isSafeInteger(cents)) return (cents / 100).toFixed(2);
  // Integer arithmetic: no binary rounding (1005 cents is exactly "10.05").
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Text as a CSV field: formula-guarded, quoted when it holds a quote, comma or line break. */
function textField(text: string): string {
  const guarded = looksLikeFormula(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One CSV field: numbers and booleans as they are, null/undefined empty, arrays joined with "; ", objects as JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return textField(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textField(value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; '));
  return textField(JSON.stringify(value));
}

/** One line; `cells` is reused from row to row (a hundred thousand rows: one array, not one each). */
function row(o: Opportunity, custom: readonly string[], cells: string[]): string {
  const record = o as unknown as Record<string, unknown>;
  let i = 0;
  for (const column of CSV_COLUMNS) cells[i++] = MONEY_COLUMNS.has(column) ? decimalUnits(record[column]) : csvField(record[column]);
  for (const key of custom) cells[i++] = csvField(record[key]);
  return cells.join(',');
}

/** The start of a CSV: BOM and the header line. */
export function csvHeader(custom: readonly string[]): string {
  return `${BOM}${[...CSV_COLUMNS, ...custom].map(csvField).join(',')}\r\n`;
}

/** CRLF-terminated lines of these opportunities. */
export function csvRows(objects: readonly Opportunity[], custom: readonly string[]): string {
  const cells = new Array<string>(CSV_COLUMNS.length + custom.length);
  const lines = objects.map((o) => row(o, custom, cells));
  lines.push('');
  return lines.join('\r\n');
}

/** UTF-8 written by hand into a growing buffer: the cells of a page go in without a string per line. */
class Utf8Writer {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private used = 0;

  byte(code: number): void {
    if (this.used === this.buffer.length) this.room(1);
    this.buffer[this.used++] = code;
  }

  /** As `Buffer.from(text, 'utf8')` writes it, a lone surrogate as U+FFFD. */
  text(text: string): void {
    if (this.used + 3 * text.length > this.buffer.length) this.room(3 * text.length); // at most 3 bytes per UTF-16 unit
    const b = this.buffer;
    let u = this.used;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        b[u++] = c;
      } else if (c < 0x800) {
        b[u++] = 0xc0 | (c >> 6);
        b[u++] = 0x80 | (c & 0x3f);
      } else {
        const next = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (next >= 0xdc00 && next < 0xe000) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          b[u++] = 0xf0 | (point >> 18);
          b[u++] = 0x80 | ((point >> 12) & 0x3f);
          b[u++] = 0x80 | ((point >> 6) & 0x3f);
          b[u++] = 0x80 | (point & 0x3f);
          i++;
          continue;
        }
        if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
        b[u++] = 0xe0 | (c >> 12);
        b[u++] = 0x80 | ((c >> 6) & 0x3f);
        b[u++] = 0x80 | (c & 0x3f);
      }
    }
    this.used = u;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  private room(more: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.used + more));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
  }
}

/**
 * `csvRows` as UTF-8 bytes, each cell written into the page's buffer as it is made: no string per line
 * or per page, so an export of a thousand pages leaves the garbage collector less to do.
 */
export function csvRowBytes(objects: readonly Opportunity[], custom: readonly string[]): Buffer {
  const out = new Utf8Writer();
  for (const o of objects) {
    const record = o as unknown as Record<string, unknown>;
    let first = true;
    for (const column of CSV_COLUMNS) {
      if (!first) out.byte(0x2c);
      first = false;
      out.text(MONEY_COLUMNS.has(column) ? decimalUnits(record[column]) : csvField(record[column]));
    }
    for (const key of custom) {
      out.byte(0x2c);
      out.text(csvField(record[key]));
    }
    out.byte(0x0d);
    out.byte(0x0a);
  }
  return out.bytes();
}

/** The whole CSV: BOM, header, one CRLF-terminated line per opportunity. */
export function toCsv(objects: readonly Opportunity[]): string {
  const custom = customFieldKeys(objects);
  return csvHeader(custom) + csvRows(objects, custom);
}

/** The objects as Close returned them, as a JSON array. */
export function toJson(objects: readonly Opportunity[]): string {
  return `${JSON.stringify(objects, null, 2)}\n`;
}

export function exportText(format: ExportFormat, objects: readonly Opportunity[]): string {
  return format === 'csv' ? toCsv(objects) : toJson(objects);
}

/**
 * A file written page by page: `start`, then `page` for each page, then `end` give the same text as
 * `toCsv` (with the custom columns known up front) or `toJson`; a CSV page comes as UTF-8 bytes.
 */
export class ExportChunks {
  private written = 0;

  constructor(
    private readonly format: ExportFormat,
    /** `custom.…` columns of the CSV, in order. */
    private readonly custom: readonly string[] = [],
  ) {}

  start(): string {
    return this.format === 'csv' ? csvHeader(this.custom) : '[';
  }

  page(objects: readonly Opportunity[]): string | Uint8Array {
    if (this.format === 'csv') return csvRowBytes(objects, this.custom);
    let text = '';
    for (const o of objects) {
      text += `${this.written++ === 0 ? '' : ','}\n  ${JSON.stringify(o, null, 2).replace(/\n/g, '\n  ')}`;
    }
    return text;
  }

  end(): string {
    if (this.format === 'csv') return '';
    return this.written === 0 ? ']\n' : '\n]\n';
  }
}

/** The message after an export: "Exported 1 opportunity to x.csv.", "Exported 2,345 opportunities to …". */
export function exportedMessage(count: number, fileName: string, locale?: string, t: Translate = untranslated): string {
  return t('Exported {0} to {1}.', opportunityCount(count, locale, t), fileName);
}
