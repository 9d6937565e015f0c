import { InvalidPositionError, Position } from './position';

describe('Position', () => {
  it('orders tokens as the (high, low) pairs they encode, by plain string comparison', () => {
    const pairs: [bigint, bigint][] = [[0n, 0n], [0n, 1n], [0n, 15n], [0n, 16n], [1n, 0n], [255n, 3n], [256n, 0n], [2n ** 63n, 0n], [2n ** 64n - 1n, 2n ** 64n - 1n]];
    const tokens = pairs.map(([h, l]) => Position.encode(h, l));
    expect([...tokens].sort()).toEqual(tokens);
    tokens.forEach((t, i) => expect(Position.decode(t)).toEqual({ high: pairs[i]![0], low: pairs[i]![1] }));
    expect(Position.compare(tokens[1]!, tokens[2]!)).toBe(-1);
    expect(Position.compare(tokens[2]!, tokens[2]!)).toBe(0);
    expect(Position.max(tokens[4]!, tokens[3]!)).toBe(tokens[4]);
  });

  it('starts before every event', () => {
    expect(Position.START < Position.encode(0n, 1n)).toBe(true);
  });

  it.each(['', 'abc', 'G'.repeat(32), '0'.repeat(31), 42, null, '0'.repeat(32).toUpperCase() + 'A'])('rejects %p from outside with a hint', (bad) => {
    expect(() => Position.parse(bad)).toThrow(InvalidPositionError);
    expect(() => Position.parse(bad)).toThrow(/X-Event-Position/);
  });

  it('refuses numbers that do not fit 64 bits', () => {
    expect(() => Position.encode(-1n, 0n)).toThrow(InvalidPositionError);
    expect(() => Position.encode(2n ** 64n, 0n)).toThrow(InvalidPositionError);
  });
});
