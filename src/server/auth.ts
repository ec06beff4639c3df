/** The server's token check and the session cookie the login form sets. */
import {
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'monitor_session';

/** How long a login lasts. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** Checks credentials; with no token every request is let in. */
export interface Auth {
  readonly isOpen: boolean;
  /** True for a valid bearer token or session cookie. */
  isAuthorized(req: IncomingMessage): boolean;
  /** True when the request carries a bearer token (right or wrong). */
  hasBearer(req: IncomingMessage): boolean;
  /** A Set-Cookie value for a new session, or null for a wrong token. */
  login(given: string): string | null;
}

/** Builds the checks for one server process. */
export function createAuth(
  token: string | null,
  options: { secureCookie: boolean; now?: () => number },
): Auth {
  // Sessions are signed with a key that lives only in this process, so a
  // cookie never holds the token and dies with a restart.
  const sessionKey = randomBytes(32);
  const now = options.now ?? Date.now;

  const isSessionValid = (value: string): boolean => {
    const [expires, signature] = value.split('.');
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 <= now()) return false;
    return isTokenMatch(signature, signSession(sessionKey, expires));
  };

  return {
    isOpen: token === null,
    isAuthorized(req) {
      if (token === null) return true;
      const bearer = bearerOf(req);
      if (bearer !== null) return isTokenMatch(bearer, token);
      const session = readCookie(req, SESSION_COOKIE);
      return session !== null && isSessionValid(session);
    },
    hasBearer: (req) => bearerOf(req) !== null,
    login(given) {
      if (token !== null && !isTokenMatch(given, token)) return null;
      const expires = String(Math.floor(now() / 1000) + SESSION_TTL_SECONDS);
      const value = `${expires}.${signSession(sessionKey, expires)}`;
      return sessionCookie(value, options.secureCookie);
    },
  };
}

/**
 * Compares a presented token with the configured one in constant time:
 * both are hashed first, so the comparison never depends on their lengths.
 */
export function isTokenMatch(given: string, token: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(token, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** One cookie's value from the Cookie header, or null. */
export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (header === undefined) return null;

  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function signSession(key: Buffer, expires: string): string {
  return createHmac('sha256', key)
    .update(`session:${expires}`)
    .digest('base64url');
}

function sessionCookie(value: string, isSecure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${SESSION_TTL_SECONDS}`,
  ];
  if (isSecure) parts.push('Secure');
  return parts.join('; ');
}
