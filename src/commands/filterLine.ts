// One typed line that sets several filter fields ("owner:me close-date:this-quarter"), read and written from the
// filter declarations (close/filterFields.ts): every field the palette offers has a qualifier. Pure: no 'vscode' here.
import { dateFormOf, dateFormRange, type DateRange, type OpportunityFilter } from '../close/filter';
import { FILTER_FIELDS, FIXED_CHOICES, filterField, fixedChoiceWord, type FilterField } from '../close/filterFields';
import { closeIdIn } from '../close/ids';
import { matchName, type Choice } from '../close/filterNames';
import { untranslated as english, type Translate } from '../shared/text';
import { datePresetsFor, presetOf, presetRange, presetStatusTypes, validateDateText, type DatePreset } from './dateRanges';

/** What a line's names are looked up in: the lists Close gave (by source), the key's own user, today. */
export interface LineContext {
  t: Translate;
  today: Date;
  /** The choices of the lists asked of Close, by source; a source not here has no names to look up. */
  choices: Partial<Record<'users' | 'statuses' | 'statusLabels' | 'smartViews', readonly Choice[]>>;
  /** The id of the user the key belongs to (GET /me/): "me" names it. */
  me?: string;
}

export type LineResult = { filter: OpportunityFilter; problem?: undefined } | { problem: string; filter?: undefined };

/**
 * The qualifier of a field: its English label without what is in brackets, in lower case, words joined by "-"
 * ("Close Date (Expected or Won)" → "close-date").
 */
export function qualifierOf(field: FilterField): string {
  return field
    .label(english)
    .replace(/\([^)]*\)/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-');
}

/** The fields a line can set: those the palette offers. */
export const LINE_FIELDS: readonly FilterField[] = FILTER_FIELDS.filter((field) => field.palette !== undefined);

/** The example the pick and its messages show: the owner "me", won, this quarter. */
export const LINE_EXAMPLE = [
  `${qualifierOf(filterField('user_id'))}:me`,
  `${qualifierOf(filterField('status_type'))}:won`,
  `${qualifierOf(filterField('date_won'))}:this-quarter`,
].join(' ');

/** The field a qualifier names (its own, or the field's query name, e.g. `user_id`). */
export function fieldOfQualifier(qualifier: string): FilterField | undefined {
  const name = qualifier.toLowerCase();
  return LINE_FIELDS.find((field) => qualifierOf(field) === name) ?? LINE_FIELDS.find((field) => field.key === name);
}

/** A token of the line: `qualifier:value,value` (values may be "quoted"), or a word without a qualifier. */
export interface Token {
  qualifier?: string;
  values: string[];
  /** Where the token starts in the line. */
  start: number;
}

