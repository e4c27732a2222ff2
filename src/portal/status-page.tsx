/**
 * The customer's personal status page. Rendered in the customer's own language
 * (the route runs it in their contact locale): every label comes from t(),
 * while each update keeps the language it was sent in, marked with `lang`
 * where that differs from the page's.
 */
import { t, tr } from '../../i18n/current.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { CustomerLayout } from '../unsubscribe/page.tsx';
import type { PortalRefusalText, ReceivedUpdate, StatusPageData } from './status.ts';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase())
    .slice(0, 2)
    .join('');
}

export interface AskState {
  action: string;
  sent?: boolean;
  problem?: 'askEmpty' | 'askTooLong' | undefined;
  text?: string;
}

const AskForm = ({ p, ask }: { p: StatusPageData; ask: AskState }) => (
  <section class="card" aria-labelledby="ask-h" id="ask">
    <h2 id="ask-h">{t('portal.ask')}</h2>
    {ask.sent ? (
      <p class="flash" role="status">
        {p.contact ? t('portal.askSent', { name: p.contact.name }) : t('portal.askSentNoName')}
      </p>
    ) : null}
    <p>{p.contact ? t('portal.askIntro', { name: p.contact.name }) : t('portal.askIntroNoName')}</p>
    <form method="post" action={ask.action} class="stack">
      {ask.problem ? (
        <p class="error" role="alert" id="ask-error">
          {t(`portal.${ask.problem}`)}
        </p>
      ) : null}
      <div>
        <label for="ask-text">{t('portal.askLabel')}</label>
        <p class="hint" id="ask-hint">
          {t('portal.askHint')}
        </p>
        <textarea id="ask-text" name="text" rows={6} maxlength={5000} required aria-describedby={ask.problem ? 'ask-hint ask-error' : 'ask-hint'} aria-invalid={ask.problem ? 'true' : undefined}>
          {ask.text ?? ''}
        </textarea>
      </div>
      <div class="honeypot" aria-hidden="true">
        <label for="ask-website">{t('portal.honeypot')}</label>
        <input id="ask-website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
      </div>
      <div class="actions">
        <button type="submit">{t('portal.askSubmit')}</button>
      </div>
    </form>
  </section>
);

/** What the page says about the next update: none after an unsubscribe, else the newest update's promise or that it was the last. */
function promiseLine(p: StatusPageData): string | undefined {
  if (p.unsubscribed === 'all') return t('portal.unsubscribedAll');
  if (p.unsubscribed === 'situation') return t('portal.unsubscribedSituation');
  const newest = p.updates[0];
  if (!newest) return undefined;
  if (newest.final || !newest.promisedAt) return t('portal.finalSaid');
  return t('portal.nextPromise', { date: formatPromiseDate(newest.promisedAt, p.locale, p.timeZone) });
}

/** One update as it was sent: the page's words around it, the update's own words in the language it came in. */
const UpdateArticle = ({ u, p, dateFmt }: { u: ReceivedUpdate; p: StatusPageData; dateFmt: Intl.DateTimeFormat }) => {
  const lang = u.locale !== p.locale ? u.locale : undefined;
  return (
    <article class="card" aria-labelledby={`update-${u.number}`}>
      {/* Level UPDATE_HEADING_LEVEL (status.ts): the body’s own headings start one below. */}
      <h3 id={`update-${u.number}`}>
        {tr()
          .parts('portal.updateHeading')
          .map((part) => (typeof part === 'string' ? part : part.arg === 'n' ? tr().number(u.number) : lang ? <span lang={lang}>{u.subject}</span> : u.subject))}
      </h3>
      {u.sentAt ? <p class="muted">{t('portal.sentOn', { date: dateFmt.format(u.sentAt) })}</p> : null}
      <div class="update-body" lang={lang} dangerouslySetInnerHTML={{ __html: u.bodyHtml }} />
    </article>
  );
};

export const StatusPage = ({ p, ask }: { p: StatusPageData; ask: AskState }) => {
  const dateFmt = new Intl.DateTimeFormat(tr().intlLocale, { dateStyle: 'long', timeZone: p.timeZone });
  const promise = promiseLine(p);
  return (
    <CustomerLayout title={t('portal.title')} organisation={p.organisation}>
      <h1>{p.situation.title}</h1>
      <p>{t('portal.intro')}</p>
      {p.situation.resolved ? <p class="flash">{t('portal.resolved')}</p> : null}
      {promise ? (
        <p class="card promise">
          <strong>{promise}</strong>
        </p>
      ) : null}
      {p.contact ? (
        <section class="card" aria-labelledby="contact-h">
          <h2 id="contact-h">{t('portal.contact')}</h2>
          <p>
            <span class="initials" aria-hidden="true">
              {initials(p.contact.name)}
            </span>{' '}
            <strong>{p.contact.name}</strong>, {p.contact.role}
          </p>
          <dl class="details">
            <dt>{t('portal.phone')}</dt>
            <dd>
              <a href={`tel:${p.contact.phone.replace(/[^+0-9]/g, '')}`}>{p.contact.phone}</a>
            </dd>
            <dt>{t('portal.email')}</dt>
            <dd>
              <a href={`mailto:${p.contact.email}`}>{p.contact.email}</a>
            </dd>
          </dl>
        </section>
      ) : null}
      <AskForm p={p} ask={ask} />
      <section aria-labelledby="updates-h">
        <h2 id="updates-h">{t('portal.updates')}</h2>
        {p.updates.map((u) => (
          <UpdateArticle u={u} p={p} dateFmt={dateFmt} />
        ))}
      </section>
    </CustomerLayout>
  );
};

/** A link that cannot be used (invalid, expired) or a post that was refused, in the reader's language; shows no data. */
export const StatusRefusedPage = ({ text }: { text: PortalRefusalText }) => (
  <CustomerLayout title={t('portal.title')}>
    <h1>{t('portal.title')}</h1>
    <p class="error" role="alert">
      {t(`portal.${text}`)}
    </p>
  </CustomerLayout>
);
