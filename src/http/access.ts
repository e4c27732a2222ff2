import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import { can, type Permission } from '../permissions.ts';
import type { HttpEnv } from './context.ts';

/** Who may call a route: a permission of the role table, or `public` for routes authorised by something else (a signature, a signed link). */
export type RouteAccess = Permission | 'public';

/** A route's declared access, readable by the test that enumerates every route. */
export type AccessMiddleware = MiddlewareHandler & { readonly access: RouteAccess };

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
  const check: MiddlewareHandler<HttpEnv> = async (c, next) => {
    if (access !== 'public') {
      const user = c.get('user');
      if (!user) throw AppError.localized('unauthenticated', 'shell.signInFirst');
      if (!can(user.role, access)) throw AppError.localized('forbidden', 'shell.roleMayNot', { role: user.role, permission: access });
    }
    await next();
  };
  declared.set(check, access);
  return Object.assign(check as MiddlewareHandler, { access });
}
