import { count, duration, shortPosition } from './app/format';
import { parseToken } from './app/token';

/** The console's pure helpers (app/), run in Node: token reading and the display formats. */
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: object) => `${part({ alg: 'HS256' })}.${part(payload)}.c2ln`;
const inAnHour = Math.floor(Date.now() / 1000) + 3600;

describe('console: reading a pasted token', () => {
  it('reads subject, role and expiry, with or without a Bearer prefix and surrounding space', () => {
    const token = jwt({ sub: 'ops-1', role: 'operator', exp: inAnHour });
    expect(parseToken(`  Bearer ${token}\n`)).toEqual({ token, subject: 'ops-1', role: 'operator', expiresAt: inAnHour });
    expect(parseToken(jwt({ sub: 'a', role: 'admin' })).expiresAt).toBeNull();
  });

  it.each([
    ['not a JWT', 'abc', /three parts/],
    ['an unreadable payload', 'a.%%%.c', /not base64url-encoded JSON/],
    ['no subject', jwt({ role: 'admin', exp: inAnHour }), /no subject/],
    ['an unknown role', jwt({ sub: 'x', role: 'root', exp: inAnHour }), /role must be one of customer, operator, analyst, auditor, admin; it is "root"/],
    ['an expired token', jwt({ sub: 'x', role: 'admin', exp: 1_000_000 }), /expired at 1970-01-12T13:46:40\.000Z/],
  ])('refuses %s, saying what is wrong', (_what, input, message) => {
    expect(() => parseToken(input)).toThrow(message);
  });
});

describe('console: display formats', () => {
  it('shows a position as its two numbers, the start as "start", anything else as given', () => {
    expect(shortPosition('0000000000002af8000000000000000c')).toBe('11000:12');
    expect(shortPosition('0'.repeat(32))).toBe('start');
    expect(shortPosition(null)).toBe('–');
    expect(shortPosition('xyz')).toBe('xyz');
  });

  it('shows durations in the unit a person reads best', () => {
    expect([0.25, 4.2, 42, 600, 7200, null, Infinity].map(duration)).toEqual(['250 ms', '4.2 s', '42 s', '10 min', '2.0 h', '–', '–']);
    expect(count(1234567)).toBe('1,234,567');
  });
});
