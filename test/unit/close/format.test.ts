import * as assert from 'node:assert/strict';
import { aggregateMoneyText, dateTimeFormat, formatCompactMoney, formatMoney, moneyContext, numberFormat, opportunityValueText } from '../../../src/close/format';
import type { Aggregates, Opportunity } from '../../../src/close/types';

const opportunity = (change: Partial<Opportunity>): Opportunity =>
  ({ id: 'oppo_1', value: 50000, value_period: 'monthly', value_currency: 'USD', value_formatted: null, ...change }) as Opportunity;

describe('money formatting', () => {
  it('formats cents without decimals when whole', () => {
    assert.equal(formatMoney(1200000, 'USD', 'en-US'), '$12,000');
    assert.equal(formatMoney(100000000, 'USD', 'en-US'), '$1,000,000');
  });

  it('keeps the cents when there are some', () => {
    assert.equal(formatMoney(450, 'GBP', 'en-GB'), '£4.50');
    assert.equal(formatMoney(123456, 'USD', 'en-US'), '$1,234.56');
  });

  it('uses the currency and locale given', () => {
    assert.equal(formatMoney(500000, 'EUR', 'de-DE'), '5.000\u00a0€');
  });

  it('is empty for a missing value and a plain number for a missing currency (never dollars)', () => {
    assert.equal(formatMoney(null), '');
    assert.equal(formatMoney(undefined), '');
    assert.equal(formatMoney(2500, null, 'en-US'), '25');
    assert.equal(formatCompactMoney(123456789, undefined, 'en-US'), '1.2M');
  });

  it('takes the organization’s currency, and labels sums over several currencies as mixed', () => {
    assert.deepEqual(moneyContext('EUR', ['EUR', 'EUR']), { currency: 'EUR' });
    assert.deepEqual(moneyContext('eur', []), { currency: 'EUR' });
    assert.deepEqual(moneyContext('EUR', ['EUR', 'USD', 'GBP']), { currency: 'EUR', mixed: ['EUR', 'GBP', 'USD'] });
    assert.deepEqual(moneyContext('EUR', ['USD']), { currency: 'EUR', mixed: ['USD'] });
    assert.deepEqual(moneyContext(undefined, ['GBP', null]), { currency: 'GBP' });
    assert.deepEqual(moneyContext(undefined, ['GBP', 'USD']), { currency: undefined, mixed: ['GBP', 'USD'] });
    assert.deepEqual(moneyContext(undefined, []), { currency: undefined });
  });

  it('still shows the number for a currency code Intl does not know', () => {
    assert.equal(formatMoney(2500, 'XQQ', 'en-US').includes('25'), true);
  });

  it('abbreviates large sums', () => {
    assert.equal(formatCompactMoney(123456789, 'USD', 'en-US'), '$1.2M');
    assert.equal(formatCompactMoney(95000000, 'USD', 'en-US'), '$950K');
    assert.equal(formatCompactMoney(1200, 'USD', 'en-US'), '$12');
  });

  it('prefers the server’s value_formatted', () => {
    assert.equal(opportunityValueText(opportunity({ value_formatted: '£5 monthly', value_currency: 'GBP' })), '£5 monthly');
  });

  it('computes the value with its period when value_formatted is empty', () => {
    assert.equal(opportunityValueText(opportunity({ value_formatted: '' }), 'en-US'), '$500 monthly');
    assert.equal(opportunityValueText(opportunity({ value_period: 'annual', value: 2400000 }), 'en-US'), '$24,000 annually');
    assert.equal(opportunityValueText(opportunity({ value_period: 'one_time', value: 1200000 }), 'en-US'), '$12,000');
    assert.equal(opportunityValueText(opportunity({ value: null, value_formatted: '' })), '');
  });

  it('prefers an aggregate’s _formatted string and computes it when null', () => {
    const aggregates = {
      total_value_annualized: 4200000,
      total_value_annualized_formatted: '$42,000',
      total_value_monthly: 0,
      total_value_monthly_formatted: null,
    } as Aggregates;
    assert.equal(aggregateMoneyText(aggregates, 'total_value_annualized'), '$42,000');
    assert.equal(aggregateMoneyText(aggregates, 'total_value_monthly', 'USD', 'en-US'), '$0');
    assert.equal(aggregateMoneyText({ ...aggregates, total_value_annualized_formatted: undefined }, 'total_value_annualized', 'USD', 'en-US'), '$42,000');
  });
});

describe('Intl formatters made once', () => {
  it('gives the same formatter for the same locale and options, another for other ones', () => {
    assert.equal(numberFormat('de-DE'), numberFormat('de-DE', {}));
    assert.notEqual(numberFormat('de-DE'), numberFormat('en-US'));
    assert.notEqual(numberFormat('de-DE'), numberFormat('de-DE', { style: 'currency', currency: 'EUR' }));
    const time = { hour: '2-digit', minute: '2-digit' } as const;
    assert.equal(dateTimeFormat('en-GB', time), dateTimeFormat('en-GB', { ...time }));
    assert.notEqual(dateTimeFormat('en-GB', time), dateTimeFormat('en-GB', { ...time, day: 'numeric' }));
  });

  it('formats as a formatter made anew does, whichever was asked for before', () => {
    assert.equal(numberFormat('de-DE').format(1234567), '1.234.567');
    assert.equal(numberFormat('en-US').format(1234567), '1,234,567');
    assert.equal(formatCompactMoney(2790000000, 'EUR', 'en-US'), '€27.9M');
    assert.equal(formatCompactMoney(2790000000, 'EUR', 'de-DE'), '27,9\u00a0Mio.\u00a0€');
    assert.equal(numberFormat('de-DE').format(1234567), '1.234.567');
  });
});
