import type { Locale } from '../config.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { INTL_LOCALE } from '../../i18n/locales.ts';
import { CustomerLayout } from '../unsubscribe/page.tsx';
import type { PortalRefusalText, StatusPageData } from './status.ts';
import { portalText as t } from './text.ts';

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

export const StatusPage = ({ p, ask }: { p: StatusPageData; ask: AskState }) => {
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

/** A link that cannot be used (invalid, expired) or a post that was refused, in the customer's language; shows no data. */
export const StatusRefusedPage = ({ locale, text }: { locale: Locale; text: PortalRefusalText }) => (
  <CustomerLayout locale={locale} title={t(locale, 'title')}>
    <h1>{t(locale, 'title')}</h1>
    <p class="error" role="alert">
      {t(locale, text)}
    </p>
  </CustomerLayout>
);
