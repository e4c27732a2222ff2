import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ChoicePage, DonePage, RefusedPage, type UnsubscribeView } from './page.tsx';
import { checkUnsubscribeToken, unsubscribe, type TokenCheck, type UnsubscribeTarget } from './service.ts';
import { localeFromAcceptLanguage } from './text.ts';

// Customer pages: never cached, never framed, never indexed.
function noStore(c: Context<AppEnv>): void {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex, nofollow');
}

function refused(c: Context<AppEnv>, check: Extract<TokenCheck, { ok: false }>) {
  noStore(c);
  c.status(check.status);
  return c.html(<RefusedPage locale={check.locale ?? localeFromAcceptLanguage(c.req.header('accept-language'))} kind={check.kind} />);
}

function view(c: Context<AppEnv>, token: string, target: UnsubscribeTarget): UnsubscribeView {
  return {
    locale: target.locale,
    organisation: target.organisation,
    situationTitle: target.situationTitle,
    action: `/unsubscribe/${encodeURIComponent(token)}`,
    state: target.unsubscribedAll ? 'all' : target.unsubscribedSituation ? 'situation' : 'subscribed',
  };
}

/**
 * Customer unsubscribe links: no session and no CSRF token; the signed token in
 * the URL is the authority (it names one delivery, hence one customer and one
 * situation).
 *
 * - `GET /unsubscribe/:token` shows the choice and changes nothing, so link
 *   scanners that follow every URL unsubscribe nobody.
 * - `POST /unsubscribe/:token` is RFC 8058 one-click: the mail client posts
 *   `List-Unsubscribe=One-Click` (urlencoded or multipart) and the customer
 *   stops hearing about this situation. The page's second button adds
 *   `scope=all`: no more updates at all. Any POST to a valid link counts as the
 *   one-click request, whatever else its body holds.
 */
export function unsubscribeRoutes(app: Hono<AppEnv>): void {
  app.get('/unsubscribe/:token', async (c) => {
    const { db, config } = c.get('deps');
    const token = c.req.param('token');
    const check = await checkUnsubscribeToken(db, config.secret, token);
    if (!check.ok) return refused(c, check);
    noStore(c);
    return c.html(<ChoicePage v={view(c, token, check.target)} />);
  });

  app.post('/unsubscribe/:token', async (c) => {
    const { db, config, log } = c.get('deps');
    const token = c.req.param('token');
    const check = await checkUnsubscribeToken(db, config.secret, token);
    if (!check.ok) {
      log.info({ reason: check.reason }, 'unsubscribe refused');
      return refused(c, check);
    }
    // An unreadable body still carries the one thing the link can mean.
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const scope = body['scope'] === 'all' ? 'all' : 'situation';
    const source = scope === 'all' || body['source'] === 'page' ? 'page' : 'one-click';
    const result = await unsubscribe(db, check.target, { scope, source });
    const target: UnsubscribeTarget = {
      ...check.target,
      unsubscribedSituation: true,
      unsubscribedAll: check.target.unsubscribedAll || scope === 'all',
    };
    log.info({ deliveryId: target.deliveryId, scope, source, ...result }, 'unsubscribed');
    noStore(c);
    return c.html(<DonePage v={view(c, token, target)} thanks={true} />);
  });
}
