// The bench's `filter_change` section: one filter change as the views see it, against the fake at 250 ms per
// response. The tree's model and the summary's host run in plain Node: the summary's few uses of the `vscode`
// API (an event emitter, l10n, the locale) get a minimal stand-in; no webview is shown, so every state the
// host would post is counted through `onDidPostState`.
import { performance } from 'node:perf_hooks';
import type { CloseClient as CloseClientType } from '../../src/close/client';
import type { OpportunityFilter } from '../../src/close/filter';
import type { BenchSection } from './bench';
import { EventEmitter, provideVscode } from './vscodeStub';

const LATENCY_MS = 250;
const OPPORTUNITIES = 10_000;

/** Just enough of `vscode` for features/summary/summaryViewProvider.ts and views/tree/opportunitiesModel.ts. */
function installVscode(): void {
  const format = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  const vscode = {
    EventEmitter,
    l10n: { t: format },
    env: { language: 'en' },
    workspace: { getConfiguration: () => ({ get: (_key: string, fallback?: unknown) => fallback }), onDidChangeConfiguration: () => ({ dispose() {} }) },
    commands: { executeCommand: () => Promise.resolve(undefined) },
  };
  provideVscode(vscode);
}

interface ChangeFigures {
  requests: number;
  posts: number;
  firstRowsMs: number;
  totalsMs: number;
}

export const filterChangeSection: BenchSection = {
  key: 'filter_change',
  title: `One filter change: requests, summary posts and times, ${OPPORTUNITIES.toLocaleString('en-US')} opportunities at ${LATENCY_MS} ms per response`,
  async run() {
    installVscode();
    const { startFakeProcess } = await import('./bench');
    const { CloseClient } = await import('../../src/close/client');
    const { OpportunitiesModel } = await import('../../src/views/tree/opportunitiesModel');
    const { SummaryViewProvider } = await import('../../src/features/summary/summaryViewProvider');
    const fake = await startFakeProcess(['--opportunities', String(OPPORTUNITIES), '--latency', String(LATENCY_MS)]);
    let requests = 0;
    const client: CloseClientType = new CloseClient({ baseUrl: fake.url, credentials: { apiKey: fake.key }, onRequest: () => void requests++ });
    const never = () => ({ dispose() {} });
    const model = new OpportunitiesModel({ client: () => Promise.resolve(client), pageSize: () => 100 }, {});
    model.setStarted();
    const services = {
      filterState: { filter: {}, onDidChange: never },
      connection: { connected: true, kind: 'apiKey', label: 'bench', generation: 1, onDidChange: never },
      referenceData: {
        organizationCurrency: () => 'USD',
        currency: () => Promise.resolve('USD'),
        userNames: () => new Map(),
        statusLabels: () => new Map(),
        leadNames: () => new Map(),
      },
      log: { warn() {}, info() {} },
    };
    const summary = new SummaryViewProvider(services as never, model, { money: () => ({ currency: 'USD' }) });
    const change = async (filter: OpportunityFilter): Promise<ChangeFigures> => {
      requests = 0;
      let posts = 0;
      let firstRowsMs = NaN;
      let totalsMs = NaN;
      const started = performance.now();
      const subscriptions = [
        summary.onDidPostState((state) => {
          posts++;
          if (state.summary.status === 'ready' && Number.isNaN(totalsMs)) totalsMs = performance.now() - started;
        }),
        model.onDidChangeTree((node) => {
          const root = model.root;
          const shown = root.kind === 'list' ? root.list.pager.rows.length > 0 : root.kind === 'groups';
          if (node === undefined && shown && Number.isNaN(firstRowsMs)) firstRowsMs = performance.now() - started;
        }),
      ];
      try {
        await model.setFilter(filter);
        return { requests, posts, firstRowsMs, totalsMs };
      } finally {
        for (const s of subscriptions) s.dispose();
      }
    };
    try {
      await change({ order_by: { field: 'date_updated', descending: true } });
      const ungrouped = await change({ order_by: { field: 'date_updated', descending: true }, status_type: ['won'] });
      const grouped = await change({ order_by: { field: 'date_updated', descending: true }, group_by: { field: 'user_id', descending: false } });
      const ratio = (ms: number) => Math.round((ms / LATENCY_MS) * 100) / 100;
      const json = {
        requests_ungrouped: ungrouped.requests,
        requests_grouped_by_owner: grouped.requests,
        webview_posts: ungrouped.posts,
        webview_posts_grouped: grouped.posts,
        first_rows_ms: Math.round(ungrouped.firstRowsMs),
        totals_ms: Math.round(ungrouped.totalsMs),
        first_rows_round_trips: ratio(ungrouped.firstRowsMs),
        totals_round_trips: ratio(ungrouped.totalsMs),
        latency_ms: LATENCY_MS,
      };
      const rows: [string, string][] = [
        ['list requests, ungrouped (target 1)', String(json.requests_ungrouped)],
        ['requests, grouped by owner (one discovery)', String(json.requests_grouped_by_owner)],
        ['summary posts, ungrouped / grouped (target 2: loading, final)', `${json.webview_posts} / ${json.webview_posts_grouped}`],
        ['first rows', `${json.first_rows_ms} ms = ${json.first_rows_round_trips} round trips (floor 1.0)`],
        ['totals in the summary', `${json.totals_ms} ms = ${json.totals_round_trips} round trips (floor 1.0)`],
      ];
      return { rows, json };
    } finally {
      summary.dispose();
      model.dispose();
      await client.close();
      await fake.stop();
    }
  },
};
