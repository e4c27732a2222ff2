import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { inLocale } from '../../i18n/current.ts';
import { localeFromAcceptLanguage } from '../../i18n/locales.ts';
import { askQuestion } from './questions.ts';
import { StatusPage, StatusRefusedPage } from './status-page.tsx';
import { openStatusLink, type PortalRefusal, type StatusLink } from './status.ts';

/** A refused link or post, in the customer's language once the link is known to be theirs, else the browser's. */
function refusedPage(c: Context<AppEnv>, err: AppError) {
  const refusal = err.details as PortalRefusal;
  if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
  return inLocale(refusal.locale ?? localeFromAcceptLanguage(c.req.header('accept-language')), () => c.html(<StatusRefusedPage text={refusal.text} />));
}

/**
 * The customer's personal status page, reached by the signed link in every
 * email; no login. Once the link names the customer, every page is in their
 * contact locale, never the browser's.
 */
export function portalRoutes(app: Hono<AppEnv>): void {
  app.get('/c/:token', allow('public'), async (c) => {
    const token = c.req.param('token');
    c.header('cache-control', 'no-store');
    try {
      const { page } = await openStatusLink(c.get('deps').db, c.get('deps').config.secret, token);
      c.header('x-robots-tag', 'noindex');
      return inLocale(page.locale, () => c.html(<StatusPage p={page} ask={{ action: `/c/${token}/messages`, sent: c.req.query('asked') === '1' }} />));
    } catch (err) {
      return showRefusal(c, err, ['forbidden'], (e) => refusedPage(c, e));
    }
  });

  app.post('/c/:token/messages', allow('public'), async (c) => {
    const { db, config } = c.get('deps');
    const token = c.req.param('token');
    c.header('cache-control', 'no-store');
    const form = await c.req.parseBody();
    let link: StatusLink | undefined;
    try {
      link = await openStatusLink(db, config.secret, token);
      await askQuestion(db, link, {
        origin: c.req.header('origin'),
        referer: c.req.header('referer'),
        allowedOrigins: [config.publicUrl, new URL(c.req.url).origin],
        text: form['text'],
        website: form['website'],
      });
    } catch (err) {
      return showRefusal(c, err, ['forbidden', 'rate_limited', 'validation_failed'], (e) => {
        const refusal = e.details as PortalRefusal;
        if (e.code !== 'validation_failed' || !link) return refusedPage(c, e);
        // The form again with its problem and what the customer wrote.
        const text = typeof form['text'] === 'string' ? form['text'].replace(/\0/g, '') : '';
        const page = link.page;
        return inLocale(page.locale, () => c.html(<StatusPage p={page} ask={{ action: `/c/${token}/messages`, problem: refusal.text as 'askEmpty' | 'askTooLong', text }} />));
      });
    }
    // A bot that filled the honeypot is sent to the same confirmation: it learns nothing.
    return c.redirect(`/c/${token}?asked=1#ask`, 303);
  });
}
