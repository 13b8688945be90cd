// What the client says when Close answers with an error status or with something it did not expect: the
// status → CloseError mapping and the wording of its messages. The classes are in errors.ts, which activation
// loads; this file is in dist/later.js with the rest of the client. Every text from the server goes through
// `scrub` (the key taken out) before it reaches a message.
import { type MissingFilterObject, AuthError, BadRequestError, BadResponseError, CloseError, NotFoundError, PagingLimitError, ServerError } from './errors';
import type { OpportunityFilter } from './filter';

/** What the message of a status needs besides the answer. */
export interface StatusContext {
  /** Path + query relative to the base URL, e.g. `opportunity/?_limit=1`. */
  relative: string;
  /** The base URL's host, named when the endpoint itself is missing. */
  host: string;
  /** The message names "the access token" rather than "the API key". */
  usesOAuth: boolean;
  /** Takes every spelling of the secret out of text. */
  scrub: (text: string) => string;
}

const EXCERPT_LENGTH = 120;

/** Names for a path's first segment in "not found" messages. */
const RESOURCE_NAMES: Record<string, string> = {
  opportunity: 'Opportunity',
  user: 'User',
  status: 'Status',
  pipeline: 'Pipeline',
  saved_search: 'Smart View',
  lead: 'Lead',
};

/** Close's model names in words: `SavedSearch` → "Smart View". */
const MODEL_WORDS: Record<string, string> = {
  SavedSearch: 'Smart View',
  Status: 'status',
  OpportunityStatus: 'status',
  User: 'user',
  Lead: 'lead',
  Organization: 'organization',
  Opportunity: 'opportunity',
};
const MODEL_FIELDS: Record<string, MissingFilterObject['field']> = {
  SavedSearch: 'lead_saved_search_id',
  Status: 'status_id',
  OpportunityStatus: 'status_id',
  User: 'user_id',
  Lead: 'lead_id',
  Organization: 'organization_id',
};

/**
 * The error for a status that is not retried: 400 (the server's `error`, `errors` and `field-errors`; one
 * naming `max_skip` is a PagingLimitError with that maximum), 401, 402, 403, 404 (the object, the model
 * Close names, or the endpoint), 5xx and anything else.
 */
export function statusError(status: number, body: unknown, text: string, context: StatusContext): CloseError {
  const { scrub, relative } = context;
  const message = serverMessage(body, scrub);
  const quoted = message ? ` (${message})` : '';
  if (status === 400) {
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const maxSkip = /max_skip\s*=\s*(\d+)/.exec(typeof record.error === 'string' ? record.error : '');
    if (maxSkip) return new PagingLimitError(Number(maxSkip[1]));
    const errors = Array.isArray(record.errors) ? record.errors.map((e) => scrub(typeof e === 'string' ? e : JSON.stringify(e))) : [];
    const fieldErrors: Record<string, string> = {};
    if (typeof record['field-errors'] === 'object' && record['field-errors'] !== null) {
      for (const [field, fieldMessage] of Object.entries(record['field-errors'] as Record<string, unknown>)) {
        // defineProperty: a field named `__proto__` is the server's text like any other, not a prototype.
        const value = scrub(typeof fieldMessage === 'string' ? fieldMessage : JSON.stringify(fieldMessage));
        // The name is the server's text too: a key echoed as a field name is taken out like any other.
        Object.defineProperty(fieldErrors, scrub(field), { value, enumerable: true, writable: true, configurable: true });
      }
    }
    const parts = [
      ...(typeof record.error === 'string' ? [scrub(record.error)] : []),
      ...errors,
      ...Object.entries(fieldErrors).map(([field, fieldMessage]) => `${field}: ${fieldMessage}`),
    ];
    const detail = parts.length > 0 ? parts.join('; ') : excerpt(text, scrub) || 'no details given';
    return new BadRequestError(`Close refused the request: ${detail}`, errors, fieldErrors);
  }
  if (status === 401) {
    const what = context.usesOAuth ? 'the access token' : 'the API key';
    return new AuthError(`Close did not accept ${what}${quoted}. Set a valid key with “Close: Set API Key”.`);
  }
  if (status === 403) {
    return new CloseError('FORBIDDEN', `Close does not allow this with the current key${quoted}.`, 403);
  }
  if (status === 404) {
    const segments = path(relative).split('/').filter(Boolean);
    // Close's answer for an object that does not exist names its model ("Empty query: X matching query …").
    const model = /Empty query: ([A-Za-z_]+) matching query does not exist/.exec(message)?.[1];
    if (model && !segments[1]) {
      return new NotFoundError(`Close could not find a ${modelWords(model)} that the request names${quoted}.`, model);
    }
    const resource = segments[0] === 'status' ? 'Opportunity status' : (RESOURCE_NAMES[segments[0]] ?? segments[0]);
    const id = segments[0] === 'status' ? segments[2] : segments[1];
    return new NotFoundError(
      id
        ? `${resource} ${id} was not found in this Close organization${quoted}.`
        : `The Close API at ${context.host} has no ${path(relative)} endpoint${quoted}. Check the setting closeOpportunities.apiBaseUrl.`,
    );
  }
  if (status === 402) return new CloseError('PLAN_LIMIT', `A limit of the Close plan was reached${quoted}.`, 402);
  if (status >= 500) return new ServerError(`Close had an internal error (${status})${quoted}. Try again later.`, status);
  return new CloseError('HTTP_ERROR', `Close answered ${status}${quoted || `: ${excerpt(text, scrub)}`}.`, status);
}

/** The server's own message: `error` (string or `{message}`) or `message`; scrubbed and cut. */
export function serverMessage(body: unknown, scrub: (text: string) => string): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const error = record.error;
  const text =
    typeof error === 'string'
      ? error
      : typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
        ? (error as { message: string }).message
        : typeof record.message === 'string'
          ? record.message
          : '';
  const clean = scrub(text).replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}

/** Removes every spelling of the secret, then cuts to a short excerpt (scrub first, so no part of it survives). */
export function excerpt(text: string, scrub: (text: string) => string): string {
  const clean = scrub(text).replace(/\s+/g, ' ').trim();
  return clean.length > EXCERPT_LENGTH ? `${clean.slice(0, EXCERPT_LENGTH - 1)}…` : clean;
}

/** A 2xx answer that is not the object expected. */
export function shapeError(relative: string): BadResponseError {
  return new BadResponseError(`Close sent an unexpected response to GET ${path(relative)} (not the expected object).`, 200, '');
}

/** A 2xx answer with an id that does not have Close's shape (it would reach Markdown, a URL or a tree id). */
export function idError(relative: string, field: string): BadResponseError {
  return new BadResponseError(`Close sent an unexpected response to GET ${path(relative)}: a ${field} that is not a Close id.`, 200, '');
}

/** A list request's 404 that names a model: which object of the filter is missing, in words. */
export function missingFilterError(error: NotFoundError, filter: OpportunityFilter): NotFoundError {
  const field = error.model ? MODEL_FIELDS[error.model] : undefined;
  const raw = field ? filter[field] : undefined;
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!field || !value) return error;
  const what = modelWords(error.model!);
  const message = `The ${what} in the filter (${value}) does not exist in this Close organization (it may have been deleted). Clear the ${what} filter to continue.`;
  return new NotFoundError(message, error.model, { field, value });
}

/** "1 item", "1,200 items". */
export function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The path of a relative URL, without the query. */
export function path(relative: string): string {
  const q = relative.indexOf('?');
  return q < 0 ? relative : relative.slice(0, q);
}

function modelWords(model: string): string {
  return MODEL_WORDS[model] ?? model;
}
