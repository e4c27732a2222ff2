import type { Context } from 'hono';

/**
 * Headers for an email's HTML shown inside a sandboxed <iframe> of our own
 * pages. The email carries inline styles (that is how email HTML works) and
 * nothing else may run or load; unlike every other page, it may be framed by
 * tidings itself. The app's secure-headers middleware keeps a CSP that a
 * handler set (overwrite: false), so this one wins for these responses.
 */
export const EMAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/**
 * Links in a previewed email open in a new tab, as they would from a mail
 * client: inside the frame they would replace the preview, or show nothing
 * where the site refuses to be framed. A <base> with only a target sets no
 * URL, so `base-uri 'none'` still holds; the frame's sandbox allows popups.
 */
export function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  const at = /<head\b[^>]*>/i.exec(html) ?? /<html\b[^>]*>/i.exec(html) ?? /<!doctype[^>]*>/i.exec(html);
  return at ? html.slice(0, at.index + at[0].length) + base + html.slice(at.index + at[0].length) : base + html;
}

export function emailFrameResponse(c: Context, html: string): Response {
  return c.body(withLinksInNewTab(html), 200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': EMAIL_FRAME_CSP,
    'x-frame-options': 'SAMEORIGIN',
    'cache-control': 'no-store',
  });
}
