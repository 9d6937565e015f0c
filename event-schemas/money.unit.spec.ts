import {
  addMoney,
  CurrencyMismatchError,
  currencyExponent,
  formatMoney,
  money,
  moneySchema,
  multiplyMoney,
  positiveMoneySchema,
  sumMoney,
} from './money';

describe('Money', () => {
  describe('arithmetic', () => {
    it('adds amounts of one currency', () => {
      expect(addMoney(money(1250, 'EUR'), money(199, 'EUR'))).toEqual(money(1449, 'EUR'));
    });

    it('refuses to add two currencies', () => {
      expect(() => addMoney(money(1, 'EUR'), money(1, 'USD'))).toThrow(CurrencyMismatchError);
      expect(() => addMoney(money(1, 'EUR'), money(1, 'USD'))).toThrow('Cannot combine EUR with USD');
    });

    it('multiplies by an integer quantity', () => {
      expect(multiplyMoney(money(1250, 'EUR'), 3)).toEqual(money(3750, 'EUR'));
    });

    it('refuses a fractional factor', () => {
      expect(() => multiplyMoney(money(1250, 'EUR'), 1.5)).toThrow('multiplied by an integer (got 1.5)');
    });

    it('refuses results beyond the safe integer range instead of losing precision', () => {
      expect(() => multiplyMoney(money(Number.MAX_SAFE_INTEGER, 'JPY'), 2)).toThrow(RangeError);
      expect(() => addMoney(money(Number.MAX_SAFE_INTEGER, 'JPY'), money(1, 'JPY'))).toThrow(RangeError);
    });

    it('sums a list in its currency, an empty list to zero', () => {
      expect(sumMoney('GBP', [money(100, 'GBP'), money(250, 'GBP')])).toEqual(money(350, 'GBP'));
      expect(sumMoney('JPY', [])).toEqual(money(0, 'JPY'));
      expect(() => sumMoney('GBP', [money(100, 'EUR')])).toThrow(CurrencyMismatchError);
    });

    it('rejects a non-integer amount at construction', () => {
      expect(() => money(12.5, 'EUR')).toThrow('must be a safe integer number of minor units (got 12.5)');
    });
  });

  describe('formatting for humans', () => {
    it.each([
      [money(1250, 'EUR'), '12.50 EUR'],
      [money(5, 'USD'), '0.05 USD'],
      [money(-5, 'CHF'), '-0.05 CHF'],
      [money(0, 'SEK'), '0.00 SEK'],
      [money(1500, 'JPY'), '1500 JPY'],
      [money(1250, 'KWD'), '1.250 KWD'],
      [money(7, 'BHD'), '0.007 BHD'],
    ])('formats %j as %s', (amount, expected) => {
      expect(formatMoney(amount)).toBe(expected);
    });

    it('knows the exponent of every supported currency', () => {
      expect([currencyExponent('JPY'), currencyExponent('EUR'), currencyExponent('KWD')]).toEqual([0, 2, 3]);
    });
  });

  describe('schema', () => {
    it('accepts integer minor units in a supported currency', () => {
      expect(moneySchema.parse({ amountMinor: -300, currency: 'PLN' })).toEqual({ amountMinor: -300, currency: 'PLN' });
    });

    it.each<[unknown, string]>([
      [{ amountMinor: 12.5, currency: 'EUR' }, 'a float amount'],
      [{ amountMinor: 2 ** 60, currency: 'EUR' }, 'an unsafe integer'],
      [{ amountMinor: '1250', currency: 'EUR' }, 'a string amount'],
      [{ amountMinor: 1250, currency: 'eur' }, 'a lower-case currency'],
      [{ amountMinor: 1250, currency: 'XAU' }, 'an unsupported currency'],
      [{ amountMinor: 1250, currency: 'EUR', scale: 2 }, 'an unknown field'],
    ])('rejects %j (%s)', (value) => {
      expect(moneySchema.safeParse(value).success).toBe(false);
    });

    it('positive money rejects zero and negative amounts', () => {
      expect(positiveMoneySchema.safeParse({ amountMinor: 0, currency: 'EUR' }).success).toBe(false);
      expect(positiveMoneySchema.safeParse({ amountMinor: -1, currency: 'EUR' }).success).toBe(false);
      expect(positiveMoneySchema.safeParse({ amountMinor: 1, currency: 'EUR' }).success).toBe(true);
    });
  });
});
