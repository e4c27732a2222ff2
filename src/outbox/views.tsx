import type { OutboxMessage, User } from '../db/types.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import type { OutboxPage } from './queries.ts';

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
      RESEND_API_KEY is set, so emails go out through Resend. This outbox only holds messages from times when it was not set.
    </p>
  ) : (
    <p class="card note" id="outbox-note">
      RESEND_API_KEY is not set, so every email tidings sends lands here instead: <strong>nothing leaves this machine.</strong> Open a message to see it as the customer
      would.
    </p>
  );

export const OutboxListPage = (p: Shell & { page: OutboxPage; before: string | undefined }) => {
  const { messages, more } = p.page;
  return (
    <Layout title="Outbox" user={p.user} csrfToken={p.csrfToken} section="outbox">
      <h1>Outbox</h1>
      <OutboxNote resend={p.resend} />
      {messages.length === 0 ? (
        <p>{p.before ? 'No older messages.' : 'No messages yet. When an update is sent, or a test is sent to you, it appears here.'}</p>
      ) : (
        <table id="outbox">
          <caption class="visually-hidden">Messages, newest first</caption>
          <TableHead columns={['To', 'Subject', 'Sent']} />
          <tbody>
            {messages.map((m) => (
              <tr>
                <td>{m.to_address}</td>
                <td>
                  <a href={`/outbox/${m.id}`}>{m.subject}</a>
                  {m.test ? (
                    <>
                      {' '}
                      <span class="badge warn">test</span>
                    </>
                  ) : null}
                </td>
                <td>{formatDateTime(m.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {p.before ? <a href="/outbox">← Newest messages</a> : <span />}
        {more ? <a href={`/outbox?before=${messages[messages.length - 1]!.id}`}>Older messages →</a> : <span class="muted">{messages.length ? 'End of the outbox' : ''}</span>}
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
    ['Date', formatDateTime(m.created_at)],
    ['From', m.from_address],
    ['To', m.to_address],
    ['Reply-To', m.reply_to ?? undefined],
    ['Subject', m.subject],
    ['List-Unsubscribe', headers['List-Unsubscribe']],
    ['List-Unsubscribe-Post', headers['List-Unsubscribe-Post']],
    ...Object.entries(headers)
      .filter(([k]) => !k.startsWith('List-Unsubscribe'))
      .map(([k, v]) => [k, v] as [string, string]),
    ['Tags', tags.length ? tags.map((t) => `${t.name}=${t.value}`).join(', ') : undefined],
  ];
  return (
    <Layout title={`Message to ${m.to_address}`} user={p.user} csrfToken={p.csrfToken} section="outbox">
      <p>
        <a href="/outbox">← Outbox</a>
      </p>
      <h1>
        <span class="visually-hidden">Message: </span>
        <span lang={lang}>{m.subject}</span>
      </h1>
      <OutboxNote resend={p.resend} />
      {m.test ? <p class="badge warn">A test send: it went only to its author and is not part of the delivery record.</p> : null}
      <section aria-labelledby="headers-h">
        <h2 id="headers-h">Headers</h2>
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
        <h2 id="html-h">As the customer sees it</h2>
        <iframe id="message-frame" class="preview-frame" sandbox="allow-popups allow-popups-to-escape-sandbox" src={`/outbox/${m.id}/html`} title={`The email to ${m.to_address}`}></iframe>
      </section>
      <section aria-labelledby="text-h">
        <h2 id="text-h">Plain-text part</h2>
        <pre id="message-text" class="preview-text" lang={lang}>
          {m.text}
        </pre>
      </section>
    </Layout>
  );
};
