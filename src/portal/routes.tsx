import type { Context, Hono } from 'hono';
import { verifyLink } from '../auth/links.ts';
import type { Locale } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { AppEnv } from '../app-env.ts';
import type { ReleaseSnapshot } from '../db/types.ts';
import { formatPromiseDate } from '../../emails/i18n/dates.ts';
import { markdownToText } from '../../emails/markdown.ts';
import { INTL_LOCALE } from '../../emails/i18n/locales.ts';
import { CustomerLayout } from '../unsubscribe/page.tsx';
import { isLocale, localeFromAcceptLanguage } from '../unsubscribe/text.ts';
import type { UpdateContent } from '../updates/compose.ts';
import { portalText as t } from './text.ts';
import { checkQuestion, fileQuestion, questionTarget, sameOrigin, takeAttempt } from './questions.ts';

// Statuses that mean the email left us; an excluded or failed delivery was never received.
const RECEIVED = ['sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'suppressed'] as const;

export interface StatusPageData {
  locale: Locale;
  timeZone: string;
  organisation: string;
  situation: { title: string; summary: string; resolved: boolean };
  updates: { number: number; sentAt: Date | null; subject: string; body: string; final: boolean; promisedAt: Date | null }[];
  contact: ReleaseSnapshot['contactPoint'] | undefined;
}

/**
 * What one customer may see about the situation of one delivery: their own
 * updates only. Undefined, refused like an invalid link, when the delivery is
 * unknown or its customer was erased (GDPR art. 17).
 */
export async function loadStatusPage(db: Db, deliveryId: number): Promise<StatusPageData | undefined> {
  const d = await db
    .selectFrom('deliveries as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .select(['d.contact_id', 'd.update_id', 'd.locale', 'd.timezone'])
    .where('d.id', '=', deliveryId)
    .where('c.erased_at', 'is', null)
    .executeTakeFirst();
  if (!d) return undefined;
  const u = await db.selectFrom('updates').select(['situation_id']).where('id', '=', d.update_id).executeTakeFirstOrThrow();
  const situation = await db.selectFrom('situations').select(['title', 'summary', 'status']).where('id', '=', u.situation_id).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .select(['u.number', 'u.content', 'u.default_locale', 'u.final', 'u.release_snapshot', 'd.sent_at', 'd.locale', 'd.promised_at'])
    .where('d.contact_id', '=', d.contact_id)
    .where('u.situation_id', '=', u.situation_id)
    .where('d.status', 'in', [...RECEIVED])
    .orderBy('u.number')
    .execute();
  const locale = (isLocale(d.locale) ? d.locale : 'en') as Locale;
  const last = rows[rows.length - 1];
  const snapshot = last?.release_snapshot as ReleaseSnapshot | undefined;
  return {
    locale,
    timeZone: d.timezone,
    organisation: snapshot?.organisation ?? 'tidings',
    situation: { title: situation.title, summary: situation.summary, resolved: situation.status === 'resolved' },
    updates: rows.map((r) => {
      const content = r.content as UpdateContent;
      const c = content[r.locale as Locale] ?? content[r.default_locale as Locale] ?? { subject: '', body: '' };
      return { number: r.number ?? 0, sentAt: r.sent_at, subject: c.subject, body: markdownToText(c.body, locale), final: r.final, promisedAt: r.promised_at };
    }),
    contact: snapshot?.contactPoint,
  };
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase())
    .slice(0, 2)
    .join('');
}

interface AskState {
  action: string;
  sent?: boolean;
  problem?: 'askEmpty' | 'askTooLong' | undefined;
  text?: string;
}

const AskForm = ({ p, ask }: { p: StatusPageData; ask: AskState }) => (
  <section class="card" aria-labelledby="ask-h" id="ask">
    <h2 id="ask-h">{t(p.locale, 'ask')}</h2>
    {ask.sent ? (
      <p class="flash" role="status">
        {p.contact ? t(p.locale, 'askSent', { name: p.contact.name }) : t(p.locale, 'askSentNoName')}
      </p>
    ) : null}
    <p>{p.contact ? t(p.locale, 'askIntro', { name: p.contact.name }) : t(p.locale, 'askIntroNoName')}</p>
    <form method="post" action={ask.action} class="stack">
      {ask.problem ? (
        <p class="error" role="alert" id="ask-error">
          {t(p.locale, ask.problem)}
        </p>
      ) : null}
      <div>
        <label for="ask-text">{t(p.locale, 'askLabel')}</label>
        <p class="hint" id="ask-hint">
          {t(p.locale, 'askHint')}
        </p>
        <textarea id="ask-text" name="text" rows={6} maxlength={5000} required aria-describedby={ask.problem ? 'ask-hint ask-error' : 'ask-hint'} aria-invalid={ask.problem ? 'true' : undefined}>
          {ask.text ?? ''}
        </textarea>
      </div>
      <div class="honeypot" aria-hidden="true">
        <label for="ask-website">{t(p.locale, 'honeypot')}</label>
        <input id="ask-website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
      </div>
      <div class="actions">
        <button type="submit">{t(p.locale, 'askSubmit')}</button>
      </div>
    </form>
  </section>
);

const StatusPage = ({ p, ask }: { p: StatusPageData; ask: AskState }) => {
  const dateFmt = new Intl.DateTimeFormat(INTL_LOCALE[p.locale], { dateStyle: 'long', timeZone: p.timeZone });
  const last = p.updates[p.updates.length - 1];
  return (
    <CustomerLayout locale={p.locale} title={t(p.locale, 'title')} organisation={p.organisation}>
      <h1>{p.situation.title}</h1>
      <p>{t(p.locale, 'intro')}</p>
      {p.situation.resolved ? <p class="flash">{t(p.locale, 'resolved')}</p> : null}
      {last ? (
        <p class="card promise">
          <strong>{last.final || !last.promisedAt ? t(p.locale, 'finalSaid') : t(p.locale, 'nextPromise', { date: formatPromiseDate(last.promisedAt, p.locale, p.timeZone) })}</strong>
        </p>
      ) : null}
      {p.contact ? (
        <section class="card" aria-labelledby="contact-h">
          <h2 id="contact-h">{t(p.locale, 'contact')}</h2>
          <p>
            <span class="initials" aria-hidden="true">
              {initials(p.contact.name)}
            </span>{' '}
            <strong>{p.contact.name}</strong>, {p.contact.role}
          </p>
          <dl class="details">
            <dt>{t(p.locale, 'phone')}</dt>
            <dd>
              <a href={`tel:${p.contact.phone.replace(/[^+0-9]/g, '')}`}>{p.contact.phone}</a>
            </dd>
            <dt>{t(p.locale, 'email')}</dt>
            <dd>
              <a href={`mailto:${p.contact.email}`}>{p.contact.email}</a>
            </dd>
          </dl>
        </section>
      ) : null}
      <AskForm p={p} ask={ask} />
      <section aria-labelledby="updates-h">
        <h2 id="updates-h">{t(p.locale, 'updates')}</h2>
        {p.updates.map((u) => (
          <article class="card">
            <h3>
              {t(p.locale, 'update', { n: u.number })}: {u.subject}
            </h3>
            {u.sentAt ? <p class="muted">{t(p.locale, 'sentOn', { date: dateFmt.format(u.sentAt) })}</p> : null}
            {u.body.split(/\n{2,}/).map((para) => (
              <p class="prewrap">{para}</p>
            ))}
          </article>
        ))}
      </section>
    </CustomerLayout>
  );
};

function refused(c: Context<AppEnv>, key: 'invalid' | 'expired' | 'tooMany', locale: Locale, status: 403 | 429 = 403) {
  c.status(status);
  c.header('cache-control', 'no-store');
  return c.html(
    <CustomerLayout locale={locale} title={t(locale, 'title')}>
      <h1>{t(locale, 'title')}</h1>
      <p class="error" role="alert">
        {t(locale, key)}
      </p>
    </CustomerLayout>,
  );
}

/** Five questions per ten minutes, per link and per customer address. */
const QUESTION_LIMIT = 5;
const QUESTION_WINDOW_MS = 10 * 60_000;

/** Checks a status link and loads what it shows, or answers with the refusal page. */
async function openStatusLink(c: Context<AppEnv>, token: string): Promise<{ page: StatusPageData; deliveryId: number } | Response> {
  const { db, config } = c.get('deps');
  const check = verifyLink(config.secret, token, 'status');
  const fallback = localeFromAcceptLanguage(c.req.header('accept-language'));
  if (!check.ok) return refused(c, check.reason === 'expired' ? 'expired' : 'invalid', fallback);
  const page = await loadStatusPage(db, check.link.id);
  if (!page) return refused(c, 'invalid', fallback);
  return { page, deliveryId: check.link.id };
}

/** The customer's personal status page, reached by the signed link in every email; no login. */
export function portalRoutes(app: Hono<AppEnv>): void {
  app.get('/c/:token', async (c) => {
    const token = c.req.param('token');
    const opened = await openStatusLink(c, token);
    if (opened instanceof Response) return opened;
    const { page } = opened;
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    return c.html(<StatusPage p={page} ask={{ action: `/c/${token}/messages`, sent: c.req.query('asked') === '1' }} />);
  });

  // The signed link is the authority (no session): a question lands only in that customer's conversation.
  app.post('/c/:token/messages', async (c) => {
    const { db, config } = c.get('deps');
    const token = c.req.param('token');
    const opened = await openStatusLink(c, token);
    if (opened instanceof Response) return opened;
    const { page, deliveryId } = opened;
    const target = await questionTarget(db, deliveryId);
    if (!target) return refused(c, 'invalid', page.locale);
    if (!sameOrigin({ origin: c.req.header('origin'), referer: c.req.header('referer') }, [config.publicUrl, new URL(c.req.url).origin])) {
      return refused(c, 'invalid', page.locale);
    }
    // Per link and per customer (by contact, so no address is kept for the limit).
    if (!(await takeAttempt(db, [`link:${target.deliveryId}`, `contact:${target.contactId}`], QUESTION_LIMIT, QUESTION_WINDOW_MS))) {
      c.header('retry-after', '600');
      return refused(c, 'tooMany', page.locale, 429);
    }
    const form = await c.req.parseBody();
    c.header('cache-control', 'no-store');
    const back = `/c/${token}?asked=1#ask`;
    // A filled honeypot is a bot: it is told all went well, and nothing is filed.
    if (typeof form['website'] === 'string' && form['website'].trim() !== '') return c.redirect(back, 303);
    const q = checkQuestion(form['text']);
    if (!q.ok) {
      c.status(400);
      return c.html(<StatusPage p={page} ask={{ action: `/c/${token}/messages`, problem: q.problem, text: typeof form['text'] === 'string' ? form['text'].replace(/\0/g, '') : '' }} />);
    }
    await fileQuestion(db, target, q.text);
    return c.redirect(back, 303);
  });
}
