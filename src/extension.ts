import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerChangeCommands } from './features/changes';
import { registerExport } from './features/export';
import { moneyContext } from './close/format';
import type { ChangeCommandContext } from './features/changes/changeCommands';
import type { Services } from './state/services';
import type { ChangeTracker } from './features/changes/changeTracker';
import { Connection } from './state/connection';
import { SampleDataServer } from './features/sampleData/sampleDataServer';
import { FilterState } from './state/filterState';
import { rememberChoice, showFirstScreen } from './state/firstScreen';
import { OrganizationFilters } from './state/organizationFilters';
import { AutoRefresh } from './state/autoRefresh';
import { KeptResults } from './features/offline/offlineStorage';
import { ReferenceData } from './state/referenceData';
import { readSettings } from './shared/settings';
import { t } from './shared/l10n';
import type { ChangeDecorationProvider } from './features/changes/changeDecorations';
import type { ChangeFeatures } from './features/changes/changeFeatures';
import { onFirstUse } from './shared/onFirstUse';
import type * as ChangesLater from './features/changes/later';
import { OpportunityStatusBar } from './views/statusBar';
import { SummaryFeature } from './features/summary';
import { HoverFeature } from './features/hover';
import type { SummaryViewProvider } from './features/summary/summaryViewProvider';
import type { OpportunityHoverProvider } from './features/hover/opportunityHoverProvider';
import type { OpportunityLinkProvider } from './features/hover/opportunityLinkProvider';
import { OpportunitiesModel } from './views/tree/opportunitiesModel';
import { OpportunityTreeProvider } from './views/tree/opportunityTreeProvider';
import { OpportunityTreeView } from './views/tree/opportunityTreeView';
import { AttentionFeature } from './views/attention';
import type { AttentionView } from './views/attention/attentionView';
import { TREE_VIEW_ID } from './shared/viewIds';
import { isPipelineGrouping } from './close/types';
import { commandId } from './shared/commands';
import { registerChatTools, type ChatTools } from './lm/tools/registerTools';

/**
 * What `activate()` returns to the integration tests (Test mode) only: the running pieces. They hold the
 * extension's context, and with it the stored key, so any other extension gets nothing.
 */
export interface CloseOpportunitiesApi {
  services: Services;
  model: OpportunitiesModel;
  treeProvider: OpportunityTreeProvider;
  treeView: OpportunityTreeView;
  statusBar: OpportunityStatusBar;
  summary: SummaryViewProvider;
  hover: OpportunityHoverProvider;
  autoRefresh: AutoRefresh;
  changes: ChangeTracker;
  changeDecorations: ChangeDecorationProvider;
  links: OpportunityLinkProvider;
  /** The chat tools' implementations (made on first use), e.g. for their invocation messages. */
  chatTools: ChatTools;
  attention: AttentionView;
}

let connection: Connection | undefined;