/** Splits a line into tokens; a quote opened and not closed runs to the end. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readValue = (): string => {
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      const value = line.slice(i + 1, end === -1 ? line.length : end);
      i = end === -1 ? line.length : end + 1;
      return value;
    }
    const start = i;
    while (i < line.length && line[i] !== ',' && !/\s/.test(line[i])) i++;
    return line.slice(start, i);
  };
  while (i < line.length) {
    if (/\s/.test(line[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < line.length && line[i] !== ':' && !/\s/.test(line[i])) i++;
    if (line[i] !== ':') {
      tokens.push({ values: [line.slice(start, i)], start });
      continue;
    }
    const qualifier = line.slice(start, i);
    i++;
    const values = [readValue()];
    while (line[i] === ',') {
      i++;
      values.push(readValue());
    }
    tokens.push({ qualifier, values: values.filter((value) => value !== ''), start });
  }
  return tokens;
}

/** A value as the line writes it: quoted when it holds a space, a comma or a quote. */
export function quoted(value: string): string {
  return /[\s,"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

const presetWord = (preset: DatePreset) => preset.replace(/_/g, '-');

/** "this-quarter" → the preset, for the field's presets. */
function presetOfWord(field: FilterField, word: string): DatePreset | undefined {
  const wanted = word.toLowerCase().replace(/-/g, '_');
  return datePresetsFor(field.key).find((preset) => preset === wanted);
}

/** "me" (or its translation) names the key's own user. */
export const isMe = (value: string, t: Translate) => ['me', t('me').toLocaleLowerCase()].includes(value.toLocaleLowerCase());

type Values = { value: unknown; also?: OpportunityFilter } | { problem: string };

/** A date value: a preset word, YYYY-MM-DD (on), >YYYY-MM-DD (after), <YYYY-MM-DD (before) or a range a..b. */
function dateValue(field: FilterField, text: string, ctx: LineContext): Values {
  const { t } = ctx;
  const q = qualifierOf(field);
  const preset = presetOfWord(field, text);
  if (preset) {
    const types = presetStatusTypes(preset);
    return { value: presetRange(preset, ctx.today), also: types ? { status_type: types } : undefined };
  }
  const say = (problem: string | undefined, range: DateRange | undefined): Values => (problem ? { problem: `${q}: ${problem}` } : { value: range });
  if (text.includes('..')) {
    const [first, last] = text.split('..');
    return say(validateDateText(first, true, t) ?? validateDateText(last, !!first.trim(), t), dateFormRange('between', first, last));
  }
  const form = text.startsWith('>') ? 'after' : text.startsWith('<') ? 'before' : 'on';
  const day = form === 'on' ? text : text.slice(1);
  if (form === 'on' && !/^\d/.test(day)) {
    const words = datePresetsFor(field.key).map(presetWord).join(', ');
    return { problem: t('{0}: “{1}” is not a period ({2}) or a day (YYYY-MM-DD, >YYYY-MM-DD, <YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD).', q, text, words) };
  }
  return say(validateDateText(day, false, t), dateFormRange(form, day));
}

/** The choices of a list field, named as the line writes them. */
export function fieldChoices(field: Extract<FilterField, { kind: 'several' | 'one' }>, ctx: LineContext): readonly Choice[] {
  const fixed = FIXED_CHOICES[field.source];
  if (fixed) return fixed.map((value) => ({ value, name: fixedChoiceWord(field.source, value, ctx.t) }));
  return ctx.choices[field.source as keyof LineContext['choices']] ?? [];
}

/** One named value of a list field: its value, or the problem with the choices. */
function listValue(field: Extract<FilterField, { kind: 'several' | 'one' }>, text: string, ctx: LineContext): { value: string } | { problem: string } {
  const { t } = ctx;
  const q = qualifierOf(field);
  if (field.source === 'users' && isMe(text, t)) return ctx.me ? { value: ctx.me } : { problem: t('{0}: who “me” is could not be asked of Close.', q) };
  // A quote ends a quoted value, so the line writes a name without its quotes (`quoted`): it is read so too.
  const choices = fieldChoices(field, ctx).map((choice) => (choice.name.includes('"') ? { ...choice, name: choice.name.replace(/"/g, '') } : choice));
  const fixed = FIXED_CHOICES[field.source];
  const found = matchName(fixed ? text.replace(/-/g, '_') : text, choices, field.source);
  const uniqueValues = [...new Set(found.map((choice) => choice.value))];
  if (uniqueValues.length === 1) return { value: uniqueValues[0] };
  const names = (list: readonly Choice[]) => list.map((choice) => choice.name).join(', ');
  if (found.length > 1) return { problem: t('{0}: “{1}” could be {2}; write more of the name.', q, text, names(found)) };
  const listed = choices.length > 12 ? `${names(choices.slice(0, 12))}, …` : names(choices);
  return { problem: t('{0}: nothing is named “{1}”. Choose from: {2}.', q, text, (field.source === 'users' ? 'me, ' : '') + listed) };
}

/** A token's values as the field's value. */
function fieldValue(field: FilterField, values: string[], ctx: LineContext): Values {
  const { t } = ctx;
  const q = qualifierOf(field);
  switch (field.kind) {
    case 'several': {
      const out: string[] = [];
      for (const text of values) {
        const one = listValue(field, text, ctx);
        if ('problem' in one) return one;
        if (!out.includes(one.value)) out.push(one.value);
      }
      return { value: out };
    }
    case 'one':
      return values.length > 1 ? { problem: t('{0}: give one value.', q) } : listValue(field, values[0], ctx);
    case 'date':
      return values.length > 1 ? { problem: t('{0}: give one period or day.', q) } : dateValue(field, values[0], ctx);
    case 'text':
      return { value: values.join(',') };
    case 'id': {
      const id = values.length === 1 ? closeIdIn(values[0], field.prefix) : undefined;
      return id ? { value: id } : { problem: `${q}: ${field.invalid(ctx.t)}` };
    }
    case 'yesNo': {
      const word = values.length === 1 ? values[0].toLowerCase() : '';
      if (['yes', 'true', t('yes')].includes(word)) return { value: true };
      if (['no', 'false', t('no')].includes(word)) return { value: false };
      return { problem: t('{0}: write yes or no.', q) };
    }
  }
}

/** The fields a line sets, or the first problem in it (then nothing is set). Fields the line does not name are not in the result. */
export function parseLine(line: string, ctx: LineContext): LineResult {
  const { t } = ctx;
  const filter: Record<string, unknown> = {};
  const tokens = tokenize(line);
  if (tokens.length === 0) return { problem: t('Type filters as name:value, e.g. {0}.', LINE_EXAMPLE) };
  for (const token of tokens) {
    if (token.qualifier === undefined) return { problem: t('“{0}” is not a filter: write name:value, e.g. {1}.', token.values[0], LINE_EXAMPLE) };
    const field = fieldOfQualifier(token.qualifier);
    if (!field) return { problem: t('“{0}” is not a filter. Filters: {1}.', token.qualifier, LINE_FIELDS.map((f) => `${qualifierOf(f)}:`).join(' ')) };
    if (token.values.length === 0) return { problem: t('{0}: give a value after the colon.', qualifierOf(field)) };
    const result = fieldValue(field, token.values, ctx);
    if ('problem' in result) return result;
    Object.assign(filter, result.also, { [field.key]: result.value });
  }
  return { filter: filter };
}

/** A line that writes the fields of `filter` the line can set (the others are left out). */
export function printLine(filter: OpportunityFilter, ctx: LineContext): string {
  const parts: string[] = [];
  for (const field of LINE_FIELDS) {
    const value = filter[field.key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const text = printValue(field, value, ctx);
    if (text !== undefined) parts.push(`${qualifierOf(field)}:${text}`);
  }
  return parts.join(' ');
}

function printValue(field: FilterField, value: unknown, ctx: LineContext): string | undefined {
  switch (field.kind) {
    case 'several':
    case 'one': {
      const choices = field.source === 'statusLabels' || FIXED_CHOICES[field.source] ? [] : fieldChoices(field, ctx);
      const named = (id: string) => (field.source === 'users' && id === ctx.me ? 'me' : quoted(choices.find((choice) => choice.value === id)?.name ?? id));
      return (Array.isArray(value) ? (value as string[]) : [value as string]).map(named).join(',');
    }
    case 'date':
      return printRange(field, value as DateRange, ctx.today);
    case 'text':
    case 'id':
      return quoted(value as string);
    case 'yesNo':
      return value ? 'yes' : 'no';
  }
}

/** A range as the line writes it, undefined when neither a preset nor a day form says it. */
function printRange(field: FilterField, range: DateRange, today: Date): string | undefined {
  const preset = presetOf(range, today, datePresetsFor(field.key));
  if (preset) return presetWord(preset);
  const form = dateFormOf(range);
  if (!form) return undefined;
  if (form.form === 'between') return `${form.day}..${form.end ?? ''}`;
  return form.form === 'on' ? form.day : `${form.form === 'after' ? '>' : '<'}${form.day}`;
}

export { presetWord };
