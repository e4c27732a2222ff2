import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import { AppError } from '../errors.ts';
import { can, type Permission } from '../permissions.ts';
import { sessionUser, userActor } from './sessions.ts';
import { authenticateToken } from './tokens.ts';

export const SESSION_COOKIE = 'tidings_session';

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

/** Who may call a route: a permission of the role table, or `public` for routes authorised by something else (a signature, a signed link). */
export type RouteAccess = Permission | 'public';

/** A route's declared access, readable by the test that enumerates every route. */
export type AccessMiddleware = MiddlewareHandler<AppEnv> & { readonly access: RouteAccess };

const declared = new WeakMap<object, RouteAccess>();

/** The access a handler declares, if it is an `allow` middleware. */
export function declaredAccess(handler: unknown): RouteAccess | undefined {
  return typeof handler === 'function' ? declared.get(handler) : undefined;
}

/**
 * The one way a route says who may call it: placed first in the route's own
 * definition (`createRoute({ middleware: [allow('updates:write')] })` for the
 * API, `pages.post(path, allow('updates:write'), handler)` for pages).
 */
export function allow(access: RouteAccess): AccessMiddleware {
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (access !== 'public') {
      const user = c.get('user');
      if (!user) throw new AppError('unauthenticated', 'sign in first');
      if (!can(user.role, access)) throw new AppError('forbidden', `the ${user.role} role may not do this (needs ${access})`);
    }
    await next();
  };
  declared.set(check, access);
  return Object.assign(check, { access });
}
