import * as assert from 'node:assert/strict';
import { filterWords } from '../../../src/lm/filterWords';

describe('the filter in a chat tool’s words', () => {
  it('says each field as the tree does, with its names, and dates as a person says them', () => {
    const words = filterWords(
      { status_type: ['won'], user_id: ['user_a'], date_won: { gte: '2026-12-01', lte: '2026-12-31' } },
      { users: new Map([['user_a', 'Alice Anders']]) },
    );
    assert.equal(words, 'Won · Alice Anders · won in December 2026');
    assert.equal(filterWords({}), '');
  });
});
