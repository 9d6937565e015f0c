import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import { trimOldest } from '../lru';
import { AuthenticationError, isRole, ROLES, type Principal, type Role } from './principal';

export interface AuthConfig {
  dataDir: string;
  /** HS256 shared secret; when unset, one is generated on first start and kept in the data directory. */
  jwtSecret?: string;
  /** Production: verify RS256/ES256 tokens against this JWKS instead of a shared secret. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const SECRET_FILE = 'jwt-secret';

/** Tokens remembered as verified: a client sends the same token with every request until it expires. */
const REMEMBERED_TOKENS = 10_000;
/**
 * How long a verification is trusted without checking the signature again. Bounded so that a key
 * withdrawn from the JWKS (a rotation, a leak) stops admitting its tokens within this time even
 * when they have not expired.
 */
const REVERIFY_AFTER_MS = 60_000;

interface Verified {
  principal: Principal;
  /** When the signature and claims are checked again: at the latest when the token expires. */
  recheckAt: number;
}

/** Reads the development secret, creating it (random, 0600) the first time. */
export async function loadOrCreateSecret(dataDir: string): Promise<Uint8Array> {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    await fs.writeFile(file, secret.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir);
    throw error;
  }
}

/** The token service every HTTP API of a process uses, from the platform's configuration. */
export function tokenServiceFor(config: Pick<Config, 'dataDir' | 'jwtSecret' | 'jwtJwksUrl' | 'jwtIssuer' | 'jwtAudience'>): Promise<TokenService> {
  return TokenService.create({ dataDir: config.dataDir, jwtSecret: config.jwtSecret, jwksUrl: config.jwtJwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience });
}

/** Verifies bearer tokens and, on the embedded default, issues development tokens. */
export class TokenService {
  /** Verified tokens, oldest use first; only tokens that passed every check get in. */
  private readonly verified = new Map<string, Verified>();
  private verifications = 0;

  private constructor(
    private readonly key: KeyObject | JWTVerifyGetKey,
    private readonly config: AuthConfig,
  ) {}

  static async create(config: AuthConfig): Promise<TokenService> {
    if (config.jwksUrl) return new TokenService(createRemoteJWKSet(new URL(config.jwksUrl)), config);
    const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : await loadOrCreateSecret(config.dataDir);
    // One key object for the service's life: given the raw bytes, jose builds one on every verify.
    return new TokenService(createSecretKey(secret), config);
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw new AuthenticationError('no Authorization header');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AuthenticationError('the Authorization header is not "Bearer <token>"');
    const token = match[1]!;
    const remembered = this.verified.get(token);
    if (remembered) {
      this.verified.delete(token);
      // Never past the token's exp (no clock tolerance, as jose checks it): then it is checked again and refused.
      if (Date.now() < remembered.recheckAt) {
        this.verified.set(token, remembered);
        return { ...remembered.principal };
      }
    }
    const verified = await this.verifyToken(token);
    this.verified.set(token, verified);
    trimOldest(this.verified, REMEMBERED_TOKENS);
    return { ...verified.principal };
  }

  /** How many tokens had their signature and claims checked (a remembered token's uses do not count); for tests and diagnostics. */
  get signatureChecks(): number {
    return this.verifications;
  }

  private async verifyToken(token: string): Promise<Verified> {
    this.verifications++;
    let payload: Record<string, unknown>;
    try {
      const options = { issuer: this.config.issuer, audience: this.config.audience, algorithms: this.config.jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'] };
      const verified = typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      payload = verified.payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthenticationError('the token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) throw new AuthenticationError(`the token's ${error.claim} claim is not accepted`);
      throw new AuthenticationError('the token is not valid for this service');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new AuthenticationError('the token has no subject (sub)');
    if (!isRole(payload.role)) throw new AuthenticationError(`the token's role must be one of ${ROLES.join(', ')}`);
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity;
    return { principal: { subject: payload.sub, role: payload.role }, recheckAt: Math.min(expiresAt, Date.now() + REVERIFY_AFTER_MS) };
  }

  /** A development token signed with the local secret (not available with a JWKS). */
  async issue(principal: { subject: string; role: Role }, ttlSeconds = 12 * 3600): Promise<string> {
    if (typeof this.key === 'function') throw new Error('Tokens are issued by your identity provider when JWT_JWKS_URL is set');
    let jwt = new SignJWT({ role: principal.role }).setProtectedHeader({ alg: 'HS256' }).setSubject(principal.subject).setIssuedAt().setExpirationTime(`${ttlSeconds}s`);
    if (this.config.issuer) jwt = jwt.setIssuer(this.config.issuer);
    if (this.config.audience) jwt = jwt.setAudience(this.config.audience);
    return jwt.sign(this.key);
  }
}
