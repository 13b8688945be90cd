// Hosts the summary webview: renders the tree's model (its totals, groups, load state and errors) with the
// filter form, and turns the webview's (validated) messages into changes of the one shared FilterState. It
// makes no list request of its own: what the tree loads is what it shows, and what needs attention is the
// Needs Attention view's own review of the same filter.
import * as vscode from 'vscode';
import { kindFilter, type AttentionKind } from '../../close/attention';
import { FilterValidationError, GroupingLimitError, groupingLimitText } from '../../close/errors';
import type { OpportunityFilter } from '../../close/filter';
import type { MoneyContext } from '../../close/format';
import { validateFilter } from '../../close/query';
import { describeFilter } from '../../shared/filterDescription';
import { isPipelineGrouping } from '../../close/types';
import type { Services } from '../../state/services';
import type { ChangeTracker } from '../changes/changeTracker';
import type { ChangeTextSource } from '../changes/changeDecorations';
import { summaryLine } from '../changes/changeText';
import { filterFromForm, formFromFilter } from './summaryForm';
import { datePresetChoices } from './summaryPresets';
import { summaryHtml } from './summaryHtml';
import { makeNonce } from '../../shared/nonce';
import type { AttentionSummary, FilterChoices, FromWebview, SummaryData, SummaryState, ToWebview } from './protocol';
import type { AttentionModel } from '../../views/attention/attentionModel';
import { attentionSummary } from './summaryAttention';
import { parseWebviewMessage } from './summaryMessages';
import { aggregatesView, filterChoices, groupRows } from './summaryModel';
import { summaryStrings } from './summaryStrings';
import { offlineMessage } from '../offline/offlineText';
import { t } from '../../shared/l10n';
import { commandId } from '../../shared/commands';
import type { OpportunitiesModel, RootState } from '../../views/tree/opportunitiesModel';

export interface SummaryViewOptions {
  /** The organization's currency (once known) and the currencies seen on the filter's opportunities. */
  money?: () => MoneyContext;
  /** What changed since the last look, for the line at the top. */
  changes?: { tracker: ChangeTracker; text: ChangeTextSource };
  /** The Needs Attention view's model (its review is shown, not asked again) and a way to show one of its kinds. */
  attention?: { model: AttentionModel; reveal(kind: AttentionKind): Thenable<unknown> };
}

/** The summary's note when its sums add amounts of several currencies. */
function mixedNote(mixed: string[] | undefined): { currencyNote?: string } {
  return mixed ? { currencyNote: vscode.l10n.t('Mixed currencies ({0}): Close adds the amounts without converting them.', mixed.join(', ')) } : {};
}

