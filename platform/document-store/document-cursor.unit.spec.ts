import { InvalidCursorError } from '../read-models/invalid-cursor.error';
import { decodeCursor, encodeCursor } from './document-cursor';
import { checkFindQuery } from './document-validation';

const byPlacedAt = checkFindQuery({ where: { customerId: 'c-1', status: 'paid' }, orderBy: { field: 'placedAt', direction: 'desc' }, limit: 20 });

describe('document cursor', () => {
  it('gives back the point it was made from, with and without a sort value', () => {
    const withKey = encodeCursor('orders_g1', byPlacedAt, { id: 'o-1', key: '"2026-03-01T10:00:00.000Z"' });
    expect(decodeCursor('orders_g1', byPlacedAt, withKey)).toEqual({ id: 'o-1', key: '"2026-03-01T10:00:00.000Z"' });
    const missing = encodeCursor('orders_g1', byPlacedAt, { id: 'o-2' });
    expect(decodeCursor('orders_g1', byPlacedAt, missing)).toEqual({ id: 'o-2' });
  });

  it('is URL-safe as it stands', () => {
    const cursor = encodeCursor('orders_g1', byPlacedAt, { id: 'o/1+?&=', key: '12345678901234567890.5' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('belongs to the same query whatever the order of the filter fields or the page size', () => {
    const cursor = encodeCursor('orders_g1', byPlacedAt, { id: 'o-1', key: '5' });
    const same = checkFindQuery({ where: { status: 'paid', customerId: 'c-1' }, orderBy: { field: 'placedAt', direction: 'desc' }, limit: 3 });
    expect(decodeCursor('orders_g1', same, cursor)).toEqual({ id: 'o-1', key: '5' });
  });

  it.each([
    ['another target', 'orders_g2', byPlacedAt],
    ['a filter value of another type', 'orders_g1', checkFindQuery({ where: { customerId: 'c-1', status: 1 }, orderBy: { field: 'placedAt', direction: 'desc' }, limit: 20 })],
    ['another sort field', 'orders_g1', checkFindQuery({ where: { customerId: 'c-1', status: 'paid' }, orderBy: { field: 'total', direction: 'desc' }, limit: 20 })],
    ['no sort field', 'orders_g1', checkFindQuery({ where: { customerId: 'c-1', status: 'paid' }, limit: 20 })],
  ] as const)('is refused by %s', (_name, target, query) => {
    const cursor = encodeCursor('orders_g1', byPlacedAt, { id: 'o-1', key: '5' });
    expect(() => decodeCursor(target, query, cursor)).toThrow(InvalidCursorError);
  });

  it('is refused once any character of it is changed', () => {
    const cursor = encodeCursor('orders_g1', byPlacedAt, { id: 'o-1', key: '"x"' });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < cursor.length; i++) {
      if (cursor[i] === '.') continue;
      const other = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length];
      const edited = cursor.slice(0, i) + other + cursor.slice(i + 1);
      expect(() => decodeCursor('orders_g1', byPlacedAt, edited)).toThrow(InvalidCursorError);
    }
  });
});
