import type { Context, Hono } from 'hono';
import { sql, type SqlBool } from 'kysely';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';

/**
 * Headers for an email's HTML shown inside a sandboxed <iframe> of our own
 * pages. The email carries inline styles (that is how email HTML works) and
 * nothing else may run or load; unlike every other page, it may be framed by
 * tidings itself. The app's secure-headers middleware keeps a CSP that a
 * handler set (overwrite: false), so this one wins for these responses.
 */
export const EMAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

export function emailFrameResponse(c: Context<AppEnv>, html: string): Response {
  return c.body(html, 200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': EMAIL_FRAME_CSP,
    'x-frame-options': 'SAMEORIGIN',
    'cache-control': 'no-store',
  });
}

/** The language an email declares on its <html> element, for the text part shown next to it. */
export function htmlLang(html: string): string | undefined {
  const m = /<html\b[^>]*\slang=["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)/i.exec(html);
  return m?.[1];
}

const PAGE_SIZE = 50;
const ID_RE = /^[A-Za-z0-9_-]{1,100}$/;

function messageId(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!ID_RE.test(id)) throw new AppError('not_found', 'no such message in the outbox');
  return id;
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

export function outboxPages(app: Hono<AppEnv>): void {
  app.get('/outbox', requirePermission('read'), async (c) => {
    const { db, config } = c.get('deps');
    const before = c.req.query('before');
    if (before !== undefined && !ID_RE.test(before)) throw new AppError('validation_failed', 'before: not a message id');
    let q = db.selectFrom('outbox_messages').select(['id', 'to_address', 'subject', 'created_at', 'test']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(PAGE_SIZE + 1);
    // Keyset pagination: the position of the last message shown, compared exactly in the database.
    if (before) q = q.where(sql<SqlBool>`(created_at, id) < (SELECT o2.created_at, o2.id FROM outbox_messages o2 WHERE o2.id = ${before})`);
    const rows = await q.execute();
    const page = rows.slice(0, PAGE_SIZE);
    const more = rows.length > PAGE_SIZE;
    return c.html(
      <Layout title="Outbox" user={c.get('user')} csrfToken={c.get('csrfToken')} section="outbox">
        <h1>Outbox</h1>
        <OutboxNote resend={Boolean(config.resendApiKey)} />
        {page.length === 0 ? (
          <p>{before ? 'No older messages.' : 'No messages yet. When an update is sent, or a test is sent to you, it appears here.'}</p>
        ) : (
          <table id="outbox">
            <caption class="visually-hidden">Messages, newest first</caption>
            <TableHead columns={['To', 'Subject', 'Sent']} />
            <tbody>
              {page.map((m) => (
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
          {before ? <a href="/outbox">← Newest messages</a> : <span />}
          {more ? <a href={`/outbox?before=${page[page.length - 1]!.id}`}>Older messages →</a> : <span class="muted">{page.length ? 'End of the outbox' : ''}</span>}
        </nav>
      </Layout>,
    );
  });

  app.get('/outbox/:id', requirePermission('read'), async (c) => {
    const { db, config } = c.get('deps');
    const id = messageId(c);
    const m = await db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m) throw new AppError('not_found', 'no such message in the outbox');
    const headers = (m.headers ?? {}) as Record<string, string>;
    const tags = (Array.isArray(m.tags) ? m.tags : []) as { name: string; value: string }[];
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
    return c.html(
      <Layout title={`Message to ${m.to_address}`} user={c.get('user')} csrfToken={c.get('csrfToken')} section="outbox">
        <p>
          <a href="/outbox">← Outbox</a>
        </p>
        <h1>
          <span class="visually-hidden">Message: </span>
          <span lang={lang}>{m.subject}</span>
        </h1>
        <OutboxNote resend={Boolean(config.resendApiKey)} />
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
          <iframe id="message-frame" class="preview-frame" sandbox="" src={`/outbox/${m.id}/html`} title={`The email to ${m.to_address}`}></iframe>
        </section>
        <section aria-labelledby="text-h">
          <h2 id="text-h">Plain-text part</h2>
          <pre id="message-text" class="preview-text" lang={lang}>
            {m.text}
          </pre>
        </section>
      </Layout>,
    );
  });

  app.get('/outbox/:id/html', requirePermission('read'), async (c) => {
    const id = messageId(c);
    const m = await c.get('deps').db.selectFrom('outbox_messages').select('html').where('id', '=', id).executeTakeFirst();
    if (!m) throw new AppError('not_found', 'no such message in the outbox');
    return emailFrameResponse(c, m.html);
  });
}
