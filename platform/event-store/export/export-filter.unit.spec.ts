import type { RecordedEvent } from '../event-store.port';
import { Position } from '../position';
import { buildFilter, ExportArgumentError, isPastEnd, matches, parseBound, predecessor, readAfter } from './export-filter';

const P = (n: number) => Position.encode(100n, BigInt(n));

const event = (n: number, recordedAt: string, type = 'OrderPlaced', streamId = 'order-1'): RecordedEvent =>
  ({ type, streamId, position: P(n), metadata: { recordedAt } }) as unknown as RecordedEvent;

describe('export bounds', () => {
  it('reads a 32-hex token as a position and an ISO date or zoned date-time as an instant', () => {
    expect(parseBound('--from', P(5))).toEqual({ kind: 'position', position: P(5) });
    expect(parseBound('--from', '2026-03-01')).toMatchObject({ kind: 'time', at: new Date('2026-03-01T00:00:00Z') });
    expect(parseBound('--to', '2026-03-01T12:30:00+02:00')).toMatchObject({ kind: 'time', at: new Date('2026-03-01T10:30:00Z') });
    expect(parseBound('--to', '2026-03-01T10:00:00.123Z')).toMatchObject({ kind: 'time', at: new Date('2026-03-01T10:00:00.123Z') });
  });

  it.each([
    ['yesterday'],
    ['2026-03-01T10:00:00'], // no zone: would depend on the machine's time zone
    ['2026-02-30'],
    ['0000000000000A2B0000000000000003'], // positions are lowercase
    ['12345'],
  ])('refuses %j, naming the flag and both accepted forms', (value) => {
    expect(() => parseBound('--from', value)).toThrow(ExportArgumentError);
    expect(() => parseBound('--from', value)).toThrow(new RegExp(`^--from "${value}" is neither an instant nor a position: .*2026-03-01T10:00:00Z.*32-character position`));
  });

  it('refuses a range whose --from is not before its --to', () => {
    expect(() => buildFilter({ from: '2026-03-02', to: '2026-03-01' })).toThrow(/--from must come before --to .*got --from 2026-03-02T00:00:00.000Z and --to 2026-03-01T00:00:00.000Z/);
    expect(() => buildFilter({ from: P(5), to: P(5) })).toThrow(/--from must come before --to/);
    expect(() => buildFilter({ from: P(5), to: '2020-01-01' })).not.toThrow(); // different clocks: nothing to compare
  });

  it('refuses an unknown event type with a did-you-mean, and an empty list or stream prefix', () => {
    expect(() => buildFilter({ type: 'OrderPlaced,OrderCanceled' })).toThrow(/--type: Unknown event type "OrderCanceled"\. Did you mean OrderCancelled\?/);
    expect(() => buildFilter({ type: ' , ' })).toThrow(/--type " , " names no event type/);
    expect(() => buildFilter({ stream: '' })).toThrow(/--stream "" must be a non-empty stream id prefix/);
    expect(buildFilter({ type: 'OrderPlaced, OrderCancelled' }).types).toEqual(new Set(['OrderPlaced', 'OrderCancelled']));
  });
});

describe('export filter', () => {
  it('keeps events from the --from position inclusive up to the --to position exclusive', () => {
    const filter = buildFilter({ from: P(3), to: P(6) });
    expect([2, 3, 4, 5, 6].map((n) => matches(filter, event(n, '2026-03-01T00:00:00Z')))).toEqual([false, true, true, true, false]);
    expect(isPastEnd(filter, event(5, '2026-03-01T00:00:00Z'))).toBe(false);
    expect(isPastEnd(filter, event(6, '2026-03-01T00:00:00Z'))).toBe(true);
  });

  it('starts reading just before an inclusive --from position, or at the start', () => {
    expect(readAfter(buildFilter({ from: P(3) }))).toBe(P(2));
    expect(readAfter(buildFilter({}))).toBe(Position.START);
    expect(predecessor(Position.encode(7n, 0n))).toBe(Position.encode(6n, (1n << 64n) - 1n));
    expect(predecessor(Position.START)).toBe(Position.START);
  });

  it('keeps events recorded from the --from instant inclusive to the --to instant exclusive, and never stops early on time', () => {
    const filter = buildFilter({ from: '2026-03-01T10:00:00Z', to: '2026-03-01T11:00:00Z' });
    const at = ['2026-03-01T09:59:59.999Z', '2026-03-01T10:00:00.000Z', '2026-03-01T10:59:59.999Z', '2026-03-01T11:00:00.000Z'];
    expect(at.map((t, i) => matches(filter, event(i, t)))).toEqual([false, true, true, false]);
    expect(isPastEnd(filter, event(9, '2026-03-02T00:00:00Z'))).toBe(false);
  });

  it('keeps only the listed types and the streams starting with the prefix', () => {
    const filter = buildFilter({ type: 'OrderPlaced,OrderCancelled', stream: 'order-' });
    expect(matches(filter, event(1, '2026-03-01T00:00:00Z', 'OrderPlaced', 'order-7'))).toBe(true);
    expect(matches(filter, event(2, '2026-03-01T00:00:00Z', 'OrderConfirmed', 'order-7'))).toBe(false);
    expect(matches(filter, event(3, '2026-03-01T00:00:00Z', 'OrderPlaced', 'fulfilment-order-7'))).toBe(false);
  });
});
