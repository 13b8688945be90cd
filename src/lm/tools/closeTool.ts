// What every chat tool shares: the invocation message in words, the states a person can act on (not
// connected, Close refused or unreachable) as results rather than exceptions, and the request's cancellation.
import * as vscode from 'vscode';
import type { CloseClient } from '../../close/client';
import { AuthError, BadRequestError, FilterValidationError, isAbortError, NotFoundError } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import { FILTER_FIELDS, type ChoiceSource } from '../../close/filterFields';
import { errorText } from '../../close/inert';
import { firstSentence } from '../../features/offline/offlineText';
import { t } from '../../shared/l10n';
import type { ChatToolContext } from '../chatToolContext';
import { DATA_NOTICE, dataText, fenced } from '../dataFence';
import { dateLines, todayLine } from '../dateWords';
import { listsNeeded, resolveNames, type NameLists } from '../../close/filterNames';
import { filterWords } from '../filterWords';
import { organizationHeader, organizationProblem } from '../organizationText';
import { problemText, type Asked } from '../resultText';

/** A result made of one text part. */
export function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

/** An answer the tool gives instead of asking Close (a name that names nothing, a filter that cannot be sent). */
export class ToolAnswer extends Error {}

const NOT_CONNECTED =
  'Not connected to Close, so nothing was asked. The user can connect with the command “Close: Set API Key…” (an API key from Close: Settings → Developer → API Keys) or try the extension on generated data with “Close: Explore with Sample Data”, both in the Command Palette or the Close view.';

/** What each kind of list is called in a problem's words. */
const WHAT: Record<ChoiceSource, string> = {
  users: 'owner',
  statuses: 'status',
  statusLabels: 'status name',
  smartViews: 'Smart View',
  statusTypes: 'status type',
  valuePeriods: 'value period',
};

export abstract class CloseTool<T extends object> implements vscode.LanguageModelTool<T> {
  constructor(protected readonly context: ChatToolContext) {}

  /** What will be asked, in the user's words, shown while the tool runs. */
  protected abstract message(input: T): string;

  /** The answer, asked of Close with `client`; throws what Close answered when it failed. */
  protected abstract answer(input: T, client: CloseClient, signal: AbortSignal): Promise<string>;

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<T>): vscode.PreparedToolInvocation {
    return { invocationMessage: this.message(options.input ?? ({} as T)) };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<T>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      const client = this.context.services.connection.connected ? await this.context.services.connection.client() : undefined;
      if (!client) return textResult(NOT_CONNECTED);
      const input = options.input ?? ({} as T);
      const organizations = this.context.services.connection.organizations;
      const other = organizationProblem(organizations.list(), organizations.activeId, (input as { organization?: unknown }).organization);
      if (other) return textResult(other);
      // With several organizations, each answer says whose data it is.
      const shown = organizations.shownName;
      const answer = await this.answer(input, client, controller.signal);
      return textResult(shown ? `${organizationHeader(shown)}\n${answer}` : answer);
    } catch (error) {
      if (token.isCancellationRequested || isAbortError(error)) throw new vscode.CancellationError();
      return textResult(failureText(error));
    } finally {
      cancel.dispose();
    }
  }

  /** The filter a tool was given, with names made ids; undefined input is the filter the Close view shows now. */
  protected async filterOf(given: Record<string, unknown> | undefined, signal: AbortSignal): Promise<{ filter: OpportunityFilter; viewFilter: boolean }> {
    if (given === undefined) {
      const { order_by: _o, group_by: _g, fields: _f, ...view } = this.context.model.filter;
      return { filter: view, viewFilter: true };
    }
    if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new ToolAnswer('Nothing was asked of Close: the filter must be an object.');
    const known = new Set<string>(FILTER_FIELDS.map((field) => field.key));
    const unknown = Object.keys(given).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new ToolAnswer(
        `Nothing was asked of Close: the filter has no property ${unknown.map((key) => `“${dataText(key, 60)}”`).join(', ')}. Its properties are ${[...known].join(', ')}.`,
      );
    }
    const resolution = resolveNames(given, await this.lists(listsNeeded(given), signal));
    if (resolution.problem) {
      const field = FILTER_FIELDS.find((f) => f.key === resolution.problem.field);
      throw new ToolAnswer(problemText(resolution.problem, field && 'source' in field ? WHAT[field.source] : 'value'));
    }
    return { filter: resolution.filter, viewFilter: false };
  }

  /** The reference lists names are looked up in: loaded once per connection, shared with the tree and the form. */
  private async lists(needed: Set<ChoiceSource>, signal: AbortSignal): Promise<NameLists> {
    const reference = this.context.services.referenceData;
    const lists: NameLists = {};
    await Promise.all([
      needed.has('users') &&
        reference.users(signal).then((users) => {
          lists.users = users;
          lists.ownerNames = reference.userNames();
        }),
      needed.has('users') &&
        reference.me(signal).then(
          (me) => (lists.me = me),
          () => undefined,
        ),
      (needed.has('statuses') || needed.has('statusLabels')) && reference.statuses(signal).then((statuses) => (lists.statuses = statuses)),
      needed.has('statuses') && reference.pipelines(signal).then((pipelines) => (lists.pipelines = pipelines)),
      needed.has('smartViews') && reference.savedSearches(signal).then((searches) => (lists.savedSearches = searches)),
    ]);
    return lists;
  }

  /** The filter in words: with the names Close gave its ids, in English for the model or translated for the user. */
  protected words(filter: OpportunityFilter, translated = false): string {
    const reference = this.context.services.referenceData;
    const names = { users: reference.userNames(), statuses: reference.statusLabels(), savedSearches: reference.savedSearchNames() };
    return translated ? filterWords(filter, names, t, vscode.env.language) : filterWords(filter, names);
  }

  /** The filter as given, in the user's words, for the invocation message (names as written, ids by the names known). */
  protected givenWords(filter: unknown): string {
    if (filter === undefined) return t('the filter of the Close view');
    const words = typeof filter === 'object' && filter !== null ? this.words(filter, true) : '';
    return words || t('every opportunity');
  }

  /** What every answer says first: what was asked, of which filter, as of today (and whether Close was reached). */
  protected asked(title: string, filter: OpportunityFilter, viewFilter: boolean, offline?: string): Asked {
    return { title, filterWords: this.words(filter), viewFilter, dateLines: dateLines(filter, this.timeZone()), today: this.today(), offline };
  }

  protected timeZone(): string {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }

  protected today(): string {
    return todayLine(Date.now(), this.timeZone());
  }
}

/** What failed, for the model to tell the user: Close's own message inside the fence. */
export function failureText(error: unknown): string {
  if (error instanceof ToolAnswer) return error.message;
  if (error instanceof FilterValidationError) return `Nothing was asked of Close: the filter cannot be sent. ${dataText(error.message, 600)}`;
  const said = (what: string) => [what, DATA_NOTICE, fenced([dataText(errorText(error), 1000)])].join('\n');
  if (error instanceof BadRequestError) return said('Close refused the request (400 Bad Request). Its own message:');
  if (error instanceof AuthError) {
    return said('Close refused the API key. The user can set a new one with the command “Close: Set API Key…”. Close’s message:');
  }
  if (error instanceof NotFoundError) return said('Close answered 404 Not Found:');
  return said(`The request to Close failed: ${firstSentence(error instanceof Error ? error.constructor.name : 'error')}. The message:`);
}
