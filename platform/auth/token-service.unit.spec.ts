import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { AuthenticationError } from './principal';
import { TokenService } from './token-service';

const SECRET = 'a-secret-of-the-unit-suite-0123456789';

async function reason(verifying: Promise<unknown>): Promise<string> {
  const error = await verifying.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as AuthenticationError).reason;
}

describe('TokenService with a shared secret (HS256)', () => {
  it('verifies the tokens it issues, again and again with the one key', async () => {
    const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
    const token = await tokens.issue({ subject: 'c-1', role: 'customer' }, 60);
    for (let i = 0; i < 3; i++) await expect(tokens.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'c-1', role: 'customer' });
    const other = await tokens.issue({ subject: 'ops', role: 'operator' }, 60);
    await expect(tokens.verify(`bearer ${other}`)).resolves.toEqual({ subject: 'ops', role: 'operator' });
  });

  it('refuses a token signed with another secret, an expired one, one of another algorithm and a tampered one', async () => {
    const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
    const elsewhere = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: `${SECRET}-not` });
    expect(await reason(tokens.verify(`Bearer ${await elsewhere.issue({ subject: 'c-1', role: 'customer' })}`))).toBe('the token is not valid for this service');

    const key = new TextEncoder().encode(SECRET);
    const expired = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c-1').setIssuedAt(1_000).setExpirationTime(2_000).sign(key);
    expect(await reason(tokens.verify(`Bearer ${expired}`))).toBe('the token has expired');

    const hs512 = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS512' }).setSubject('c-1').sign(key);
    expect(await reason(tokens.verify(`Bearer ${hs512}`))).toBe('the token is not valid for this service');

    const [header, , signature] = (await tokens.issue({ subject: 'c-1', role: 'customer' })).split('.');
    const admin = Buffer.from(JSON.stringify({ role: 'admin', sub: 'c-1', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    expect(await reason(tokens.verify(`Bearer ${header}.${admin}.${signature}`))).toBe('the token is not valid for this service');
  });

  describe('remembering verified tokens', () => {
    afterEach(() => jest.useRealTimers());

    it('checks a token once and admits its further uses until it expires, then refuses it as expired', async () => {
      jest.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
      const token = await tokens.issue({ subject: 'c-1', role: 'customer' }, 30);
      for (let i = 0; i < 5; i++) await expect(tokens.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'c-1', role: 'customer' });
      expect(tokens.signatureChecks).toBe(1);
      jest.setSystemTime(new Date('2026-11-21T10:00:29.999Z'));
      await expect(tokens.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'c-1', role: 'customer' });
      jest.setSystemTime(new Date('2026-11-21T10:00:30Z'));
      expect(await reason(tokens.verify(`Bearer ${token}`))).toBe('the token has expired');
      expect(await reason(tokens.verify(`Bearer ${token}`))).toBe('the token has expired');
      expect(tokens.signatureChecks).toBe(3);
    });

    it('checks a long-lived token again after a minute, so a withdrawn key stops admitting it', async () => {
      jest.useFakeTimers({ now: new Date('2026-11-21T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
      const token = await tokens.issue({ subject: 'ops', role: 'operator' }, 3600);
      await tokens.verify(`Bearer ${token}`);
      jest.setSystemTime(new Date('2026-11-21T10:00:59Z'));
      await tokens.verify(`Bearer ${token}`);
      expect(tokens.signatureChecks).toBe(1);
      jest.setSystemTime(new Date('2026-11-21T10:01:00Z'));
      await expect(tokens.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'ops', role: 'operator' });
      expect(tokens.signatureChecks).toBe(2);
    });

    it('remembers only tokens that passed: a refused token is checked, and refused, every time', async () => {
      const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
      const elsewhere = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: `${SECRET}-not` });
      const foreign = await elsewhere.issue({ subject: 'c-1', role: 'admin' });
      for (let i = 0; i < 3; i++) expect(await reason(tokens.verify(`Bearer ${foreign}`))).toBe('the token is not valid for this service');
      expect(tokens.signatureChecks).toBe(3);
      // A valid token remembered does not vouch for a tampered copy of it.
      const token = await tokens.issue({ subject: 'c-1', role: 'customer' });
      await tokens.verify(`Bearer ${token}`);
      const [header, , signature] = token.split('.');
      const admin = Buffer.from(JSON.stringify({ role: 'admin', sub: 'c-1', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
      expect(await reason(tokens.verify(`Bearer ${header}.${admin}.${signature}`))).toBe('the token is not valid for this service');
    });

    it('hands each caller its own principal', async () => {
      const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
      const token = await tokens.issue({ subject: 'c-1', role: 'customer' });
      const first = await tokens.verify(`Bearer ${token}`);
      (first as { role: string }).role = 'admin';
      await expect(tokens.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'c-1', role: 'customer' });
    });
  });

  it('refuses a missing or malformed header and a token without a subject or a known role', async () => {
    const tokens = await TokenService.create({ dataDir: '/nonexistent', jwtSecret: SECRET });
    expect(await reason(tokens.verify(undefined))).toBe('no Authorization header');
    expect(await reason(tokens.verify('Basic abc'))).toBe('the Authorization header is not "Bearer <token>"');
    const key = new TextEncoder().encode(SECRET);
    const noSubject = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect(await reason(tokens.verify(`Bearer ${noSubject}`))).toBe('the token has no subject (sub)');
    const badRole = await new SignJWT({ role: 'root' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c-1').sign(key);
    expect(await reason(tokens.verify(`Bearer ${badRole}`))).toMatch(/^the token's role must be one of/);
  });

  it('without a configured secret, generates one in the data directory that every instance there shares', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokens-'));
    try {
      const first = await TokenService.create({ dataDir });
      const second = await TokenService.create({ dataDir });
      const token = await first.issue({ subject: 'a-1', role: 'admin' });
      await expect(second.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'a-1', role: 'admin' });
      const unrelated = await TokenService.create({ dataDir: path.join(dataDir, 'other') });
      expect(await reason(unrelated.verify(`Bearer ${token}`))).toBe('the token is not valid for this service');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
