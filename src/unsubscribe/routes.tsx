import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { ChoicePage, DonePage, RefusedPage, type UnsubscribeView } from './page.tsx';
import { openUnsubscribeLink, unsubscribeByLink, type UnsubscribeRefusal, type UnsubscribeTarget } from './service.ts';
import { inLocale } from '../../i18n/current.ts';
import { localeFromAcceptLanguage } from '../../i18n/locales.ts';

/** The refusals a broken link gets, each with its own status from the one code list. */
const LINK_REFUSALS = ['validation_failed', 'forbidden', 'not_found'] as const;

// Customer pages: never cached, never framed, never indexed.
function noStore(c: Context<AppEnv>): void {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex, nofollow');
}

function refusedPage(c: Context<AppEnv>, err: AppError) {
  const refusal = err.details as UnsubscribeRefusal;
  return inLocale(refusal.locale ?? localeFromAcceptLanguage(c.req.header('accept-language')), () => c.html(<RefusedPage kind={refusal.kind} />));
}

function view(token: string, target: UnsubscribeTarget): UnsubscribeView {
  return {
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
 * Pages are in the customer's contact locale; a link that names no one is
 * answered in the browser's language.
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
  app.get('/unsubscribe/:token', allow('public'), async (c) => {
    const { db, config } = c.get('deps');
    const token = c.req.param('token');
    noStore(c);
    try {
      const target = await openUnsubscribeLink(db, config.secret, token);
      return inLocale(target.locale, () => c.html(<ChoicePage v={view(token, target)} />));
    } catch (err) {
      return showRefusal(c, err, LINK_REFUSALS, (e) => refusedPage(c, e));
    }
  });

  app.post('/unsubscribe/:token', allow('public'), async (c) => {
    const { db, config, log } = c.get('deps');
    const token = c.req.param('token');
    noStore(c);
    let target: UnsubscribeTarget;
    try {
      target = await openUnsubscribeLink(db, config.secret, token);
    } catch (err) {
      return showRefusal(c, err, LINK_REFUSALS, (e) => {
        log.info({ reason: (e.details as UnsubscribeRefusal).reason }, 'unsubscribe refused');
        return refusedPage(c, e);
      });
    }
    // An unreadable body still carries the one thing the link can mean.
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const done = await unsubscribeByLink(db, target, body);
    log.info({ deliveryId: done.target.deliveryId, ...done.choice, ...done.changed }, 'unsubscribed');
    return inLocale(done.target.locale, () => c.html(<DonePage v={view(token, done.target)} thanks={true} />));
  });
}
