/**
 * Reading a pasted token. The payload is decoded only to show who is signed in and to hide
 * actions the role may not take; the server verifies the signature and the roles on every call
 * regardless. No DOM here, so it runs (and is tested) in Node too.
 */

export const ROLES = ['customer', 'operator', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  token: string;
  subject: string;
  role: Role;
  /** Seconds since the epoch, when the token says. */
  expiresAt: number | null;
}

function decodePart(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Reads a pasted token; a string that is not a JWT with a subject and a known role is an Error saying which. */
export function parseToken(input: string): Session {
  const token = input.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('This is not a JSON Web Token: it must have three parts separated by dots (header.payload.signature).');
  let payload: { sub?: unknown; role?: unknown; exp?: unknown };
  try {
    payload = decodePart(parts[1]!) as typeof payload;
  } catch {
    throw new Error('The token’s payload could not be read: it is not base64url-encoded JSON.');
  }
  if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('The token has no subject (sub).');
  if (!ROLES.includes(payload.role as Role)) throw new Error(`The token’s role must be one of ${ROLES.join(', ')}; it is ${JSON.stringify(payload.role ?? null)}.`);
  const expiresAt = typeof payload.exp === 'number' ? payload.exp : null;
  if (expiresAt !== null && expiresAt * 1000 <= Date.now()) throw new Error(`The token expired at ${new Date(expiresAt * 1000).toISOString()}; make a new one.`);
  return { token, subject: payload.sub, role: payload.role as Role, expiresAt };
}

export function may(session: Session, ...roles: Role[]): boolean {
  return roles.includes(session.role);
}
