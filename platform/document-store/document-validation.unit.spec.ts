import { Position } from '../event-store/position';
import { InvalidDocumentArgumentError, InvalidDocumentError } from './document-store.errors';
import { checkDocuments, checkFindQuery, checkSpec } from './document-validation';

const at = (n: number) => Position.encode(1n, BigInt(n));

describe('document validation', () => {
  it('keeps the newest copy of an id given twice, in whatever order', () => {
    const older = { id: 'a', position: at(1), sequence: 1, data: { v: 1 } };
    const newer = { id: 'a', position: at(2), sequence: 2, data: { v: 2 } };
    expect(checkDocuments([newer, older])).toEqual([newer]);
    expect(checkDocuments([older, newer, { ...older, id: 'b' }])).toEqual([newer, { ...older, id: 'b' }]);
  });

  it('names the index, the id and the problem of an invalid document', () => {
    const batch = [
      { id: 'a', position: at(1), sequence: 1, data: {} },
      { id: 'b', position: at(2), sequence: 1.5, data: {} },
    ];
    expect(() => checkDocuments(batch)).toThrow(InvalidDocumentError);
    expect(() => checkDocuments(batch)).toThrow('Invalid document at index 1 (id "b"): sequence must be a non-negative safe integer (got 1.5)');
  });

  it('sorts the filter by field so equal filters are equal', () => {
    expect(checkFindQuery({ where: { b: 1, a: 'x' }, limit: 1 }).where).toEqual([
      ['a', 'x'],
      ['b', 1],
    ]);
  });

  it('names what is wrong with a limit, including NaN', () => {
    expect(() => checkFindQuery({ limit: Number.NaN })).toThrow('Invalid limit: must be an integer from 1 to 500 (got NaN)');
    expect(() => checkFindQuery({ limit: 501 })).toThrow(InvalidDocumentArgumentError);
  });

  it('copies the spec so later changes by the caller do not reach the store', () => {
    const spec = { indexes: [['customerId']] };
    const checked = checkSpec(spec);
    spec.indexes[0]!.push('placedAt');
    expect(checked).toEqual([['customerId']]);
  });
});
