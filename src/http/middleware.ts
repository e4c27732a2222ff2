import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors.ts';
import { randomToken, safeEqual } from '../secrets.ts';
import type { HttpEnv } from './context.ts';

export const CSRF_COOKIE = 'tidings_csrf';

export function isHttps(c: Context): boolean {
  const deps = (c as unknown as Context<HttpEnv>).get('deps');
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https' || deps.config.publicUrl.startsWith('https:');
}

/**
 * Double-submit CSRF protection for browser forms: every visitor holds a random
 * cookie that a cross-site page can neither read nor set, and every form echoes
 * it in a hidden `_csrf` field.
 */
export const csrf: MiddlewareHandler<HttpEnv> = async (c, next) => {
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
