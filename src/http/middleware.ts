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
 * The address of the client a request came from, or undefined when unknown.
 * X-Forwarded-For is anyone's to write, so it counts only when
 * TIDINGS_TRUST_PROXY says how many proxies stand in front of tidings: each
 * appends the address it saw, so the client is the one the outermost trusted
 * proxy wrote, `hops` entries from the right. Otherwise the socket's peer.
 */
export function clientAddress(c: Context, trustProxyHops: number): string | undefined {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  if (trustProxyHops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const forwarded = chain[chain.length - trustProxyHops] ?? chain[0];
    if (forwarded && /^[0-9a-f.:]{2,45}$/i.test(forwarded)) return forwarded;
  }
  return socket;
}

/** A fresh CSRF token, at sign-in: a token planted or seen before it no longer works with the session. */
export function rotateCsrfToken(c: Context): void {
  const token = randomToken(24);
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/' });
  (c as unknown as Context<HttpEnv>).set('csrfToken', token);
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
      throw AppError.localized('forbidden', 'shell.formExpired');
    }
  }
  await next();
};
