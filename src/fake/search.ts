// The `query=` (and deprecated `lead_query=`) search language of the fake: a small, strict subset of Close's.
//
//   budget                     bare word: lead name, note or contact name contains it (case-insensitive)
//   "security review"          quoted phrase: same, for the whole phrase
//   note:word  note:"a phrase" the note contains it
//   status_type:won            also opportunity_status_type:
//   status:"Demo Scheduled"    also opportunity_status:, status_label: (label, case-insensitive)
//   lead_name:acme  contact:zoë  user:amara  pipeline:Sales  value_period:monthly  is_stalled:true
//
//   status_change(old_status:active new_status:won date:yesterday)
//                              the opportunity changed status so (Close's documented example). The fake keeps
//                              no history: a won or lost opportunity changed from an active status to its own
//                              on its date_won / date_lost. old_status/new_status: a status type or label;
//                              date: today, yesterday or YYYY-MM-DD (UTC days); each part optional.
//
// Terms separated by spaces must all match (AND; a literal `AND` is allowed). Anything else (unbalanced quotes,
// parentheses, OR/NOT, unknown fields, bad enum values) is rejected so that a client never gets a silently wrong answer.
import { STATUS_TYPES, VALUE_PERIODS } from '../close/types';

export type SearchTerm =
  | { kind: 'text'; value: string }
  | { kind: 'field'; field: SearchField; value: string }
  | { kind: 'status_change'; old_status?: string; new_status?: string; date?: string };

const STATUS_CHANGE_PARTS = ['old_status', 'new_status', 'date'] as const;

export type SearchField = 'note' | 'lead_name' | 'contact_name' | 'user_name' | 'status_label' | 'status_type' | 'pipeline_name' | 'value_period' | 'is_stalled';

const FIELD_ALIASES: Record<string, SearchField> = {
  note: 'note',
  lead: 'lead_name',
  lead_name: 'lead_name',
  name: 'lead_name',
  contact: 'contact_name',
  contact_name: 'contact_name',
  user: 'user_name',
  user_name: 'user_name',
  status: 'status_label',
  status_label: 'status_label',
  opportunity_status: 'status_label',
  status_type: 'status_type',
  opportunity_status_type: 'status_type',
  pipeline: 'pipeline_name',
  pipeline_name: 'pipeline_name',
  value_period: 'value_period',
  opportunity_value_period: 'value_period',
  is_stalled: 'is_stalled',
  opportunity_is_stalled: 'is_stalled',
};

/** Fields a lead search (`lead_query`) understands. */
export const LEAD_FIELDS: ReadonlySet<SearchField> = new Set<SearchField>(['lead_name', 'contact_name']);

export class SearchSyntaxError extends Error {}

const FIELD_PREFIX = /^([A-Za-z_][A-Za-z0-9_.]*):/;

