import { z } from 'zod';

/**
 * Digits after the decimal point per ISO-4217 currency. Amounts are stored in minor units, so
 * the exponent is only needed to read them as humans do; adding a currency here is the whole
 * change needed to accept it in events.
 */
export const CURRENCY_EXPONENTS = Object.freeze({
  BHD: 3,
  CHF: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  KWD: 3,
  PLN: 2,
  SEK: 2,
  USD: 2,
} as const);

export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;

export const SUPPORTED_CURRENCIES = Object.freeze(Object.keys(CURRENCY_EXPONENTS).sort()) as readonly [CurrencyCode, ...CurrencyCode[]];

export const currencyCodeSchema = z
  .enum(SUPPORTED_CURRENCIES, { error: `must be a supported ISO-4217 currency code (${SUPPORTED_CURRENCIES.join(', ')})` })
  .describe('ISO-4217 code, upper case');

const amountMinor = z
  .int({ error: 'must be a safe integer number of minor units, e.g. 1250 for 12.50 EUR (no decimals)' })
  .describe('Amount in minor units of the currency (cents, pence; yen have none)');

export const moneySchema = z.strictObject({ amountMinor, currency: currencyCodeSchema }).meta({ title: 'Money' });

/** Prices, totals and payment amounts: zero or negative values there are always a bug. */
export const positiveMoneySchema = z
  .strictObject({
    amountMinor: amountMinor.positive({ error: 'must be greater than zero' }),
    currency: currencyCodeSchema,
  })
  .meta({ title: 'Money' });

export type Money = z.infer<typeof moneySchema>;

export class CurrencyMismatchError extends Error {
  readonly code = 'CURRENCY_MISMATCH';
  constructor(
    readonly left: string,
    readonly right: string,
  ) {
    super(`Cannot combine ${left} with ${right}: money arithmetic works within one currency; convert explicitly first`);
    this.name = 'CurrencyMismatchError';
  }
}

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, value);
}

export function currencyExponent(currency: CurrencyCode): number {
  return CURRENCY_EXPONENTS[currency];
}

function assertSafeAmount(amountMinor: number, what: string): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`${what} must be a safe integer number of minor units (got ${amountMinor})`);
  }
  // -0 would format as "0.00" but compare unequal in Object.is-based checks (jest, dedupe).
  return amountMinor === 0 ? 0 : amountMinor;
}

export function money(amountMinor: number, currency: CurrencyCode): Money {
  if (!isCurrencyCode(currency)) throw new RangeError(`Unsupported currency ${JSON.stringify(currency)}; add it to CURRENCY_EXPONENTS first`);
  return { amountMinor: assertSafeAmount(amountMinor, 'amountMinor'), currency };
}

export function zeroMoney(currency: CurrencyCode): Money {
  return money(0, currency);
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return money(assertSafeAmount(a.amountMinor + b.amountMinor, `${a.currency} sum`), a.currency);
}

/** Line amounts: unit price times quantity. Fractions have no meaning in minor units. */
export function multiplyMoney(amount: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new RangeError(`Money can only be multiplied by an integer (got ${factor})`);
  return money(assertSafeAmount(amount.amountMinor * factor, `${amount.currency} product`), amount.currency);
}

/** Sums in the given currency; the currency makes an empty list well defined (zero). */
export function sumMoney(currency: CurrencyCode, amounts: readonly Money[]): Money {
  return amounts.reduce(addMoney, zeroMoney(currency));
}

/**
 * "12.50 EUR", "1500 JPY", "-0.005 KWD". Locale-free on purpose: logs, error messages and the
 * event catalogue must read the same on every machine; UIs format with Intl themselves.
 */
export function formatMoney(amount: Money): string {
  const exponent = currencyExponent(amount.currency);
  const digits = String(Math.abs(amount.amountMinor)).padStart(exponent + 1, '0');
  const sign = amount.amountMinor < 0 ? '-' : '';
  const whole = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return `${sign}${whole} ${amount.currency}`;
}