function messageOf(error: unknown): string {
  // The client's messages are English; this error carries its facts, so its words are the user's language.
  if (error instanceof GroupingLimitError) return groupingLimitText(error, vscode.env.language, t);
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `closeOpportunities.summary` view. Showing it starts the model (as showing the tree does). Every load
 * of the model has a number; the previous numbers are never shown while a new filter loads. A state is posted
 * only when it differs from the last one, so the events of one change (the model's tree and totals, the
 * filter) make one post.
 */
export class SummaryViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private webviewReady = false;
  private state: SummaryState;
  /** The model's root the last render saw (a new `loading` root is a new load). */
  private renderedRoot: RootState | undefined;
  /** The model's filter the last render saw (another one is a filter change). */
  private renderedFilter: OpportunityFilter;
  /** The organization's currency was asked for, for this connection generation, and answered (or failed). */
  private currencySettledFor: number | undefined;
  private currencyAskedFor: number | undefined;
  private choicesFor: unknown;
  private readonly posted = new vscode.EventEmitter<SummaryState>();
  private readonly disposables: vscode.Disposable[] = [this.posted];

  /** Fires with every state posted to the webview (the integration tests read it). */
  readonly onDidPostState = this.posted.event;
  /** The last state posted to the webview. */
  lastPostedState: SummaryState | undefined;

  constructor(
    private readonly services: Services,
    private readonly model: OpportunitiesModel,
    private readonly options: SummaryViewOptions = {},
  ) {
    this.state = {
      connection: 'none',
      sourceLabel: '',
      filterVersion: 0,
      form: formFromFilter(services.filterState.filter),
      datePresets: {},
      filterText: '',
      choices: { statuses: [], statusLabels: [], users: [], smartViews: [], severalPipelines: false },
      loadId: 0,
      summary: { status: 'idle' },
    };
    this.renderedFilter = model.filter;
    this.renderedRoot = model.root;
    const render = () => this.render();
    // The model follows the shared filter (the composition root sets it): a filter change reaches this view
    // through the model, together with the new load.
    this.disposables.push(
      model.onDidChangeTree((node) => node === undefined && render()),
      model.onDidChangeTotals(render),
      ...(options.attention ? [options.attention.model.onDidChange((node) => node === undefined && render())] : []),
      ...(options.changes ? [options.changes.tracker.onDidChange(render)] : []),
      services.connection.onDidChange(() => {
        this.choicesFor = undefined;
        this.state.choices = { statuses: [], statusLabels: [], users: [], smartViews: [], severalPipelines: false };
        render();
      }),
    );
    render();
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
        if (view.visible) this.shown();
      }),
    ];
    view.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.webviewReady = false;
      }
    });
    if (view.visible) this.shown();
  }

  /** The view is visible: the model loads if nothing has shown it yet, and the form's choices are fetched. */
  private shown(): void {
    if (!this.services.connection.connected) return;
    void this.model.start();
    void this.loadChoices();
  }

  /** The organization's currency became known (or the currencies seen changed): amounts are drawn again. */
  moneyChanged(): void {
    this.render();
  }

  /** Loads again: the model reloads (the tree too), and the summary follows. */
  reload(): void {
    this.model.setStarted();
    void this.model.reload();
  }

  dispose(): void {
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
    const filter = this.model.filter;
    const ref = this.services.referenceData;
    const savedSearches = new Map(this.state.choices.smartViews.map((c) => [c.id, c.label]));
    this.state.form = formFromFilter(filter);
    this.state.datePresets = datePresetChoices(new Date(), t);
    this.state.filterText = describeFilter(filter, { users: ref.userNames(), statuses: ref.statusLabels(), savedSearches, leads: ref.leadNames() }, t);
  }

  /** Reads the model, the filter, the connection and the changes, and posts the state if it changed. */
  private render(): void {
    // First, as it may start a load (and render from within): what follows reads the newest state.
    if (this.view?.visible) this.shown();
    if (this.model.filter !== this.renderedFilter) {
      this.renderedFilter = this.model.filter;
      this.state.filterVersion++;
      this.state.applyError = undefined;
    }
    const root = this.model.root;
    if (root !== this.renderedRoot && root.kind === 'loading') this.state.loadId++;
    this.renderedRoot = root;
    this.readConnection();
    this.readFilter();
    this.readChanges();
    this.state.summary = this.summaryData();
    this.state.attention = this.attentionData();
    this.post();
  }

  /** The numbers of the model's current load, in the organization's currency once Close said which it is. */
  private summaryData(): SummaryData {
    if (this.state.connection === 'none') return { status: 'idle' };
    const root = this.model.root;
    switch (root.kind) {
      case 'idle':
      case 'disconnected':
        return { status: 'idle' };
      case 'loading':
        return { status: 'loading' };
      case 'error':
        return { status: 'error', message: messageOf(root.error) };
    }
    // The kept results shown at start are not current: the summary waits for Close's answer.
    if (this.model.refreshing) return { status: 'loading' };
    const totals = this.model.aggregates;
    // Amounts Close did not format are shown in the organization's currency (never a guessed one): wait for it.
    if (!totals || !this.currencySettled()) return { status: 'loading' };
    const currency = this.services.referenceData.organizationCurrency() ?? this.options.money?.().currency;
    const aggregates = aggregatesView(totals, currency);
    const pipeline = isPipelineGrouping(this.model.filter.group_by?.field);
    const rows =
      root.kind === 'groups'
        ? groupRows(
            root.groups.map((group) => group.summary),
            currency,
          )
        : undefined;
    const groups = rows ? (pipeline ? { status: 'ready' as const, rows, pipeline: true } : { status: 'ready' as const, rows }) : undefined;
    const offline = this.model.offline;
    if (offline) {
      // Close cannot be reached: the totals (and groups) kept from the last load of this filter, marked with their time.
      return { status: 'ready', aggregates, groups, offline: offlineMessage(offline.asOf, Date.now(), messageOf(offline.error), vscode.env.language, t) };
    }
    return { status: 'ready', aggregates, groups, ...mixedNote(this.options.money?.().mixed) };
  }

  /**
   * The Needs Attention view's review of the current filter, once it has one (and the currency is known). The
   * summary never starts a review: a filter change costs the review only where the view was shown.
   */
  private attentionData(): AttentionSummary | undefined {
    const attention = this.options.attention?.model;
    if (!attention?.started || this.state.summary.status === 'idle') return undefined;
    const state = attention.state;
    if (attention.filter !== this.model.filter || state.kind === 'idle' || state.kind === 'loading') return { status: 'loading' };
    if (state.kind === 'disconnected') return undefined;
    if (state.kind === 'error') return { status: 'error', message: messageOf(state.error) };
    if (!this.currencySettled()) return { status: 'loading' };
    const currency = this.services.referenceData.organizationCurrency() ?? this.options.money?.().currency;
    return attentionSummary(state.review, currency, vscode.env.language, t);
  }

  /** A click on a kind: its filter on the shared filter (keeping order and grouping), or the kind in its view. */
  private async showAttention(kind: AttentionKind): Promise<void> {
    const attention = this.options.attention;
    if (!attention) return;
    if (kind === 'noCloseDate') {
      await attention.reveal(kind);
      return;
    }
    const state = attention.model.state;
    if (state.kind !== 'loaded') return;
    const current = this.services.filterState.filter;
    const next = kindFilter(current, kind, state.review.days);
    if (!next) return;
    const { order_by, group_by } = current;
    this.services.filterState.set({ ...next, ...(order_by && { order_by }), ...(group_by && { group_by }) });
  }

  /** True once the organization's currency request of this connection has answered; asks for it otherwise. */
  private currencySettled(): boolean {
    const { connection, referenceData } = this.services;
    const generation = connection.generation;
    if (referenceData.organizationCurrency() !== undefined || this.currencySettledFor === generation) return true;
    if (this.currencyAskedFor !== generation) {
      this.currencyAskedFor = generation;
      const settled = () => {
        if (connection.generation !== generation) return;
        this.currencySettledFor = generation;
        this.render();
      };
      referenceData.currency().then(settled, settled);
    }
    return false;
  }

  private post(): void {
    const state = structuredClone(this.state);
    // Only what changed is worth a message (a refresh of names, a change check finding nothing new).
    if (this.lastPostedState && JSON.stringify(state) === JSON.stringify(this.lastPostedState)) return;
    this.lastPostedState = state;
    this.posted.fire(state);
    if (this.view && this.webviewReady) void this.view.webview.postMessage({ type: 'state', state } satisfies ToWebview);
  }

  /** Statuses, users and Smart Views for the form, once per connection. */
  private async loadChoices(): Promise<void> {
    const token = {};
    if (this.choicesFor !== undefined) return;
    this.choicesFor = token;
    const ref = this.services.referenceData;
    const [statuses, pipelines, users, savedSearches, me] = await Promise.allSettled([ref.statuses(), ref.pipelines(), ref.users(), ref.savedSearches(), ref.me()]);
    if (this.choicesFor !== token) return;
    const value = <T>(result: PromiseSettledResult<T>): T | undefined => (result.status === 'fulfilled' ? result.value : undefined);
    const failed = [statuses, users, savedSearches].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) this.choicesFor = undefined; // try again on the next load
    const choices: FilterChoices = filterChoices(
      { statuses: value(statuses), pipelines: value(pipelines), users: value(users), savedSearches: value(savedSearches), ownerNames: ref.userNames(), me: value(me) },
      failed ? vscode.l10n.t('Some choices could not be loaded: {0}', messageOf(failed.reason)) : undefined,
      vscode.l10n.t('not a current user'),
      vscode.l10n.t('Me'),
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
        this.services.filterState.clearFilters();
        return;
      case 'refresh':
        this.services.referenceData.clear();
        this.choicesFor = undefined;
        this.reload();
        void this.loadChoices();
        return;
      case 'command':
        void vscode.commands.executeCommand(commandId(message.command));
        return;
      case 'attention':
        void this.showAttention(message.kind);
        return;
    }
  }
}