/** Parses a search string into terms; throws SearchSyntaxError with a message a user can act on. */
export function parseSearch(text: string, allowed?: ReadonlySet<SearchField>): SearchTerm[] {
  const terms: SearchTerm[] = [];
  let pos = 0;
  const readQuoted = (): string => {
    const close = text.indexOf('"', pos + 1);
    if (close < 0) throw new SearchSyntaxError(`unbalanced quotes starting at position ${pos + 1}`);
    const value = text.slice(pos + 1, close);
    pos = close + 1;
    if (pos < text.length && !/\s/.test(text[pos])) throw new SearchSyntaxError(`expected a space after the closing quote at position ${pos}`);
    return value;
  };
  const readBare = (): string => {
    const start = pos;
    while (pos < text.length && !/\s/.test(text[pos])) pos++;
    const word = text.slice(start, pos);
    const bad = /[()"]/.exec(word);
    if (bad) throw new SearchSyntaxError(`unexpected '${bad[0]}' in '${word}' (quote text that contains it)`);
    return word;
  };
  while (pos < text.length) {
    if (/\s/.test(text[pos])) {
      pos++;
      continue;
    }
    if (text[pos] === '"') {
      const phrase = readQuoted().trim();
      if (phrase !== '') terms.push({ kind: 'text', value: phrase });
      continue;
    }
    if (/^status_change\(/i.test(text.slice(pos))) {
      if (allowed !== undefined) throw new SearchSyntaxError(`status_change(…) is not a lead search term`);
      const open = pos + 'status_change('.length;
      const close = text.indexOf(')', open);
      if (close < 0) throw new SearchSyntaxError(`unbalanced parentheses after 'status_change(' at position ${pos + 1}`);
      if (close + 1 < text.length && !/\s/.test(text[close + 1])) throw new SearchSyntaxError(`expected a space after ')' at position ${close + 1}`);
      terms.push(parseStatusChange(text.slice(open, close)));
      pos = close + 1;
      continue;
    }
    const prefix = FIELD_PREFIX.exec(text.slice(pos));
    if (prefix) {
      const name = prefix[1];
      const field = FIELD_ALIASES[name.toLowerCase()];
      if (field === undefined || (allowed !== undefined && !allowed.has(field))) {
        throw new SearchSyntaxError(`unknown field '${name}'`);
      }
      pos += prefix[0].length;
      if (pos >= text.length || /\s/.test(text[pos])) throw new SearchSyntaxError(`missing value after '${name}:'`);
      const value = text[pos] === '"' ? readQuoted() : readBare();
      terms.push({ kind: 'field', field, value: checkValue(name, field, value) });
      continue;
    }
    const word = readBare();
    if (word.includes(':')) throw new SearchSyntaxError(`unexpected ':' in '${word}' (quote text that contains it)`);
    if (word === 'AND') continue;
    if (word === 'OR' || word === 'NOT') throw new SearchSyntaxError(`${word} is not supported; terms separated by spaces must all match`);
    terms.push({ kind: 'text', value: word });
  }
  return terms;
}

/** The inside of `status_change(…)`: `old_status:x new_status:"A label" date:yesterday`, each at most once. */
function parseStatusChange(inside: string): SearchTerm {
  const term: { kind: 'status_change'; old_status?: string; new_status?: string; date?: string } = { kind: 'status_change' };
  const part = /\s*([A-Za-z_]+):("([^"]*)"|[^\s"()]+)\s*/y;
  let pos = 0;
  while (pos < inside.length) {
    part.lastIndex = pos;
    const match = part.exec(inside);
    if (!match) throw new SearchSyntaxError(`expected name:value inside status_change(…), at '${inside.slice(pos).trim()}'`);
    const name = match[1].toLowerCase() as (typeof STATUS_CHANGE_PARTS)[number];
    if (!STATUS_CHANGE_PARTS.includes(name)) throw new SearchSyntaxError(`unknown part '${match[1]}' of status_change(…) (use ${STATUS_CHANGE_PARTS.join(', ')})`);
    if (term[name] !== undefined) throw new SearchSyntaxError(`'${name}' given twice in status_change(…)`);
    const value = match[3] ?? match[2];
    if (name === 'date' && !/^(today|yesterday|\d{4}-\d{2}-\d{2})$/i.test(value)) {
      throw new SearchSyntaxError(`'${value}' is not a date for status_change(…) (use today, yesterday or YYYY-MM-DD)`);
    }
    term[name] = value;
    pos = part.lastIndex;
  }
  return term;
}

function checkValue(name: string, field: SearchField, value: string): string {
  const lower = value.toLowerCase();
  if (field === 'status_type' && !(STATUS_TYPES as readonly string[]).includes(lower)) {
    throw new SearchSyntaxError(`'${value}' is not a status type for '${name}' (use ${STATUS_TYPES.join(', ')})`);
  }
  if (field === 'value_period' && !(VALUE_PERIODS as readonly string[]).includes(lower)) {
    throw new SearchSyntaxError(`'${value}' is not a value period for '${name}' (use ${VALUE_PERIODS.join(', ')})`);
  }
  if (field === 'is_stalled' && lower !== 'true' && lower !== 'false') {
    throw new SearchSyntaxError(`'${value}' is not true or false for '${name}'`);
  }
  return value;
}
