import type { ContactPoint, User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { OnceField } from '../http/once.tsx';
import { can } from '../permissions.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';
import { formatAge } from './inbox.ts';
import type { ConversationView } from './thread.ts';

const STATE_LABEL = { open: 'conversations.stateOpen', answered: 'conversations.stateAnswered', closed: 'conversations.stateClosed' } as const satisfies Record<ConversationView['status'], PlainKey>;

/** Delivery states in the words the other pages use for them (src/deliveries/state.ts). */
const DELIVERY_LABEL: Record<string, PlainKey> = {
  queued: 'conversations.deliveryQueued',
  sent: 'conversations.deliverySent',
  delivered: 'conversations.deliveryDelivered',
  delivery_delayed: 'conversations.deliveryDelayed',
  bounced: 'conversations.deliveryBounced',
  complained: 'conversations.deliveryComplained',
  failed: 'conversations.deliveryFailed',
  suppressed: 'conversations.deliverySuppressed',
  excluded: 'conversations.deliveryExcluded',
};

const deliveryLabel = (status: string): string => {
  const key = DELIVERY_LABEL[status];
  return key ? t(key) : status.replace(/_/g, ' ');
};

/** Who wrote a message, and how it came: the first words of its heading line. */
function origin(m: ConversationView['messages'][number]): string {
  if (m.direction === 'out') return t('conversations.answerBy', { name: m.authorName ?? 'tidings' });
  return m.channel === 'portal' ? t('conversations.questionFromStatusPage') : t('conversations.emailFrom', { address: m.from });
}

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
    <Layout title={t('conversations.threadTitle', { name: v.contact.name || v.contact.email })} user={user} csrfToken={csrf} section="inbox" flash={flash}>
      <p>
        <a href="/inbox">{t('conversations.backToInbox')}</a>
      </p>
      <h1>{v.contact.name || v.contact.email}</h1>
      <dl class="facts">
        <div>
          <dt>{t('conversations.factCustomer')}</dt>
          <dd>
            {v.contact.name} &lt;{v.contact.email}&gt; ({v.contact.locale})
          </dd>
        </div>
        <div>
          <dt>{t('conversations.factSituation')}</dt>
          <dd>
            <a href={`/situations/${v.situation.id}`}>{v.situation.title}</a>
          </dd>
        </div>
        <div>
          <dt>{t('conversations.factContactPerson')}</dt>
          <dd>{v.contactPoint ? v.contactPoint.name : t('conversations.nobodyYet')}</dd>
        </div>
        <div>
          <dt>{t('conversations.factState')}</dt>
          <dd>{v.status === 'open' && v.waitingSince ? t('conversations.stateOpenFor', { age: formatAge(v.waitingSince) }) : t(STATE_LABEL[v.status])}</dd>
        </div>
      </dl>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}

      <section aria-labelledby="thread-h">
        <h2 id="thread-h">{t('conversations.messagesHeading')}</h2>
        {human.length === 0 ? <p>{t('conversations.noMessages')}</p> : null}
        <ol class="thread">
          {human.map((m) => (
            <li>
              <article class={`card ${m.direction === 'out' ? 'msg-out' : 'msg-in'}`}>
                <p class="meta muted">
                  {origin(m)} · {formatDateTime(m.createdAt)}
                  {m.direction === 'out' && !m.sent ? ` · ${t('conversations.notSent')}` : ''}
                </p>
                <h3 class="flush">{m.subject}</h3>
                <p class="prewrap">{m.visibleText}</p>
                {m.visibleText !== m.text && m.text ? (
                  <details>
                    <summary>{t('conversations.showWholeMessage')}</summary>
                    <p class="prewrap">{m.text}</p>
                  </details>
                ) : null}
                {m.direction === 'out' && !m.sent && mayAnswer ? (
                  <form method="post" action={`/inbox/${v.id}/messages/${m.id}/resend`} class="actions">
                    <CsrfField token={csrf} />
                    <OnceField />
                    <button type="submit">{t('conversations.sendAgain')}</button>
                  </form>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
        {folded.length ? (
          <details>
            <summary>{t('conversations.setAside', { count: folded.length })}</summary>
            <ul>
              {folded.map((m) => (
                <li>
                  {formatDateTime(m.createdAt)} · {m.classification === 'bounce' ? t('conversations.kindBounce') : t('conversations.kindAutoReply')} · {m.subject}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      {mayAnswer ? (
        <section aria-labelledby="answer-h" class="card">
          <h2 id="answer-h">{t('conversations.answerHeading')}</h2>
          <p class="hint">{v.contactPoint ? t('conversations.answerHintNamed', { name: v.contactPoint.name }) : t('conversations.answerHintUnnamed')}</p>
          <form method="post" action={`/inbox/${v.id}/answer`} class="stack">
            <CsrfField token={csrf} />
            <OnceField />
            <div>
              <label for="answer-text">{t('conversations.yourAnswer')}</label>
              <textarea id="answer-text" name="text" rows={8} required>
                {draft ?? ''}
              </textarea>
            </div>
            <div class="actions">
              <button type="submit">{t('conversations.sendAnswer')}</button>
            </div>
          </form>
          {v.status === 'open' ? (
            <form method="post" action={`/inbox/${v.id}/answered`} class="spaced">
              <CsrfField token={csrf} />
              <button type="submit" class="secondary">
                {t('conversations.markAnswered')}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}

      {mayAnswer ? (
        <section aria-labelledby="handover-h" class="card">
          <h2 id="handover-h">{t('conversations.handoverHeading')}</h2>
          <form method="post" action={`/inbox/${v.id}/handover`} class="stack">
            <CsrfField token={csrf} />
            <div>
              <label for="handover-cp">{t('conversations.handoverTo')}</label>
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
              <button type="submit">{t('conversations.handoverButton')}</button>
            </div>
          </form>
        </section>
      ) : null}

      {mayFlag ? (
        <section aria-labelledby="flag-h" class="card">
          <h2 id="flag-h">{t('conversations.followUpHeading')}</h2>
          {v.flags.filter((f) => !f.resolvedAt).map((f) => (
            <p class="note card">{t('conversations.flaggedNote', { date: formatDateTime(f.createdAt), note: f.note })}</p>
          ))}
          <form method="post" action={`/inbox/${v.id}/flag`} class="stack">
            <CsrfField token={csrf} />
            <div>
              <label for="flag-note">{t('conversations.flagNoteLabel')}</label>
              <textarea id="flag-note" name="note" rows={3} required></textarea>
            </div>
            <div class="actions">
              <button type="submit">{t('conversations.flagButton')}</button>
            </div>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('conversations.historyHeading')}</h2>
        {v.history.length === 0 ? (
          <p>{t('conversations.historyEmpty')}</p>
        ) : (
          <table>
            <TableHead columns={[t('conversations.colUpdate'), t('conversations.colSubject'), t('conversations.colDelivery'), t('conversations.colSent')]} />
            <tbody>
              {v.history.map((h) => (
                <tr>
                  <td>
                    <a href={`/updates/${h.updateId}`}>{h.number ?? '—'}</a>
                  </td>
                  <td>{h.subject ?? '—'}</td>
                  <td>{deliveryLabel(h.status)}</td>
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
