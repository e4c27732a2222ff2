import type { Context, Hono } from 'hono';
import { can, type Permission } from '../permissions.ts';
import { listContactPoints } from '../contact-points/queries.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { requestTransport } from '../sending/transport.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { answerConversation, resendAnswer } from './answer.ts';
import {
  ageBands,
  assertMayHandle,
  flagForFollowUp,
  formatAge,
  handOver,
  listFollowUps,
  listOpenConversations,
  loadConversation,
  markAnswered,
  resolveFollowUp,
  scopeFor,
  type AgeBands,
  type ConversationView,
} from './inbox.ts';

function permissionFor(method: string, path: string): Permission {
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (/\/flag$/.test(path) || path.startsWith('/follow-ups')) return 'followups:write';
  return 'conversations:answer';
}

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such conversation');
  return id;
}

export const AgeBandList = ({ bands }: { bands: AgeBands }) => (
  <dl class="age-bands">
    <div>
      <dt>waiting under 4 h</dt>
      <dd>{bands.under4h}</dd>
    </div>
    <div>
      <dt>waiting 4–24 h</dt>
      <dd>{bands.from4to24h}</dd>
    </div>
    <div class={bands.over24h > 0 ? 'band-old' : undefined}>
      <dt>waiting over 24 h</dt>
      <dd>{bands.over24h}</dd>
    </div>
  </dl>
);

const FLASH: Record<string, string> = {
  answered: 'Your answer was sent to the customer.',
  marked: 'Marked as answered.',
  handover: 'The conversation was handed over.',
  flagged: 'The customer is flagged for personal follow-up.',
  resolved: 'The follow-up is marked done.',
};

const STATE_LABEL: Record<ConversationView['status'], string> = { open: 'Waiting for an answer', answered: 'Answered', closed: 'Closed' };

