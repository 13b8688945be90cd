import * as assert from 'node:assert/strict';
import { emptyAggregates } from '../../../src/close/aggregates';
import { aggregatesView } from '../../../src/features/summary/summaryModel';
import type { WebviewStrings } from '../../../src/features/summary/protocol';
import { resultLine } from '../../../src/webview/summaryView';

const s = { loading: 'Loading…', opportunity: 'opportunity', opportunities: 'opportunities', annualized: 'Annualized' } as WebviewStrings;

describe('the line beside Apply', () => {
  it('says the new totals once they are in, "Loading…" until then, and the error when Close refused', () => {
    const aggregates = aggregatesView({ ...emptyAggregates(), total_results: 1234, total_value_annualized: 120_000_000 }, 'USD', 'en-US');
    assert.equal(resultLine({ status: 'ready', aggregates }, s), '1,234 opportunities · Annualized $1,200,000');
    const one = aggregatesView({ ...emptyAggregates(), total_results: 1, total_value_annualized: 50_000 }, 'USD', 'en-US');
    assert.equal(resultLine({ status: 'ready', aggregates: one }, s), '1 opportunity · Annualized $500');
    assert.equal(resultLine({ status: 'loading' }, s), 'Loading…');
    assert.equal(resultLine({ status: 'error', message: 'Close refused the filter: bad date.' }, s), 'Close refused the filter: bad date.');
  });
});
