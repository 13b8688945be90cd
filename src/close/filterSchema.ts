// The JSON schema of a filter, derived from the declarations of ./filterFields.ts: the chat tools' input schema
// (lm/toolSchemas.ts, written into package.json by `npm run lm-schemas`) is made of these.
import { FILTER_FIELDS, FIXED_CHOICES, type FilterField } from './filterFields';

/** An id Close made: no spaces, no commas (lists of ids are comma-separated). */
const ID_PATTERN = '^[^\\s,]+$';
const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?)?$';

/** The JSON schema of one field's value (the chat tools' input schema is made of these). */
export function fieldSchema(field: FilterField): Record<string, unknown> {
  const description = field.about;
  switch (field.kind) {
    case 'several': {
      const fixed = FIXED_CHOICES[field.source];
      const item = fixed ? { type: 'string', enum: [...fixed] } : field.ids ? { type: 'string', pattern: ID_PATTERN } : { type: 'string', minLength: 1 };
      return { type: 'array', description, items: item, minItems: 1 };
    }
    case 'one':
    case 'id':
      return { type: 'string', description, pattern: ID_PATTERN };
    case 'text':
      return { type: 'string', description };
    case 'yesNo':
      return { type: 'boolean', description };
    case 'date': {
      const bound = (what: string) => ({ type: 'string', description: `${what}: YYYY-MM-DD (a whole day) or an ISO 8601 datetime`, pattern: DATE_PATTERN });
      return {
        type: 'object',
        description,
        properties: { eq: bound('On'), gte: bound('From'), gt: bound('After'), lte: bound('Until'), lt: bound('Before') },
        additionalProperties: false,
      };
    }
  }
}

/** The JSON schema of a filter: every field Close has not deprecated. */
export function filterSchema(): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(FILTER_FIELDS.filter((field) => !field.deprecated).map((field) => [field.key, fieldSchema(field)])),
    additionalProperties: false,
  };
}
