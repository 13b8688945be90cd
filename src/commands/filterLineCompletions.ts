// What to offer while a filter line is typed: the qualifiers, then the values of the field being written (owners
// with "me", statuses, status labels, fixed lists, periods, yes and no). Pure: no 'vscode' here.
import type { OpportunityFilter } from '../close/filter';
import { FIXED_CHOICES, type FilterField } from '../close/filterFields';
import { inertText } from '../close/inert';
import { describeFilter, describeRange, type FilterNames } from '../shared/filterDescription';
import { datePresetsFor, presetLabel, presetRange } from './dateRanges';
import { fieldChoices, fieldOfQualifier, LINE_FIELDS, parseLine, presetWord, qualifierOf, quoted, type LineContext } from './filterLine';

export interface Completion {
  /** What the item shows: the qualifier or the value offered (names from Close inert: a quick pick shows `$(icon)`). */
  label: string;
  description?: string;
  /** The whole line once the completion is taken. */
  line: string;
}

const LIMIT = 40;
const normal = (text: string) => text.toLocaleLowerCase().replace(/^"/, '');

/** The last token being typed: where it starts, and its text (the end of the line, outside quotes). */
function lastToken(line: string): { start: number; text: string } {
  let quote = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quote = !quote;
    else if (!quote && /\s/.test(line[i])) start = i + 1;
  }
  return { start, text: line.slice(start) };
}

/** The values a field offers, each with its words. */
function valueChoices(field: FilterField, ctx: LineContext): { value: string; description?: string }[] {
  const { t } = ctx;
  switch (field.kind) {
    case 'several':
    case 'one': {
      // A fixed list is written by its values ("won"); Close's lists by their names.
      const fixed = FIXED_CHOICES[field.source] !== undefined;
      const choices = fieldChoices(field, ctx);
      const me = field.source === 'users' && ctx.me ? [{ value: 'me', description: `${t('Me')} · ${choices.find((c) => c.value === ctx.me)?.name ?? ctx.me}` }] : [];
      return [...me, ...choices.map((choice) => (fixed ? { value: choice.value, description: choice.name } : { value: choice.name }))];
    }
    case 'date':
      return datePresetsFor(field.key).map((preset) => ({
        value: presetWord(preset),
        description: `${presetLabel(preset, t)} · ${describeRange(presetRange(preset, ctx.today), t)}`,
      }));
    case 'yesNo':
      return [
        { value: 'yes', description: field.yes(t) },
        { value: 'no', description: field.no(t) },
      ];
    case 'text':
    case 'id':
      return [];
  }
}

/** The completions of the line's last token: qualifiers while no colon is typed, then the field's values. */
export function lineCompletions(line: string, ctx: LineContext): Completion[] {
  const { start, text } = lastToken(line);
  const before = line.slice(0, start);
  const colon = text.indexOf(':');
  if (colon === -1) {
    // A word of the qualifier may start it: "date" finds close-date as well as date-created.
    const typed = text.toLowerCase();
    const matches = (q: string) => q.startsWith(typed) || q.includes(`-${typed}`);
    return LINE_FIELDS.filter((field) => matches(qualifierOf(field))).map((field) => ({
      label: `${qualifierOf(field)}:`,
      description: field.label(ctx.t),
      line: `${before}${qualifierOf(field)}:`,
    }));
  }
  const field = fieldOfQualifier(text.slice(0, colon));
  if (!field) return [];
  const values = text.slice(colon + 1);
  const comma = field.kind === 'several' ? values.lastIndexOf(',') : -1;
  const [given, typing] = [values.slice(0, comma + 1), normal(values.slice(comma + 1))];
  const head = `${before}${text.slice(0, colon + 1)}${given}`;
  return valueChoices(field, ctx)
    .filter((choice) => normal(choice.value).startsWith(typing) || normal(choice.value).includes(` ${typing}`))
    .slice(0, LIMIT)
    .map((choice) => ({
      label: inertText(`${qualifierOf(field)}:${choice.value}`),
      description: choice.description === undefined ? undefined : inertText(choice.description),
      line: `${head}${quoted(choice.value)} `,
    }));
}

/** The first item of a typed line: what it means in words (Enter applies it), or its problem; names from Close inert. */
export function linePreview(line: string, ctx: LineContext, names: FilterNames): { label: string; apply?: OpportunityFilter } {
  const parsed = parseLine(line, ctx);
  if (parsed.problem !== undefined) return { label: `$(error) ${inertText(parsed.problem)}` };
  return { label: `$(check) ${inertText(describeFilter(parsed.filter, names, ctx.t))}`, apply: parsed.filter };
}
