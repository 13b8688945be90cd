// The chat tools' names and input schemas, derived from the filter declarations (close/filterFields.ts): a
// field declared there is a property of the tools' filter with no edit here. package.json holds a copy of
// each schema (`npm run lm-schemas` writes it; a unit test holds the two equal). Pure: no 'vscode' here.
import { FILTER_FIELDS, type ChoiceSource, type FilterField } from '../close/filterFields';
import { fieldSchema } from '../close/filterSchema';
import { DEFAULT_QUIET_DAYS } from '../close/attention';
import { ORDER_FIELDS, type GroupingField } from '../close/types';
import type { ToolKey } from './toolNames';
import { namedSource } from '../close/filterNames';

/** Rows a find returns unless asked for fewer or more, and the most it ever returns (one request's worth). */
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
/** The most days a "quiet" opportunity may go without an update (as close/attention.ts clamps them). */
export const MAX_QUIET_DAYS = 3650;

/** The groupings in the words a person uses, and the field each groups by. */
export const GROUPINGS = {
  status: 'status_id',
  pipeline: 'pipeline_id',
  owner: 'user_id',
  week: 'date_won__week',
  month: 'date_won__month',
  quarter: 'date_won__quarter',
  year: 'date_won__year',
} as const satisfies Record<string, GroupingField>;
export type GroupingWord = keyof typeof GROUPINGS;

/** The filter's values a tool takes by name as well as by id, and what the name is of. */
const NAMES_ACCEPTED: Partial<Record<ChoiceSource, string>> = {
  users: 'A user’s name (e.g. "Alice" or "Alice Anders") is accepted in place of an id; "me" is the user asking.',
  statuses: 'A status name (e.g. "Demo Scheduled", or "Won (Sales)" to name its pipeline) is accepted in place of an id.',
  smartViews: 'The Smart View’s name is accepted in place of its id.',
  statusLabels: 'Matched to the organization’s status names regardless of case.',
};

/** Where a field's values are names or ids of things Close lists (users, statuses, Smart Views), else undefined. */
/** One field's schema for the tools: the declaration's, with names allowed where ids are. */
function toolFieldSchema(field: FilterField): Record<string, unknown> {
  const schema = fieldSchema(field);
  const source = namedSource(field);
  if (!source) return schema;
  const description = `${String(schema.description)} ${NAMES_ACCEPTED[source] ?? 'A name is accepted in place of an id.'}`;
  if (schema.type === 'array') return { ...schema, description, items: { type: 'string', minLength: 1 } };
  return { type: 'string', description, minLength: 1 };
}

/** The tools' filter: every field Close has not deprecated, as declared. */
export function toolFilterSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description:
      'Which opportunities: every property narrows the result, values of one property are alternatives. Omit the filter to use the one the Close view shows now; give {} for every opportunity.',
    properties: Object.fromEntries(FILTER_FIELDS.filter((field) => !field.deprecated).map((field) => [field.key, toolFieldSchema(field)])),
    additionalProperties: false,
  };
}

const orderSchema = {
  type: 'object',
  description: 'The order of the rows; default: last updated first.',
  properties: {
    field: { type: 'string', enum: [...ORDER_FIELDS], description: 'What to order by (annualized_value: value over a year).' },
    descending: { type: 'boolean', description: 'true (the default): largest or newest first.' },
  },
  required: ['field'],
  additionalProperties: false,
};

/** Which organization a tool asks, when the user added several. */
const organizationSchema = {
  type: 'string',
  minLength: 1,
  description: 'The Close organization to ask, by its name, when the user added several (each result names the one it is from); omitted: the one the Close view shows.',
};

/** The input schema of each tool, as the manifest contributes it. */
export function toolInputSchemas(): Record<ToolKey, Record<string, unknown>> {
  return {
    findOpportunities: {
      type: 'object',
      properties: {
        filter: toolFilterSchema(),
        order: orderSchema,
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_LIMIT,
          default: DEFAULT_LIMIT,
          description: `Rows to return, ${DEFAULT_LIMIT} unless given, at most ${MAX_LIMIT}.`,
        },
        organization: organizationSchema,
      },
      additionalProperties: false,
    },
    pipelineSummary: {
      type: 'object',
      properties: {
        filter: toolFilterSchema(),
        groupBy: {
          type: 'string',
          enum: Object.keys(GROUPINGS),
          description:
            'Groups to count and sum: by status, pipeline or owner, or by the week, month, quarter or year of the close date (expected for open deals, the day won for won ones). Omitted: the totals only.',
        },
        descending: { type: 'boolean', description: 'Groups in reverse order (latest period first).' },
        organization: organizationSchema,
      },
      additionalProperties: false,
    },
    opportunityDetails: {
      type: 'object',
      properties: {
        id: { type: 'string', pattern: '^oppo_[A-Za-z0-9]+$', description: 'The opportunity id (oppo_…), as the other Close tools list it.' },
        organization: organizationSchema,
      },
      required: ['id'],
      additionalProperties: false,
    },
    changesSinceLastLook: { type: 'object', properties: { organization: organizationSchema }, additionalProperties: false },
    needsAttention: {
      type: 'object',
      properties: {
        filter: toolFilterSchema(),
        quietDays: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_QUIET_DAYS,
          description: `Days without an update after which an active opportunity is quiet; unless given, the user's setting (${DEFAULT_QUIET_DAYS} by default), as the Needs Attention view uses it.`,
        },
        organization: organizationSchema,
      },
      additionalProperties: false,
    },
  };
}

/** What the find tool is given. */
export interface FindInput {
  filter?: Record<string, unknown>;
  order?: { field?: string; descending?: boolean };
  limit?: number;
}

/** What the summary tool is given. */
export interface SummaryInput {
  filter?: Record<string, unknown>;
  groupBy?: string;
  descending?: boolean;
}

/** What the needs-attention tool is given. */
export interface AttentionInput {
  filter?: Record<string, unknown>;
  quietDays?: number;
}

export interface DetailsInput {
  id?: string;
}