// Nothing here touches the network or loads the HTTP layer: that waits for a visible view or a command.
export function activate(context: vscode.ExtensionContext): CloseOpportunitiesApi | undefined {
  const log = vscode.window.createOutputChannel('Close', { log: true });
  const filterState = new FilterState();
  showFirstScreen(filterState, context.globalState);
  connection = new Connection(context, log, new SampleDataServer(log));
  const referenceData = new ReferenceData(connection);
  const keptResults = new KeptResults(context, connection, referenceData);
  const services: Services = { context, log, filterState, connection, referenceData, keptResults };
  context.subscriptions.push(log, filterState, rememberChoice(filterState, context.globalState), connection, referenceData, keptResults);

  const config = () => vscode.workspace.getConfiguration('closeOpportunities');
  // Currencies of the opportunities loaded for the current filter: sums over several are labelled mixed.
  const seenCurrencies = new Set<string>();
  const money = () => moneyContext(referenceData.organizationCurrency(), seenCurrencies);
  // Change tracking is put together on first use (dist/later.js): the first finished load, a command, sign-out.
  let tracking: ChangeFeatures | undefined;
  const changeFeatures = (): ChangeFeatures => {
    if (!tracking) {
      tracking = onFirstUse<typeof ChangesLater>().startChangeFeatures(services, treeProvider, changeText);
      context.subscriptions.push(tracking);
    }
    return tracking;
  };
  const model = new OpportunitiesModel(
    {
      client: () => services.connection.client(),
      pageSize: () => readSettings(config()).pageSize,
      track: (load) => {
        void vscode.window.withProgress({ location: { viewId: TREE_VIEW_ID } }, () => load);
        // The organization's currency, asked once per connection beside the first load, for every amount shown
        // (a load begun at the start waits for the stored key with it).
        void services.connection.ready.then(() => {
          if (!services.connection.connected) return;
          const shown = referenceData.organizationCurrency();
          referenceData.currency().then(
            (code) => code && code !== shown && showMoney(),
            () => undefined,
          );
        });
      },
      onRows: (rows) => {
        for (const row of rows) {
          if (row.user_id) referenceData.noteUserName(row.user_id, row.user_name);
          if (row.status_id) referenceData.noteStatusLabel(row.status_id, row.status_label);
          // The lead a filter names is said by its name, from its opportunities (no request of its own).
          if (row.lead_id && row.lead_id === model.filter.lead_id) referenceData.noteLeadName(row.lead_id, row.lead_name);
          if (row.value_currency) seenCurrencies.add(row.value_currency);
        }
        // Rows that arrive after the look (Load more, a group opened) are remembered as seen too.
        if (!model.loading) tracking?.tracker.noteRows(model.filter, rows);
      },
      onGroups: (groups) => {
        for (const group of groups) {
          if (group.user_id) referenceData.noteUserName(group.user_id, group.user_name);
          if (group.status_id) referenceData.noteStatusLabel(group.status_id, group.status_label);
        }
      },
      pipelines: (signal) => referenceData.pipelines(signal),
      showEmptyStatuses: () => config().get<boolean>('showEmptyStatuses', false) === true,
      offline: keptResults,
      translate: t,
    },
    filterState.filter,
  );
  let loadedGeneration = connection.generation;
  // A load begun before the stored key was read waits for it (client() and the kept results do): no second load then.
  let keyRead = false;
  void connection.ready.then(() => (keyRead = true));
  const treeProvider = new OpportunityTreeProvider(model, {
    money,
    statusLabels: () => referenceData.statusLabels(),
    changeLine: (id) => tracking?.changeLine(id),
  });
  const changeText = { names: () => ({ statuses: referenceData.statusLabels(), users: referenceData.userNames() }), currency: () => money().currency };
  const treeView = new OpportunityTreeView(services, model, treeProvider);
  const statusBar = new OpportunityStatusBar(connection, model, money);
  // Called once the organization's currency is known, after every view below exists.
  function showMoney(): void {
    statusBar.update();
    treeProvider.redraw();
    attention.redraw();
    features.moneyChanged();
  }
  const attention = new AttentionFeature(services, model, money);
  context.subscriptions.push({ dispose: () => model.dispose() }, treeProvider, treeView, statusBar, attention);

  context.subscriptions.push(...watchLooks(services, model, () => changeFeatures().tracker));
  // Each organization has its own filter; another one shows its kept results at once, then loads.
  const organization = new OrganizationFilters(connection, filterState);
  context.subscriptions.push(
    filterState.onDidChange((filter) => {
      tracking?.tracker.expect(filter);
      // A filter chosen by the user is worth loading even while the tree is hidden (status bar, badge).
      if (services.connection.connected) model.setStarted();
      seenCurrencies.clear();
      void model.setFilter(filter, organization.switching);
    }),
    connection.onDidChange(() => {
      // Only a change of what we talk to invalidates the tree, not learning who we are connected as.
      if (connection!.generation === loadedGeneration) return;
      loadedGeneration = connection!.generation;
      seenCurrencies.clear();
      if (!keyRead && model.loading) return;
      if (organization.switched()) autoRefresh.restart();
      else void model.reload();
    }),
    connection.onDidChange(refusedKeyNotifier(services)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('closeOpportunities.pageSize')) void model.reload();
      if (e.affectsConfiguration('closeOpportunities.showEmptyStatuses') && isPipelineGrouping(model.filter.group_by?.field)) void model.reload();
      if (e.affectsConfiguration('closeOpportunities.autoRefreshMinutes')) autoRefresh.restart();
    }),
  );
  const autoRefresh = new AutoRefresh(
    () => (model.started && services.connection.connected ? model.reload() : undefined),
    () => readSettings(config()).autoRefreshMinutes,
    () => model.loading,
  );
  context.subscriptions.push(autoRefresh);
  autoRefresh.restart();

  const changeCommands: ChangeCommandContext = {
    services,
    tree: treeView,
    get tracker() {
      return changeFeatures().tracker;
    },
    ...changeText,
  };
  context.subscriptions.push(...registerCommands(services, treeView), ...registerChangeCommands(changeCommands), registerExport(services));

  // The summary, the hover and the id links.
  const features = new SummaryFeature(services, model, money, () => changeFeatures().tracker, changeText, {
    get model() {
      return attention.loaded.model;
    },
    reveal: (kind) => attention.loaded.revealKind(kind),
  });
  const hovers = new HoverFeature(services, model);
  context.subscriptions.push(...features.disposables, ...hovers.disposables);

  // The chat tools ask Close as the tree does and answer with the summary's numbers.
  const chat = registerChatTools(() => ({
    services,
    model,
    money,
    changes: () => changeFeatures().tracker,
    changeNames: changeText.names,
    showEmptyStatuses: () => config().get<boolean>('showEmptyStatuses', false) === true,
  }));
  context.subscriptions.push(...chat.disposables);

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    services,
    model,
    treeProvider,
    treeView,
    statusBar,
    autoRefresh,
    // Made on first use too (Needs Attention starts collapsed).
    get attention() {
      return attention.loaded;
    },
    // Created on first use, so activation stays cheap.
    get summary() {
      return features.summary;
    },
    get hover() {
      return hovers.hover;
    },
    get changes() {
      return changeFeatures().tracker;
    },
    get changeDecorations() {
      return changeFeatures().decorations;
    },
    get links() {
      return hovers.links;
    },
    get chatTools() {
      return chat.tools();
    },
  };
}

