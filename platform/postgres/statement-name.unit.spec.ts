import { SMALL_BATCH, sizedStatement, statementName } from './statement-name';

describe('statement names', () => {
  it('give one name per SQL text, within Postgres’ 63-byte limit', () => {
    const text = `select * from read_models."${'x'.repeat(200)}" where id = any($1)`;
    expect(statementName('read', text)).toBe(statementName('read', text));
    expect(statementName('read', text)).not.toBe(statementName('read', text + ' '));
    expect(Buffer.byteLength(statementName('sales_orders_put', text))).toBeLessThanOrEqual(63);
  });

  it('sizedStatement prepares a live batch’s statement once per connection and plans a rebuild page for its size', () => {
    const text = 'select $1::int[]';
    expect(sizedStatement('t', 1, text, [[1]])).toEqual({ name: statementName('t', text), text, values: [[1]] });
    expect(sizedStatement('t', SMALL_BATCH, text, [[1]]).name).toBe(statementName('t', text));
    expect(sizedStatement('t', SMALL_BATCH + 1, text, [[1]])).toEqual({ text, values: [[1]] });
  });
});
