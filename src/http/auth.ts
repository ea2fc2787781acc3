import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { Forbidden, Unauthorized } from '../errors.ts';
import { resolveApiToken } from '../services/api-tokens.ts';
import { resolveSession } from '../services/sessions.ts';
import type { User } from '../services/users.ts';

export const SESSION_COOKIE = 'baton_session';
export const CSRF_COOKIE = 'baton_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The caller, from `Authorization: Bearer` (scripts) or the session cookie (browser).
 * Cookie-authenticated mutations must echo the session's CSRF token in `X-CSRF-Token`.
 */
export async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<User> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match ? await resolveApiToken(ctx.db.kysely, match[1]) : null;
    if (!user) throw new Unauthorized('The API token is missing, malformed, revoked or expired; create a new one under Profile → API tokens');
    return user;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await resolveSession(ctx.db.kysely, cookie) : null;
  if (!session) throw new Unauthorized(cookie ? 'Your session has expired; sign in again' : 'Sign in or send an API token');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = Buffer.from(String(request.headers['x-csrf-token'] ?? ''));
    const expected = Buffer.from(session.csrfToken);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new Forbidden('Missing or wrong X-CSRF-Token header for a cookie-authenticated change');
    }
  }
  return session.user;
}

export function setSessionCookies(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string): void {
  const secure = request.protocol === 'https' || ctx.config.publicUrl.startsWith('https://');
  const common = { path: '/', sameSite: 'lax' as const, secure, maxAge: 30 * 24 * 3600 };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  // Readable by the web app, which echoes it in X-CSRF-Token; useless to another origin.
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
