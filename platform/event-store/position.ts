/**
 * A global position is an opaque, totally ordered token. Both engines order events by a pair of
 * unsigned 64-bit numbers (Postgres: committing transaction id, sequence; KurrentDB: commit,
 * prepare), so the token is those two numbers as fixed-width lowercase hex. Fixed width makes the
 * plain string order equal the event order, so callers can compare and persist tokens without
 * knowing which engine produced them.
 */
export type Position = string & { readonly __brand: 'Position' };

const WIDTH = 16;
const TOKEN = /^[0-9a-f]{32}$/;
const MAX = (1n << 64n) - 1n;

export class InvalidPositionError extends Error {
  readonly code = 'INVALID_POSITION';
  constructor(readonly value: unknown) {
    super(
      `Invalid position ${JSON.stringify(value)}: expected the 32-character token returned by an append or a read (e.g. the X-Event-Position header)`,
    );
    this.name = 'InvalidPositionError';
  }
}

export const Position = {
  /** Before the first event: reading or subscribing from here starts at the beginning. */
  START: '0'.repeat(32) as Position,

  encode(high: bigint, low: bigint): Position {
    if (high < 0n || low < 0n || high > MAX || low > MAX) throw new InvalidPositionError(`${high}/${low}`);
    return (high.toString(16).padStart(WIDTH, '0') + low.toString(16).padStart(WIDTH, '0')) as Position;
  },

  decode(token: Position): { high: bigint; low: bigint } {
    return { high: BigInt('0x' + token.slice(0, WIDTH)), low: BigInt('0x' + token.slice(WIDTH)) };
  },

  isPosition(value: unknown): value is Position {
    return typeof value === 'string' && TOKEN.test(value);
  },

  /** Validates a token that came from outside (HTTP header, CLI flag, stored checkpoint). */
  parse(value: unknown): Position {
    if (!Position.isPosition(value)) throw new InvalidPositionError(value);
    return value;
  },

  compare(a: Position, b: Position): -1 | 0 | 1 {
    return a < b ? -1 : a > b ? 1 : 0;
  },

  max(a: Position, b: Position): Position {
    return a >= b ? a : b;
  },
};
