// Hosts the summary webview: posts the aggregates of the current filter and its filter form, and turns the
// webview's (validated) messages into changes of the one shared FilterState.
import * as vscode from 'vscode';
import type { CloseClient } from '../close/client';
import { FilterValidationError, isAbortError } from '../close/errors';
import type { OpportunityFilter } from '../close/filter';
import type { MoneyContext } from '../close/format';
import { validateFilter } from '../close/query';
import { describeFilter } from './filterDescription';
import { isPipelineGrouping, type Aggregates } from '../close/types';
import type { Services } from '../services';
import type { ChangeTracker } from '../state/changeTracker';
import type { ChangeTextSource } from './rowUri';
import { summaryLine } from './changeText';
import { filterFromForm, formFromFilter } from '../webview/filterForm';
import { makeNonce, summaryHtml } from '../webview/html';
import type { FilterChoices, FromWebview, SummaryData, SummaryState, ToWebview } from '../webview/protocol';
import { parseWebviewMessage } from '../webview/validate';
import { aggregatesView, filterChoices, groupRows } from './summaryModel';
import { summaryStrings } from './summaryStrings';
import { offlineMessage } from './offlineText';
import { t } from '../l10n';

export const SUMMARY_VIEW_ID = 'closeOpportunities.summary';

export interface SummaryViewOptions {
  /** Currencies seen on the filter's opportunities (the organization's currency is asked for here). */
  money?: () => MoneyContext;
  /** What changed since the last look, for the line at the top. */
  changes?: { tracker: ChangeTracker; text: ChangeTextSource };
}