/**
 * A look: the view shows the results of a load (refresh, filter, connection). Each one is compared with the
 * filter's last look; the markers, tooltips and the summary line follow the tracker.
 */
function watchLooks(services: Services, model: OpportunitiesModel, changes: () => ChangeTracker): vscode.Disposable[] {
  let startedAt = Date.now();
  let wasLoading = false;
  let looked: unknown;
  let connectedKind = services.connection.kind;
  const totals = model.onDidChangeTotals(() => {
    if (model.loading && !wasLoading) startedAt = Date.now();
    wasLoading = model.loading;
    const root = model.root;
    if (model.loading || root === looked || (root.kind !== 'list' && root.kind !== 'groups')) return;
    looked = root;
    const filter = model.filter;
    const since = startedAt;
    void services.connection.client().then((client) => {
      if (client && model.root === root) void changes().looked(filter, model.loadedRows(), since, client);
    });
  });
  return [
    totals,
    services.connection.onDidChange(() => {
      // Signing out (or the key removed in another window) deletes every remembered look.
      const kind = services.connection.kind;
      if (kind === 'none' && connectedKind !== 'none') void changes().clear();
      connectedKind = kind;
    }),
  ];
}

/** A refused key is worth one notification (with the way out); the tree says it too. */
function refusedKeyNotifier(services: Services): () => void {
  let refused = false;
  return () => {
    const now = services.connection.keyRefused;
    if (now && !refused) {
      const setKey = vscode.l10n.t('Set API Key');
      void vscode.window.showWarningMessage(vscode.l10n.t('Close refused the API key (401 Unauthorized). Set a new key to continue.'), setKey).then((choice) => {
        if (choice === setKey) void vscode.commands.executeCommand(commandId('setApiKey'));
      });
    }
    refused = now;
  };
}

/** Stops the sample data server and closes connections. */
export async function deactivate(): Promise<void> {
  const stopping = connection;
  connection = undefined;
  await stopping?.shutdown();
}
