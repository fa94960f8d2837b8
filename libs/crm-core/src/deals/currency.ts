/** ISO 4217 codes in circulation, as the runtime's ICU data knows them (EUR, MXN, PLN, …). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);
}

export const CURRENCY_PROBLEM = 'must be an ISO 4217 currency code in upper case, e.g. EUR';
