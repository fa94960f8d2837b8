import { isCurrencyCode } from './currency';

describe('isCurrencyCode', () => {
  it('accepts ISO 4217 codes in upper case', () => {
    expect(['EUR', 'MXN', 'PLN', 'USD'].every(isCurrencyCode)).toBe(true);
  });

  it('rejects lower case, wrong lengths and made-up codes', () => {
    expect(['eur', 'EU', 'EURO', 'ZZZ', ''].some(isCurrencyCode)).toBe(false);
  });
});
