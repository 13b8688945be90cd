// Validation of every message the webview posts. The webview is untrusted input: a message is used only
// when its whole shape is exactly what the protocol says. A refusal names the place that failed (never
// the value, so a hostile message cannot fill the log).
import { ATTENTION_KINDS } from '../../close/attention';
import { FIXED_CHOICES, FORM_FIELDS, type FilterField } from '../../close/filterFields';
import { GROUPING_FIELDS, ORDER_FIELDS } from '../../close/types';
import { dateRangeProblem } from './dates';
import { DATE_FORM_CHOICES, WEBVIEW_COMMANDS, YES_NO_CHOICES, type DateRangeForm, type FilterForm, type FromWebview } from './protocol';

export const LIMITS = {
  /** Ids in one list (Close orgs have at most a few hundred users or statuses). */
  maxIds: 1000,
  maxIdLength: 100,
  /** A status's name. */
  maxLabelLength: 200,
  maxQueryLength: 2000,
  maxDateLength: 40,
} as const;

/** `stat_…`, `user_…`, `save_…`: a lowercase prefix, underscore, base62. */
const ID = /^[a-z]{2,12}_[A-Za-z0-9]+$/;

export type ParseResult = { ok: true; message: FromWebview } | { ok: false; reason: string };

class Refused extends Error {}

function refuse(path: string, problem: string): never {
  throw new Refused(`${path}: ${problem}`);
}

/** A plain object with exactly these keys (no extra keys, no inherited tricks such as `__proto__`). */
function record(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(path, 'not an object');
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) refuse(path, 'not a plain object');
  const own = Reflect.ownKeys(value);
  for (const key of own) {
    if (typeof key !== 'string' || !keys.includes(key)) refuse(path, 'unexpected key');
  }
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) refuse(`${path}.${key}`, 'missing');
  }
  return value as Record<string, unknown>;
}

function string(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string') refuse(path, 'not a string');
  if (value.length > maxLength) refuse(path, 'too long');
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') refuse(path, 'not a boolean');
  return value;
}

function member<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) refuse(path, 'unknown value');
  return value as T;
}

function list<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] {
  if (!Array.isArray(value)) refuse(path, 'not a list');
  if (value.length > LIMITS.maxIds) refuse(path, 'too many items');
  if (Object.getPrototypeOf(value) !== Array.prototype) refuse(path, 'not a plain list');
  const seen = new Set<T>();
  value.forEach((v: unknown, i) => seen.add(item(v, `${path}[${i}]`)));
  return [...seen];
}

function id(value: unknown, path: string): string {
  const text = string(value, path, LIMITS.maxIdLength);
  if (!ID.test(text)) refuse(path, 'not an id');
  return text;
}

function dateRange(value: unknown, path: string): DateRangeForm {
  const range = record(value, path, ['form', 'from', 'to']);
  const form = member(range.form, `${path}.form`, DATE_FORM_CHOICES);
  const from = string(range.from, `${path}.from`, LIMITS.maxDateLength).trim();
  const to = string(range.to, `${path}.to`, LIMITS.maxDateLength).trim();
  if (form !== 'between' && to !== '') refuse(`${path}.to`, 'only between has an end');
  const problem = dateRangeProblem(from, to);
  if (problem === 'invalidFrom') refuse(`${path}.from`, 'not a date');
  if (problem === 'invalidTo') refuse(`${path}.to`, 'not a date');
  if (problem === 'endBeforeStart') refuse(path, 'end before start');
  return { form, from, to };
}

const FORM_KEYS: readonly string[] = [...FORM_FIELDS.map((field) => field.key), 'order_by', 'group_by'];

/** A label Close gave (a status's name): any text but empty. */
function label(value: unknown, path: string): string {
  const text = string(value, path, LIMITS.maxLabelLength);
  if (text.trim() === '') refuse(path, 'empty');
  return text;
}

/** One field's control, as its kind holds it. */
function fieldForm(field: FilterField, value: unknown, path: string): unknown {
  switch (field.kind) {
    case 'several': {
      const fixed = FIXED_CHOICES[field.source];
      return list(value, path, fixed ? (v, p) => member(v, p, fixed) : field.ids ? id : label);
    }
    case 'date':
      return dateRange(value, path);
    case 'yesNo':
      return member(value, path, YES_NO_CHOICES);
    case 'text':
      return string(value, path, LIMITS.maxQueryLength);
    case 'one':
    case 'id': {
      const text = string(value, path, LIMITS.maxIdLength);
      return text === '' ? '' : id(text, path);
    }
  }
}

export function parseFilterForm(value: unknown, path = 'form'): FilterForm {
  const form = record(value, path, FORM_KEYS);
  const order = record(form.order_by, `${path}.order_by`, ['field', 'descending']);
  const group = record(form.group_by, `${path}.group_by`, ['field', 'descending']);
  return {
    ...Object.fromEntries(FORM_FIELDS.map((field) => [field.key, fieldForm(field, form[field.key], `${path}.${field.key}`)])),
    order_by: { field: member(order.field, `${path}.order_by.field`, ORDER_FIELDS), descending: boolean(order.descending, `${path}.order_by.descending`) },
    group_by: {
      field: member(group.field, `${path}.group_by.field`, ['', ...GROUPING_FIELDS] as const),
      descending: boolean(group.descending, `${path}.group_by.descending`),
    },
  };
}

/** The message, if it is exactly one the protocol allows; otherwise why not (for the log). */
export function parseWebviewMessage(raw: unknown): ParseResult {
  try {
    const head = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    switch (head) {
      case 'ready':
      case 'reset':
      case 'refresh':
        record(raw, 'message', ['type']);
        return { ok: true, message: { type: head } };
      case 'apply': {
        const message = record(raw, 'message', ['type', 'form']);
        return { ok: true, message: { type: 'apply', form: parseFilterForm(message.form) } };
      }
      case 'command': {
        const message = record(raw, 'message', ['type', 'command']);
        return { ok: true, message: { type: 'command', command: member(message.command, 'message.command', WEBVIEW_COMMANDS) } };
      }
      case 'attention': {
        const message = record(raw, 'message', ['type', 'kind']);
        return { ok: true, message: { type: 'attention', kind: member(message.kind, 'message.kind', ATTENTION_KINDS) } };
      }
      default:
        return { ok: false, reason: 'message.type: unknown value' };
    }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    return { ok: false, reason: 'message: unreadable' };
  }
}
