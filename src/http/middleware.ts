import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { can, type Permission } from '../auth/roles.ts';
import { randomToken, safeEqual } from '../auth/secrets.ts';
import { sessionUser, userActor } from '../auth/sessions.ts';
import { authenticateToken } from '../auth/tokens.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from './context.ts';

export const SESSION_COOKIE = 'tidings_session';
export const CSRF_COOKIE = 'tidings_csrf';

export function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https' || c.get('deps').config.publicUrl.startsWith('https:');
}

/** Bearer-token authentication for /api/v1. */
export const apiAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw new AppError('unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
  const check = await authenticateToken(c.get('deps').db, m[1]!);
  if (!check.ok) throw new AppError('unauthenticated', check.reason);
  c.set('user', check.user);
  c.set('actor', userActor(check.user, 'token'));
  await next();
};

/** Session-cookie authentication for pages: anonymous visitors go to the login page. */
export const pageAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? await sessionUser(c.get('deps').db, token) : undefined;
  if (!user) {
    if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`);
    throw new AppError('unauthenticated', 'your session has ended; please sign in again');
  }
  c.set('user', user);
  c.set('actor', userActor(user));
  await next();
};

/** Refuses the request unless the signed-in user's role grants the permission. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new AppError('unauthenticated', 'sign in first');
    if (!can(user.role, permission)) {
      throw new AppError('forbidden', `the ${user.role} role may not do this (needs ${permission})`);
    }
    await next();
  };
}

/**
 * Double-submit CSRF protection for browser forms: every visitor holds a random
 * cookie that a cross-site page can neither read nor set, and every form echoes
 * it in a hidden `_csrf` field.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  let token = getCookie(c, CSRF_COOKIE);
  if (!token || token.length < 20) {
    token = randomToken(24);
    setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/' });
  }
  c.set('csrfToken', token);
  if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
    const type = c.req.header('content-type') ?? '';
    let sent: string | undefined = c.req.header('x-csrf-token');
    if (!sent && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))) {
      const body = await c.req.parseBody();
      const value = body['_csrf'];
      sent = typeof value === 'string' ? value : undefined;
    }
    if (!sent || !safeEqual(sent, token)) {
      throw new AppError('forbidden', 'this form has expired or did not come from tidings; reload the page and try again');
    }
  }
  await next();
};
