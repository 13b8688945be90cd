import * as assert from 'node:assert/strict';
import { formatMoney, formatValue } from '../../../src/fake/money';

describe('fake money formatting', () => {
  it('formats cents as Close does: thousands separators, cents only when there are some', () => {
    assert.equal(formatMoney(1200000, 'USD'), '$12,000');
    assert.equal(formatMoney(3000050, 'USD'), '$30,000.50');
    assert.equal(formatMoney(450, 'GBP'), '£4.50');
    assert.equal(formatMoney(100000000, 'EUR'), '€1,000,000');
    assert.equal(formatMoney(5, 'CHF'), 'CHF 0.05');
  });

  it('suffixes monthly and annual values and leaves null values empty', () => {
    assert.equal(formatValue(500, 'monthly', 'GBP'), '£5 monthly');
    assert.equal(formatValue(2400000, 'annual', 'USD'), '$24,000 annually');
    assert.equal(formatValue(null, 'one_time', 'USD'), '');
  });
});
