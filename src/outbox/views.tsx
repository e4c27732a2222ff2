import type { OutboxMessage, User } from '../db/types.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import type { OutboxPage } from './queries.ts';
import { t } from '../../i18n/current.ts';

/** The language an email declares on its <html> element, for the text part shown next to it. */
export function htmlLang(html: string): string | undefined {
  const m = /<html\b[^>]*\slang=["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)/i.exec(html);
  return m?.[1];
}

interface Shell {
  user: User;
  csrfToken: string;
  /** RESEND_API_KEY is set: emails go out through Resend. */
  resend: boolean;
}

const OutboxNote = (p: { resend: boolean }) =>
  p.resend ? (
    <p class="card note" id="outbox-note">
      {t('outbox.noteResend')}
    </p>
  ) : (
    <p class="card note" id="outbox-note">
      {t('outbox.noteLocal')} <strong>{t('outbox.noteNothingLeaves')}</strong> {t('outbox.noteOpen')}
    </p>
  );

export const OutboxListPage = (p: Shell & { page: OutboxPage; before: string | undefined }) => {
  const { messages, more } = p.page;
  return (
    <Layout title={t('outbox.title')} user={p.user} csrfToken={p.csrfToken} section="outbox">
      <h1>{t('outbox.title')}</h1>
      <OutboxNote resend={p.resend} />
      {messages.length === 0 ? (
        <p>{p.before ? t('outbox.noOlder') : t('outbox.noMessages')}</p>
      ) : (
        <table id="outbox">
          <caption class="visually-hidden">{t('outbox.caption')}</caption>
          <TableHead columns={[t('outbox.colTo'), t('outbox.colSubject'), t('outbox.colSent')]} />
          <tbody>
            {messages.map((m) => (
              <tr>
                <td>{m.to_address}</td>
                <td>
                  <a href={`/outbox/${m.id}`}>{m.subject}</a>
                  {m.test ? (
                    <>
                      {' '}
                      <span class="badge warn">{t('outbox.testBadge')}</span>
                    </>
                  ) : null}
                </td>
                <td>{formatDateTime(m.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t('outbox.pages')}>
        {p.before ? <a href="/outbox">{t('outbox.newest')}</a> : <span />}
        {more ? <a href={`/outbox?before=${messages[messages.length - 1]!.id}`}>{t('outbox.older')}</a> : <span class="muted">{messages.length ? t('outbox.end') : ''}</span>}
      </nav>
    </Layout>
  );
};

export const OutboxMessagePage = (p: Shell & { message: OutboxMessage }) => {
  const m = p.message;
  const headers = m.headers ?? {};
  const tags = Array.isArray(m.tags) ? m.tags : [];
  const lang = htmlLang(m.html);
  const rows: [string, string | undefined][] = [
    [t('outbox.headerDate'), formatDateTime(m.created_at)],
    [t('outbox.headerFrom'), m.from_address],
    [t('outbox.headerTo'), m.to_address],
    [t('outbox.headerReplyTo'), m.reply_to ?? undefined],
    [t('outbox.headerSubject'), m.subject],
    ['List-Unsubscribe', headers['List-Unsubscribe']],
    ['List-Unsubscribe-Post', headers['List-Unsubscribe-Post']],
    ...Object.entries(headers)
      .filter(([k]) => !k.startsWith('List-Unsubscribe'))
      .map(([k, v]) => [k, v] as [string, string]),
    [t('outbox.headerTags'), tags.length ? tags.map((tag) => `${tag.name}=${tag.value}`).join(', ') : undefined],
  ];
  return (
    <Layout title={t('outbox.messageTitle', { to: m.to_address })} user={p.user} csrfToken={p.csrfToken} section="outbox">
      <p>
        <a href="/outbox">{t('outbox.backToOutbox')}</a>
      </p>
      <h1>
        <span class="visually-hidden">{t('outbox.messageHidden')} </span>
        <span lang={lang}>{m.subject}</span>
      </h1>
      <OutboxNote resend={p.resend} />
      {m.test ? <p class="badge warn">{t('outbox.testNote')}</p> : null}
      <section aria-labelledby="headers-h">
        <h2 id="headers-h">{t('outbox.headers')}</h2>
        <dl class="facts headers">
          {rows
            .filter(([, v]) => v !== undefined && v !== '')
            .map(([k, v]) => (
              <div>
                <dt>{k}</dt>
                <dd class="mono">{v}</dd>
              </div>
            ))}
        </dl>
      </section>
      <section aria-labelledby="html-h">
        <h2 id="html-h">{t('outbox.asCustomerSees')}</h2>
        <iframe id="message-frame" class="preview-frame" sandbox="allow-popups allow-popups-to-escape-sandbox" src={`/outbox/${m.id}/html`} title={t('outbox.frameTitle', { to: m.to_address })}></iframe>
      </section>
      <section aria-labelledby="text-h">
        <h2 id="text-h">{t('outbox.plainText')}</h2>
        <pre id="message-text" class="preview-text" lang={lang}>
          {m.text}
        </pre>
      </section>
    </Layout>
  );
};
