import * as assert from 'node:assert/strict';
import { emptyAggregates } from '../../../../src/close/aggregates';
import type { GroupSummary } from '../../../../src/close/client';
import type { OpportunityChange } from '../../../../src/features/changes/changes';
import type { GroupingField } from '../../../../src/close/types';
import { changeLine } from '../../../../src/features/changes/changeText';
import { accessibleName, type NameContext } from '../../../../src/views/tree/accessibleNames';
import { OpportunityPager, type FetchPage } from '../../../../src/views/tree/pager';
import type { OpportunityRow } from '../../../../src/views/tree/rows';
import { ErrorNode, GroupNode, OpportunityNode, PagedList } from '../../../../src/views/tree/treeNodes';

const row: OpportunityRow = {
  id: 'oppo_abc123',
  lead_name: 'Acme Corp',
  user_name: 'Alice Anders',
  status_id: 'stat_won',
  status_label: 'Won',
  status_type: 'won',
  value_formatted: '$12,000 annual',
  confidence: 75,
};

const LOOKED = '2026-03-01T03:25:00Z';
const NOW = Date.parse('2026-03-03T12:00:00Z');
const won: OpportunityChange = {
  id: row.id,
  kind: 'won',
  kinds: ['won'],
  before: { id: row.id, status_id: 'stat_proposal', date_updated: LOOKED },
  after: { ...row, status_id: 'stat_won' },
};
/** The line the row's tooltip and marker show (changeDecorations.ts), written the same way. */
const wonLine = changeLine(won, LOOKED, NOW, { locale: 'en-US', timeZone: 'UTC', names: { statuses: new Map([['stat_proposal', 'Proposal']]) } });

const noRows: FetchPage = () => Promise.resolve({ rows: [], total: 0, hasMore: false, advancedBy: 0 });

function group(field: GroupingField, label: string, summary: Partial<GroupSummary>): GroupNode {
  const full = { ...emptyAggregates(), key: label, label, ...summary };
  return new GroupNode(full, field, label, noRows, 25, new AbortController().signal, () => undefined);
}

/** The name of a top-level row showing `opportunity`. */
function name(opportunity: OpportunityRow, context: NameContext = {}) {
  return accessibleName(new OpportunityNode(opportunity, undefined), { locale: 'en-US', ...context });
}

