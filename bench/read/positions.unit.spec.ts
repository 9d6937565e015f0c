import { Position } from '../../platform/event-store/position';
import { countAfter, Track } from './positions';

const at = (tx: number, seq: number) => Position.encode(BigInt(tx), BigInt(seq));

describe('countAfter', () => {
  const log = [at(5, 1), at(5, 2), at(7, 3), at(9, 4)];

  it('counts the positions strictly after the given one', () => {
    expect(countAfter(log, Position.START)).toBe(4);
    expect(countAfter(log, at(5, 1))).toBe(3);
    expect(countAfter(log, at(6, 0))).toBe(2);
    expect(countAfter(log, at(9, 4))).toBe(0);
  });

  it('orders by transaction before sequence, as the log does', () => {
    // seq 100 of transaction 5 is still before transaction 7.
    expect(countAfter(log, at(5, 100))).toBe(2);
  });
});

describe('Track', () => {
  it('answers when a position was first reached, by a later or equal position', () => {
    const track = new Track();
    track.see(at(5, 1), 10);
    track.see(at(5, 1), 12); // the same position seen again keeps its first time
    track.see(at(9, 4), 20);
    expect(track.reached(at(5, 1))).toBe(10);
    expect(track.reached(at(7, 3))).toBe(20);
    expect(track.reached(at(9, 4))).toBe(20);
  });

  it('has no time for a position not reached yet, and ignores a value that went back', () => {
    const track = new Track();
    track.see(undefined, 1);
    track.see(at(9, 4), 5);
    track.see(at(5, 1), 6);
    expect(track.latest()).toBe(at(9, 4));
    expect(track.reached(at(10, 0))).toBeUndefined();
  });
});
