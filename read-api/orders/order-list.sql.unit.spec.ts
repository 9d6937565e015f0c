import { InvalidCursorError } from '../../platform/read-models/invalid-cursor.error';
import { encodeKeyset } from '../http/keyset-cursor';
import { nextOrderCursor, orderListSql, type OrderListRow } from './order-list.sql';

const row = (id: string, placedKey: string) => ({ order_id: id, placed_key: placedKey }) as OrderListRow;
const ID = '6d1e3f0a-2b4c-4d5e-8f90-a1b2c3d4e5f6';

describe('The order list query', () => {
  it('has a condition only for each filter given, every value a parameter, and fetches one row past the page', () => {
    expect(orderListSql({}, undefined, 20)).toEqual({ text: expect.not.stringContaining('where'), values: [21] });
    const { text, values } = orderListSql({ customerId: ID, status: 'Pending', from: '2026-01-01T00:00:00Z' }, undefined, 5);
    expect(text).toContain('where customer_id = $1::uuid and status = $2::text and placed_at >= $3::timestamptz');
    expect(values).toEqual([ID, 'Pending', '2026-01-01T00:00:00Z', 6]);
  });

  it('continues strictly after the last row of the previous page, only when there is more', () => {
    const filter = { status: 'Confirmed' as const };
    expect(nextOrderCursor(filter, [row(ID, '2026-04-02T08:00:00.000000Z')], 1)).toBeNull();
    const next = nextOrderCursor(filter, [row(ID, '2026-04-02T08:00:00.000000Z'), row('x', 'y')], 1)!;
    const { text, values } = orderListSql(filter, next, 1);
    expect(text).toContain('(placed_at, order_id) < ($2::timestamptz, $3::uuid)');
    expect(values).toEqual(['Confirmed', '2026-04-02T08:00:00.000000Z', ID, 2]);
  });

  it('refuses a cursor of another filter, and one whose values could not be a row key', () => {
    const next = nextOrderCursor({ status: 'Confirmed' }, [row(ID, '2026-04-02T08:00:00.000000Z'), row('x', 'y')], 1)!;
    expect(() => orderListSql({ status: 'Pending' }, next, 1)).toThrow(InvalidCursorError);
    // A hand-made cursor with a valid checksum but a value that would break the SQL cast.
    const forged = encodeKeyset(['orders', null, null, null, null], ["2026-04-02'; drop table x", ID]);
    expect(() => orderListSql({}, forged, 1)).toThrow(InvalidCursorError);
  });
});