/** The summary's note when its sums add amounts of several currencies. */
function mixedNote(mixed: string[] | undefined): { currencyNote?: string } {
  return mixed ? { currencyNote: vscode.l10n.t('Mixed currencies ({0}): Close adds the amounts without converting them.', mixed.join(', ')) } : {};
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `closeOpportunities.summary` view. Nothing is fetched until the view is visible. Every load has a
 * number; an answer for an older load (an older filter) is dropped, and the previous numbers are never
 * shown while a new filter loads.
 */
export class SummaryViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private webviewReady = false;
  private state: SummaryState;
  private load: AbortController | undefined;
  /** The data shown is not for the current filter/connection any more. */
  private stale = true;
  private loadQueued = false;
  private choicesFor: unknown;
  private readonly posted = new vscode.EventEmitter<SummaryState>();
  private readonly disposables: vscode.Disposable[] = [this.posted];

  /** Fires with every state posted to the webview (the integration tests read it). */
  readonly onDidPostState = this.posted.event;
  /** The last state posted to the webview. */
  lastPostedState: SummaryState | undefined;

  constructor(
    private readonly services: Services,
    private readonly options: SummaryViewOptions = {},
  ) {
    this.state = {
      connection: 'none',
      sourceLabel: '',
      filterVersion: 0,
      form: formFromFilter(services.filterState.filter),
      filterText: '',
      choices: { statuses: [], users: [], smartViews: [] },
      loadId: 0,
      summary: { status: 'idle' },
    };
    this.readConnection();
    this.readFilter();
    this.readChanges();
    this.disposables.push(
      services.filterState.onDidChange(() => {
        this.readFilter();
        this.state.filterVersion++;
        this.state.applyError = undefined;
        this.reload();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('closeOpportunities.showEmptyStatuses') && isPipelineGrouping(services.filterState.filter.group_by?.field)) this.reload();
      }),
      ...(options.changes
        ? [
            options.changes.tracker.onDidChange(() => {
              this.readChanges();
              this.post();
            }),
          ]
        : []),
      services.connection.onDidChange(() => {
        this.readConnection();
        this.choicesFor = undefined;
        this.state.choices = { statuses: [], users: [], smartViews: [] };
        this.reload();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const extensionUri = this.services.context.extensionUri;
    const bundle = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.view = view;
    this.webviewReady = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [bundle] };
    view.webview.html = summaryHtml({
      cspSource: view.webview.cspSource,
      // Web Crypto (a global in Node ≥ 19): loading node:crypto would cost activation several ms.
      nonce: makeNonce((size) => globalThis.crypto.getRandomValues(new Uint8Array(size))),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'main.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'summary.css')).toString(),
      title: vscode.l10n.t('Summary'),
      lang: vscode.env.language || 'en',
    });
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible && this.stale) this.reload();
      }),
    ];
    view.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.webviewReady = false;
        this.load?.abort();
        this.stale = true;
      }
    });
    if (view.visible && this.stale) this.reload();
  }

  /** Loads again (after a refresh of the tree, or when asked by the webview). Several calls in one tick load once. */
  reload(): void {
    this.stale = true;
    if (!this.view?.visible) {
      // Nothing is fetched for a hidden view; the form still follows the filter.
      this.load?.abort();
      this.state.summary = { status: 'idle' };
      this.post();
      return;
    }
    // At once, before the request: the numbers of the previous filter are never shown as current.
    this.state.summary = { status: 'loading' };
    this.post();
    if (this.loadQueued) return;
    this.loadQueued = true;
    queueMicrotask(() => {
      this.loadQueued = false;
      void this.loadSummary();
    });
  }

  dispose(): void {
    this.load?.abort();
    for (const d of this.disposables) d.dispose();
  }

  private readConnection(): void {
    const connection = this.services.connection;
    this.state.connection = connection.connected ? connection.kind : 'none';
    this.state.sourceLabel = connection.connected ? (connection.label ?? '') : '';
  }

  private readChanges(): void {
    const changes = this.options.changes;
    const report = changes?.tracker.report;
    this.state.changes = report
      ? summaryLine(report.changes, report.since, Date.now(), {
          locale: vscode.env.language,
          currency: changes.text.currency(),
          truncated: report.truncated,
          t: vscode.l10n.t,
        })
      : undefined;
  }

  private readFilter(): void {
    const filter = this.services.filterState.filter;
    const ref = this.services.referenceData;
    const savedSearches = new Map(this.state.choices.smartViews.map((c) => [c.id, c.label]));
    this.state.form = formFromFilter(filter);
    this.state.filterText = describeFilter(filter, { users: ref.userNames(), statuses: ref.statusLabels(), savedSearches });
  }

  private post(): void {
    const state = structuredClone(this.state);
    this.lastPostedState = state;
    this.posted.fire(state);
    if (this.view && this.webviewReady) void this.view.webview.postMessage({ type: 'state', state } satisfies ToWebview);
  }

  private setSummary(loadId: number, summary: SummaryData): void {
    if (loadId !== this.state.loadId) return;
    this.state.summary = summary;
    this.post();
  }

  private async loadSummary(): Promise<void> {
    this.load?.abort();
    const controller = new AbortController();
    this.load = controller;
    const loadId = ++this.state.loadId;
    const filter = this.services.filterState.filter;
    this.stale = false;
    this.readConnection();
    if (this.state.connection === 'none') {
      this.setSummary(loadId, { status: 'idle' });
      return;
    }
    this.setSummary(loadId, { status: 'loading' });
    void this.loadChoices();
    let client: CloseClient | undefined;
    try {
      client = await this.services.connection.client();
    } catch (error) {
      this.setSummary(loadId, { status: 'error', message: messageOf(error) });
      return;
    }
    if (!client || controller.signal.aborted) {
      if (!client) this.setSummary(loadId, { status: 'idle' });
      return;
    }
    // Amounts Close did not format are shown in the organization's currency (never a guessed one).
    const organization = await this.services.referenceData.currency(controller.signal).catch(() => undefined);
    if (controller.signal.aborted) return;
    const currency = organization ?? this.options.money?.().currency;
    const mixed = () => this.options.money?.().mixed;
    const { group_by: groupBy, fields: _fields, ...ungrouped } = filter;
    const pipelineGroups = isPipelineGrouping(groupBy?.field);
    const groups = groupBy
      ? (async () =>
          client.discoverGroups({ ...filter, group_by: groupBy }, {
            signal: controller.signal,
            pipelines: pipelineGroups ? await this.services.referenceData.pipelines(controller.signal) : undefined,
            includeEmpty: pipelineGroups && vscode.workspace.getConfiguration('closeOpportunities').get<boolean>('showEmptyStatuses', false) === true,
          }))()
      : undefined;
    groups?.catch(() => undefined);
    let top: Aggregates;
    try {
      // One `_limit=0` request: only the aggregates, no opportunities.
      const response = await client.listOpportunities(ungrouped, { skip: 0, limit: 0 }, controller.signal);
      top = response;
      const aggregates = aggregatesView(top, currency);
      this.setSummary(loadId, { status: 'ready', aggregates, groups: groups ? { status: 'loading' } : undefined, ...mixedNote(mixed()) });
    } catch (error) {
      if (isAbortError(error) || loadId !== this.state.loadId) return;
      this.services.log.warn(`Summary: ${messageOf(error)}`);
      if (await this.showKept(loadId, filter, error, currency)) return;
      this.setSummary(loadId, { status: 'error', message: messageOf(error) });
      return;
    }
    if (!groups) return;
    try {
      const discovery = await groups;
      // Status groups' sum has no server-formatted amounts: the filter's own answer has them.
      const aggregates = aggregatesView(pipelineGroups ? top : discovery.aggregates, currency);
      const rows = groupRows(discovery.groups, currency);
      this.setSummary(loadId, {
        status: 'ready',
        aggregates,
        groups: pipelineGroups ? { status: 'ready', rows, pipeline: true } : { status: 'ready', rows },
        ...mixedNote(mixed()),
      });
    } catch (error) {
      if (isAbortError(error) || loadId !== this.state.loadId || this.state.summary.status !== 'ready') return;
      this.services.log.warn(`Summary groups: ${messageOf(error)}`);
      this.setSummary(loadId, { ...this.state.summary, groups: { status: 'error', message: messageOf(error) } });
    }
  }

  /** Close cannot be reached: the totals (and groups) kept from the last load of this filter, marked with their time. */
  private async showKept(loadId: number, filter: OpportunityFilter, error: unknown, currency: string | undefined): Promise<boolean> {
    const kept = this.services.keptResults;
    if (!kept.applies(error)) return false;
    const snapshot = await kept.load(filter).catch(() => undefined);
    if (!snapshot || loadId !== this.state.loadId) return false;
    const offline = offlineMessage(snapshot.at, Date.now(), messageOf(error), vscode.env.language, t);
    const groups = filter.group_by && snapshot.groups ? { status: 'ready' as const, rows: groupRows(snapshot.groups, currency) } : undefined;
    this.setSummary(loadId, { status: 'ready', aggregates: aggregatesView(snapshot.totals, currency), groups, offline });
    return true;
  }

  /** Statuses, users and Smart Views for the form, once per connection. */
  private async loadChoices(): Promise<void> {
    const token = {};
    if (this.choicesFor !== undefined) return;
    this.choicesFor = token;
    const ref = this.services.referenceData;
    const [statuses, pipelines, users, savedSearches] = await Promise.allSettled([ref.statuses(), ref.pipelines(), ref.users(), ref.savedSearches()]);
    if (this.choicesFor !== token) return;
    const value = <T>(result: PromiseSettledResult<T>): T | undefined => (result.status === 'fulfilled' ? result.value : undefined);
    const failed = [statuses, users, savedSearches].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) this.choicesFor = undefined; // try again on the next load
    const choices: FilterChoices = filterChoices(
      { statuses: value(statuses), pipelines: value(pipelines), users: value(users), savedSearches: value(savedSearches), ownerNames: ref.userNames() },
      failed ? vscode.l10n.t('Some choices could not be loaded: {0}', messageOf(failed.reason)) : undefined,
      vscode.l10n.t('not a current user'),
    );
    this.state.choices = choices;
    this.readFilter();
    this.post();
  }

  /** A message from the webview: used only once `parseWebviewMessage` accepts it, otherwise logged and dropped. */
  receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      // The reason names the field at fault, never its content.
      this.services.log.warn(`Summary view: ignored a malformed message (${parsed.reason}).`);
      return;
    }
    this.handle(parsed.message);
  }

  private handle(message: FromWebview): void {
    switch (message.type) {
      case 'ready': {
        this.webviewReady = true;
        const state = structuredClone(this.state);
        this.lastPostedState = state;
        void this.view?.webview.postMessage({ type: 'init', strings: summaryStrings(), state } satisfies ToWebview);
        if (this.stale) this.reload();
        return;
      }
      case 'apply': {
        const next = filterFromForm(this.services.filterState.filter, message.form);
        try {
          validateFilter(next);
        } catch (error) {
          if (!(error instanceof FilterValidationError)) throw error;
          this.state.applyError = error.message;
          this.post();
          return;
        }
        this.services.filterState.set(next);
        return;
      }
      case 'reset':
        this.services.filterState.clear();
        return;
      case 'refresh':
        this.services.referenceData.clear();
        this.choicesFor = undefined;
        this.reload();
        return;
      case 'command':
        void vscode.commands.executeCommand(`closeOpportunities.${message.command}`);
        return;
    }
  }
}
