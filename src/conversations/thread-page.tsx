import type { ContactPoint, User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { OnceField } from '../http/once.tsx';
import { can } from '../permissions.ts';
import { formatAge } from './inbox.ts';
import type { ConversationView } from './thread.ts';

const STATE_LABEL: Record<ConversationView['status'], string> = { open: 'Waiting for an answer', answered: 'Answered', closed: 'Closed' };

export interface ThreadPageProps {
  conversation: ConversationView;
  contactPoints: ContactPoint[];
  user: User;
  csrfToken: string;
  flash?: string | undefined;
  /** A refusal shown in place (an answer not sent, or not accepted), with the answer typed so far. */
  error?: string | undefined;
  draft?: string | undefined;
}

/**
 * A conversation's thread: the customer's messages and the answers (automatic
 * replies set aside), and what this person may do with it.
 */
export const ThreadPage = ({ conversation: v, contactPoints: points, user, csrfToken: csrf, flash, error, draft }: ThreadPageProps) => {
  // What to show, not who may act: the routes themselves declare that.
  const mayAnswer = can(user.role, 'conversations:answer');
  const mayFlag = can(user.role, 'followups:write');
  const human = v.messages.filter((m) => m.direction === 'out' || m.classification === 'human');
  const folded = v.messages.filter((m) => m.direction === 'in' && m.classification !== 'human');
  return (
    <Layout title={`Conversation with ${v.contact.name || v.contact.email}`} user={user} csrfToken={csrf} section="inbox" flash={flash}>
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
      {error ? (
        <p class="error" role="alert">
          {error}
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
                    <OnceField />
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
            <OnceField />
            <div>
              <label for="answer-text">Your answer</label>
              <textarea id="answer-text" name="text" rows={8} required>
                {draft ?? ''}
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
    </Layout>
  );
};
