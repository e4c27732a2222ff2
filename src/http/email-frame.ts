import type { Context } from 'hono';

/**
 * Headers for an email's HTML shown inside a sandboxed <iframe> of our own
 * pages. The email carries inline styles (that is how email HTML works) and
 * nothing else may run or load; unlike every other page, it may be framed by
 * tidings itself. The app's secure-headers middleware keeps a CSP that a
 * handler set (overwrite: false), so this one wins for these responses.
 */
export const EMAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

export function emailFrameResponse(c: Context, html: string): Response {
  return c.body(html, 200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': EMAIL_FRAME_CSP,
    'x-frame-options': 'SAMEORIGIN',
    'cache-control': 'no-store',
  });
}