describe('the accessible names of the tree rows', () => {
  it('reads a whole opportunity row', () => {
    assert.deepEqual(name(row), { label: 'Acme Corp, $12,000 annual, status Won, 75% confidence, owner Alice Anders', role: 'treeitem' });
  });

  it('says what changed since the last look, in the words of the row tooltip, right after the name', () => {
    assert.equal(wonLine, 'Won: Proposal → Won since Sun 03:25');
    const changed = name(row, { changeLine: (id) => (id === row.id ? wonLine : undefined) });
    assert.equal(changed.label, 'Acme Corp, Won: Proposal → Won since Sun 03:25, $12,000 annual, status Won, 75% confidence, owner Alice Anders');
    assert.equal(name({ ...row, id: 'oppo_other' }, { changeLine: (id) => (id === row.id ? wonLine : undefined) }).label.includes('since'), false);
  });

  it('says the status type the icon colours, unless the status label already says it', () => {
    assert.match(name({ ...row, status_label: 'Closed – signed' }).label, /, status Closed – signed \(won\),/);
    assert.match(name({ ...row, status_label: 'Demo', status_type: 'active' }).label, /, status Demo \(active\),/);
    assert.match(name({ ...row, status_label: 'Churned', status_type: 'lost' }).label, /, status Churned \(lost\),/);
    assert.match(name(row).label, /, status Won,/);
  });

  it('names the status of a row that came without its label from the labels learnt', () => {
    const { status_label: _, ...bare } = row;
    assert.match(name(bare, { statusLabel: (id) => (id === 'stat_won' ? 'Signed' : undefined) }).label, /, status Signed \(won\),/);
  });

  it('marks kept rows and groups as offline, not the rows a kept group loaded from Close', () => {
    const offline = 'Offline — as of 10:42';
    assert.equal(name(row, { offline }).label, `Acme Corp, $12,000 annual, status Won, 75% confidence, owner Alice Anders, ${offline}`);
    const kept = group('user_id', 'Alice Anders', { total_results: 2, total_value_annualized: 50_000 });
    assert.equal(accessibleName(kept, { locale: 'en-US', currency: 'USD', offline }).label, `Alice Anders, 2 opportunities, $500 annualized, ${offline}`);
    assert.equal(accessibleName(new OpportunityNode(row, kept), { offline }).label.includes('Offline'), false);
  });

  it('reads a group with its count and annualized value; a status group with its type', () => {
    const month = group('date_won__month', 'March 2026', { total_results: 1, total_value_annualized: 50_000 });
    assert.deepEqual(accessibleName(month, { locale: 'en-US', currency: 'GBP' }), { label: 'March 2026, 1 opportunity, £500 annualized', role: 'treeitem' });
    const demo = group('status_id', 'Demo (Sales)', { total_results: 12, total_value_annualized: 120_000_000, status_type: 'active' });
    assert.equal(accessibleName(demo, { locale: 'en-US', currency: 'USD' }).label, 'Demo (Sales) (active), 12 opportunities, $1,200,000 annualized');
    const wonGroup = group('status_id', 'Won (Sales)', { total_results: 3, total_value_annualized: 0, status_type: 'won' });
    assert.equal(accessibleName(wonGroup, { locale: 'en-US', currency: 'USD' }).label, 'Won (Sales), 3 opportunities, $0 annualized');
    // Only a status group's icon shows the type.
    const pipeline = group('pipeline_id', 'Sales', { total_results: 3, total_value_annualized: 0, status_type: 'won' });
    assert.equal(accessibleName(pipeline, { locale: 'en-US', currency: 'USD' }).label, 'Sales, 3 opportunities, $0 annualized');
  });

  it('reads "Load more" as a button with how many are loaded, and "Loading more…" while it loads', async () => {
    let answer: (value: Awaited<ReturnType<FetchPage>>) => void = () => undefined;
    const fetchPage: FetchPage = (skip) =>
      skip === 0 ? Promise.resolve({ rows: [row], total: 2345, hasMore: true, advancedBy: 100 }) : new Promise((resolve) => (answer = resolve));
    const list = new PagedList(new OpportunityPager(fetchPage, 100, new AbortController().signal), undefined);
    await list.pager.loadMore();
    assert.deepEqual(accessibleName(list.loadMoreNode, { locale: 'en-US' }), { label: 'Load more (1 of 2,345)', role: 'button' });
    const loading = list.pager.loadMore();
    assert.deepEqual(accessibleName(list.loadMoreNode), { label: 'Loading more…', role: 'treeitem' });
    answer({ rows: [], hasMore: false, advancedBy: 0 });
    await loading;
  });

  it('reads one of a lead’s several opportunities as its row starts, with its value first, and everything else it shows', async () => {
    const other: OpportunityRow = {
      ...row,
      id: 'oppo_def456',
      lead_id: 'lead_1',
      value_formatted: '$3,000 monthly',
      status_label: 'Demo',
      status_type: 'active',
      confidence: 40,
    };
    const first: OpportunityRow = { ...row, lead_id: 'lead_1' };
    const alone: OpportunityRow = { ...row, id: 'oppo_ghi789', lead_id: 'lead_2', lead_name: 'Beta Ltd' };
    const rows = [first, other, alone];
    const list = new PagedList(
      new OpportunityPager(() => Promise.resolve({ rows, total: 3, hasMore: false, advancedBy: 3 }), 100, new AbortController().signal),
      undefined,
    );
    await list.pager.loadMore();
    assert.deepEqual(
      list.opportunityNodes.map((node) => accessibleName(node, { locale: 'en-US' }).label),
      [
        '$12,000 annual · Acme Corp, status Won, 75% confidence, owner Alice Anders',
        '$3,000 monthly · Acme Corp, status Demo (active), 40% confidence, owner Alice Anders',
        'Beta Ltd, $12,000 annual, status Won, 75% confidence, owner Alice Anders',
      ],
    );
  });

  it('reads a failed page as an error to retry, with its message, as a button', () => {
    const error = new ErrorNode(new Error('Close took too long to answer'), () => Promise.resolve(), undefined);
    assert.deepEqual(accessibleName(error), { label: 'Could not load: Close took too long to answer. Click to try again.', role: 'button' });
    const ended = new ErrorNode(new Error('Close is down.'), () => Promise.resolve(), undefined);
    assert.equal(accessibleName(ended).label, 'Could not load: Close is down. Click to try again.');
  });
});
