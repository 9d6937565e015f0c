import { parseToken, type Session } from './token';

export { may, parseToken, ROLES, type Role, type Session } from './token';

/**
 * The signed-in token, kept in sessionStorage (this tab only, gone when it closes), never in
 * localStorage or a cookie: the console holds operator and admin tokens.
 */
const KEY = 'commerce.console.token';

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  try {
    return parseToken(token);
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, session.token);
  else sessionStorage.removeItem(KEY);
}