async function threadPage(c: Context<AppEnv>, id: number, extra: { error?: string; draft?: string } = {}) {
  const { db } = c.get('deps');
  const user = c.get('user');
  const v = await loadConversation(db, id);
  if (user.role === 'responder' && v.contactPoint?.userId !== user.id) throw new AppError('forbidden', 'this conversation belongs to another contact point');
  const points = await listContactPoints(db);
  const csrf = c.get('csrfToken');
  const mayAnswer = can(user.role, 'conversations:answer');
  const mayFlag = can(user.role, 'followups:write');
  const human = v.messages.filter((m) => m.direction === 'out' || m.classification === 'human');
  const folded = v.messages.filter((m) => m.direction === 'in' && m.classification !== 'human');
  const done = c.req.query('done');
  return c.html(
    <Layout title={`Conversation with ${v.contact.name || v.contact.email}`} user={user} csrfToken={csrf} section="inbox" flash={done ? FLASH[done] : undefined}>
      <p>
        <a href="/inbox">← Inbox</a>
      </p>
      <h1>{v.contact.name || v.contact.email}</h1>
      <dl class="facts">
        <div>
          <dt>Customer</dt>
          <dd>
            {v.contact.name} &lt;{v.contact.email}&gt; ({v.contact.locale})
          </dd>
        </div>
        <div>
          <dt>Situation</dt>
          <dd>
            <a href={`/situations/${v.situation.id}`}>{v.situation.title}</a>
          </dd>
        </div>
        <div>
          <dt>Contact person</dt>
          <dd>{v.contactPoint ? v.contactPoint.name : 'nobody yet'}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            {STATE_LABEL[v.status]}
            {v.status === 'open' && v.waitingSince ? ` for ${formatAge(v.waitingSince)}` : ''}
          </dd>
        </div>
      </dl>
      {extra.error ? (
        <p class="error" role="alert">
          {extra.error}
        </p>
      ) : null}

      <section aria-labelledby="thread-h">
        <h2 id="thread-h">Messages</h2>
        {human.length === 0 ? <p>No messages from the customer yet.</p> : null}
        <ol class="thread">
          {human.map((m) => (
            <li>
              <article class={`card ${m.direction === 'out' ? 'msg-out' : 'msg-in'}`}>
                <p class="meta muted">
                  {m.direction === 'out' ? `Answer by ${m.authorName ?? 'tidings'}` : m.channel === 'portal' ? 'Question from the status page' : `Email from ${m.from}`} · {formatDateTime(m.createdAt)}
                  {m.direction === 'out' && !m.sent ? ' · not sent' : ''}
                </p>
                <h3 class="flush">{m.subject}</h3>
                <p class="prewrap">{m.visibleText}</p>
                {m.visibleText !== m.text && m.text ? (
                  <details>
                    <summary>Show the whole message</summary>
                    <p class="prewrap">{m.text}</p>
                  </details>
                ) : null}
                {m.direction === 'out' && !m.sent && mayAnswer ? (
                  <form method="post" action={`/inbox/${v.id}/messages/${m.id}/resend`} class="actions">
                    <CsrfField token={csrf} />
                    <button type="submit">Send this answer again</button>
                  </form>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
        {folded.length ? (
          <details>
            <summary>
              {folded.length} automatic {folded.length === 1 ? 'reply' : 'replies'} set aside
            </summary>
            <ul>
              {folded.map((m) => (
                <li>
                  {formatDateTime(m.createdAt)} · {m.classification === 'bounce' ? 'bounce' : 'auto-reply'} · {m.subject}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      {mayAnswer ? (
        <section aria-labelledby="answer-h" class="card">
          <h2 id="answer-h">Answer</h2>
          <p class="hint">
            Sent by email from tidings in {v.contactPoint ? `${v.contactPoint.name}'s` : "the contact person's"} name, as a reply in the customer's thread.
          </p>
          <form method="post" action={`/inbox/${v.id}/answer`} class="stack">
            <CsrfField token={csrf} />
            <div>
              <label for="answer-text">Your answer</label>
              <textarea id="answer-text" name="text" rows={8} required>
                {extra.draft ?? ''}
              </textarea>
            </div>
            <div class="actions">
              <button type="submit">Send answer</button>
            </div>
          </form>
          {v.status === 'open' ? (
            <form method="post" action={`/inbox/${v.id}/answered`} class="spaced">
              <CsrfField token={csrf} />
              <button type="submit" class="secondary">
                Mark answered without sending
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      {mayAnswer ? (
        <section aria-labelledby="handover-h" class="card">
          <h2 id="handover-h">Hand over</h2>
          <form method="post" action={`/inbox/${v.id}/handover`} class="stack">
            <CsrfField token={csrf} />
            <div>
              <label for="handover-cp">Contact point</label>
              <select id="handover-cp" name="contactPointId" required>
                {points
                  .filter((p) => p.id !== v.contactPoint?.id)
                  .map((p) => (
                    <option value={String(p.id)}>
                      {p.name} ({p.role})
                    </option>
                  ))}
              </select>
            </div>
            <div class="actions">
              <button type="submit">Hand over</button>
            </div>
          </form>
        </section>
      ) : null}

      {mayFlag ? (
        <section aria-labelledby="flag-h" class="card">
          <h2 id="flag-h">Personal follow-up</h2>
          {v.flags.filter((f) => !f.resolvedAt).map((f) => (
            <p class="note card">
              Flagged {formatDateTime(f.createdAt)}: {f.note}
            </p>
          ))}
          <form method="post" action={`/inbox/${v.id}/flag`} class="stack">
            <CsrfField token={csrf} />
            <div>
              <label for="flag-note">Note for the follow-up</label>
              <textarea id="flag-note" name="note" rows={3} required></textarea>
            </div>
            <div class="actions">
              <button type="submit">Flag for follow-up</button>
            </div>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="history-h">
        <h2 id="history-h">Updates this customer received</h2>
        {v.history.length === 0 ? (
          <p>None.</p>
        ) : (
          <table>
            <TableHead columns={['Update', 'Subject', 'Delivery', 'Sent']} />
            <tbody>
              {v.history.map((h) => (
                <tr>
                  <td>
                    <a href={`/updates/${h.updateId}`}>{h.number ?? '—'}</a>
                  </td>
                  <td>{h.subject ?? '—'}</td>
                  <td>{h.status.replace(/_/g, ' ')}</td>
                  <td>{formatDateTime(h.sentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>,
  );
}

/** The responder's inbox, a conversation's thread and its actions, and the follow-up list. */
export function conversationsPages(app: Hono<AppEnv>): void {
  for (const path of ['/inbox', '/inbox/*', '/follow-ups', '/follow-ups/*']) {
    app.use(path, async (c, next) => requirePermission(permissionFor(c.req.method, c.req.path))(c, next));
  }

  app.get('/inbox', async (c) => {
    const { db } = c.get('deps');
    const user = c.get('user');
    const cpParam = Number(c.req.query('cp'));
    const mine = c.req.query('mine') === '1';
    const scope = scopeFor(user, { mine, contactPointId: Number.isSafeInteger(cpParam) && cpParam > 0 ? cpParam : undefined });
    const [rows, bands, points] = await Promise.all([listOpenConversations(db, scope), ageBands(db, scope), user.role === 'responder' ? Promise.resolve([]) : listContactPoints(db)]);
    const now = new Date();
    return c.html(
      <Layout title="Inbox" user={user} csrfToken={c.get('csrfToken')} section="inbox">
        <h1>Inbox</h1>
        <p class="muted">
          {user.role === 'responder' ? 'Customers waiting for an answer from your contact points, the longest-waiting first.' : 'Customers waiting for an answer, the longest-waiting first.'}{' '}
          <a href="/follow-ups">Follow-ups</a>
        </p>
        {user.role !== 'responder' ? (
          <form method="get" action="/inbox" class="actions">
            <label for="inbox-cp">Show</label>
            <select id="inbox-cp" name="cp">
              <option value="">everyone's conversations</option>
              {points.map((p) => (
                <option value={String(p.id)} selected={scope.kind === 'contact_point' && scope.contactPointId === p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <label>
              <input type="checkbox" name="mine" value="1" checked={mine} /> only mine
            </label>
            <button type="submit" class="secondary">
              Filter
            </button>
          </form>
        ) : null}
        <AgeBandList bands={bands} />
        {rows.length === 0 ? (
          <p>Nobody is waiting for an answer.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Open conversations</caption>
            <TableHead columns={['Waiting', 'Customer', 'Situation', 'Contact person', 'Last message']} />
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{formatAge(r.waitingSince, now)}</td>
                  <td>
                    <a href={`/inbox/${r.id}`}>{r.customerName || r.customerEmail}</a>
                    <div class="muted">{r.customerEmail}</div>
                  </td>
                  <td>{r.situationTitle}</td>
                  <td>{r.contactPointName ?? '—'}</td>
                  <td>{r.lastExcerpt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  app.get('/inbox/:id', async (c) => threadPage(c, idOf(c)));

  app.post('/inbox/:id/answer', async (c) => {
    const id = idOf(c);
    const { db, config } = c.get('deps');
    await assertMayHandle(db, c.get('user'), id);
    const form = await c.req.parseBody();
    const text = typeof form['text'] === 'string' ? form['text'] : '';
    const transport = requestTransport(c.get('deps'));
    try {
      const r = await answerConversation(db, transport, config, c.get('actor'), id, text);
      if (!r.sent) {
        c.status(502);
        return threadPage(c, id, { error: `The answer was not sent: ${r.reason}. It is kept in the thread as not sent; the customer is still waiting.`, draft: text });
      }
    } catch (err) {
      if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'conflict')) {
        c.status(err.status as 400 | 409);
        return threadPage(c, id, { error: err.message, draft: text });
      }
      throw err;
    }
    return c.redirect(`/inbox/${id}?done=answered`, 303);
  });

  app.post('/inbox/:id/messages/:messageId/resend', async (c) => {
    const id = idOf(c);
    const messageId = Number(c.req.param('messageId'));
    if (!Number.isSafeInteger(messageId) || messageId <= 0) throw new AppError('not_found', 'no such answer');
    const { db } = c.get('deps');
    await assertMayHandle(db, c.get('user'), id);
    const r = await resendAnswer(db, requestTransport(c.get('deps')), c.get('actor'), id, messageId);
    if (!r.sent) {
      c.status(502);
      return threadPage(c, id, { error: `The answer was not sent again: ${r.reason}. It stays in the thread as not sent; the customer is still waiting.` });
    }
    return c.redirect(`/inbox/${id}?done=answered`, 303);
  });

  app.post('/inbox/:id/answered', async (c) => {
    const id = idOf(c);
    const { db } = c.get('deps');
    await assertMayHandle(db, c.get('user'), id);
    await markAnswered(db, c.get('actor'), id);
    return c.redirect(`/inbox/${id}?done=marked`, 303);
  });

  app.post('/inbox/:id/handover', async (c) => {
    const id = idOf(c);
    const { db } = c.get('deps');
    await assertMayHandle(db, c.get('user'), id);
    const form = await c.req.parseBody();
    await handOver(db, c.get('actor'), id, Number(form['contactPointId']));
    // A responder who handed over may no longer see the thread.
    return c.redirect(c.get('user').role === 'responder' ? '/inbox' : `/inbox/${id}?done=handover`, 303);
  });

  app.post('/inbox/:id/flag', async (c) => {
    const id = idOf(c);
    const { db } = c.get('deps');
    await assertMayHandle(db, c.get('user'), id);
    const form = await c.req.parseBody();
    await flagForFollowUp(db, c.get('actor'), id, typeof form['note'] === 'string' ? form['note'] : '');
    return c.redirect(`/inbox/${id}?done=flagged`, 303);
  });

  app.get('/follow-ups', async (c) => {
    const { db } = c.get('deps');
    const user = c.get('user');
    const [open, done] = await Promise.all([listFollowUps(db, true), listFollowUps(db, false)]);
    const csrf = c.get('csrfToken');
    const mayResolve = can(user.role, 'followups:write');
    const flash = c.req.query('done');
    return c.html(
      <Layout title="Follow-ups" user={user} csrfToken={csrf} section="inbox" flash={flash ? FLASH[flash] : undefined}>
        <h1>Follow-ups</h1>
        <p class="muted">Customers a responder asked the organisation to reach out to personally.</p>
        {open.length === 0 ? (
          <p>No open follow-ups.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Open follow-ups</caption>
            <TableHead columns={['Flagged', 'Customer', 'Situation', 'Note', 'By']} actions={mayResolve} />
            <tbody>
              {open.map((f) => (
                <tr>
                  <td>{formatDateTime(f.created_at)}</td>
                  <td>
                    {f.conversation_id ? <a href={`/inbox/${f.conversation_id}`}>{f.customer || f.email}</a> : f.customer || f.email}
                    <div class="muted">{f.email}</div>
                  </td>
                  <td>{f.situation ?? '—'}</td>
                  <td class="prewrap">{f.note}</td>
                  <td>{f.flagged_by ?? '—'}</td>
                  {mayResolve ? (
                    <td>
                      <form method="post" action={`/follow-ups/${f.id}/resolve`} class="inline-form">
                        <CsrfField token={csrf} />
                        <button type="submit" class="secondary">
                          Done<span class="visually-hidden"> with {f.customer || f.email}</span>
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {done.length ? (
          <details class="spaced">
            <summary>{done.length} recently done</summary>
            <ul>
              {done.map((f) => (
                <li>
                  {f.customer || f.email}: {f.note} (done {formatDateTime(f.resolved_at)})
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </Layout>,
    );
  });

  app.post('/follow-ups/:id/resolve', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such follow-up');
    await resolveFollowUp(c.get('deps').db, c.get('actor'), id);
    return c.redirect('/follow-ups?done=resolved', 303);
  });
}
