import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor } from '../actor.ts';
import type { User } from '../db/types.ts';
import { AppError } from '../errors.ts';

export const SESSION_COOKIE = 'tidings_session';

/** Who a credential belongs to; the web app answers it with the auth domain. */
export type Identify = (credential: string) => Promise<{ user: User; actor: Actor } | { refused: string } | undefined>;

type AuthEnv = { Variables: { user: User; actor: Actor } };

/** Bearer-token authentication for /api/v1. */
export function bearerAuth(identify: Identify): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw new AppError('unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
    const who = await identify(m[1]!);
    if (!who || 'refused' in who) throw new AppError('unauthenticated', who?.refused ?? 'unknown token');
    c.set('user', who.user);
    c.set('actor', who.actor);
    await next();
  };
}

/** Session-cookie authentication for pages: anonymous visitors go to the login page. */
export function sessionAuth(identify: Identify): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const who = token ? await identify(token) : undefined;
    if (!who || 'refused' in who) {
      if (c.req.method === 'GET') return c.redirect(`/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`);
      throw AppError.localized('unauthenticated', 'shell.sessionEnded');
    }
    c.set('user', who.user);
    c.set('actor', who.actor);
    await next();
  };
}
