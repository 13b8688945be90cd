// The details tool's answer: the opportunity as Close has it now (what Show Details opens), every string inert
// and cut, inside the fence. Pure: no 'vscode' here.
import type { Opportunity } from '../close/types';
import { leadPage } from '../views/tree/rows';
import { DATA_NOTICE, dataText, fenced } from './dataFence';
import { RESULT_BUDGET } from './resultText';

/** Characters kept of the note (the find tool keeps fewer), of any other text, and items of a list. */
export const DETAILS_NOTE_LIMIT = 1000;
const TEXT_LIMIT = 300;
const LIST_LIMIT = 20;

/** Fields left out: `note_html` repeats the note as HTML. */
const LEFT_OUT = new Set(['note_html']);

function inert(value: unknown, limit: number, depth: number): unknown {
  if (typeof value === 'string') return dataText(value, limit);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 3) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, LIST_LIMIT).map((item) => inert(item, TEXT_LIMIT, depth + 1));
    return value.length > LIST_LIMIT ? [...items, `… ${value.length - LIST_LIMIT} more`] : items;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !LEFT_OUT.has(key))
      .map(([key, v]) => [dataText(key, 100), inert(v, key === 'note' ? DETAILS_NOTE_LIMIT : TEXT_LIMIT, depth + 1)]),
  );
}

export function detailsText(opportunity: Opportunity): string {
  const link = leadPage(opportunity.lead_id);
  let json = JSON.stringify(inert(opportunity, TEXT_LIMIT, 0), null, 1);
  if (json.length > RESULT_BUDGET) json = `${json.slice(0, RESULT_BUDGET)}\n… (cut to fit the result)`;
  return [
    `Close — opportunity ${opportunity.id}, as Close has it now (every field; the note cut to ${DETAILS_NOTE_LIMIT} characters, lists to ${LIST_LIMIT} items).`,
    'Amounts (value, expected_value, annualized_value, annualized_expected_value) are in cents; confidence is a percentage; date_won is the expected or actual close date.',
    ...(link ? [`Close link: https://${link.authority}${link.path}`] : []),
    DATA_NOTICE,
    fenced([json]),
  ].join('\n');
}
