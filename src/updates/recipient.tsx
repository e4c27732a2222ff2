import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { User } from '../db/types.ts';
import { EVENT_LABELS } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';
import { formatDateTime, Layout } from '../http/layout.tsx';
import { findRecipient, type RecipientLookup } from './recipient.ts';

/** The search form for one recipient of an update, and what was sent to them. */
export const RecipientPage = ({ r, user, csrfToken }: { r: RecipientLookup; user: User; csrfToken: string }) => {
  const { update: u, situation, email, delivery, events, tracking, contactPoint } = r;
  const id = u.id;
  const title = `Update ${u.number ?? ''} · recipient`;
  return (
    <Layout title={title} user={user} csrfToken={csrfToken} section="situations">
      <p>
        <a href={`/updates/${id}`}>← Back to the update</a>
      </p>
      <h1>Find a recipient of {u.number ? `update ${u.number}` : 'the unsent update'}</h1>
      <form method="get" action={`/updates/${id}/recipient`} role="search" class="actions card" aria-label="Find a recipient">
        <div>
          <label for="recipient-email">Email address</label>
          <input id="recipient-email" name="email" type="email" required value={email} />
        </div>
        <button type="submit">Find</button>
      </form>
      {email && !delivery ? (
        <p class="error" role="alert">
          {email} was not among the recipients of this update.
        </p>
      ) : null}
      {delivery ? (
        <section aria-labelledby="recipient-h" class="card">
          <h2 id="recipient-h">{delivery.email}</h2>
          <p>
            <a href={`/history?${new URLSearchParams({ email: delivery.email }).toString()}`}>Every update this customer was sent</a>
          </p>
          <dl class="details">
            <dt>Update</dt>
            <dd>
              {situation.title} · {u.number ? `update ${u.number}` : 'the unsent update'}
            </dd>
            <dt>Name</dt>
            <dd>{delivery.name || '—'}</dd>
            <dt>Status</dt>
            <dd>
              {delivery.status}
              {delivery.bounce_type ? ` (${delivery.bounce_type} bounce)` : ''}
              {delivery.reason ? `: ${delivery.reason}` : ''}
            </dd>
            <dt>Language variant sent and time zone</dt>
            <dd>
              {delivery.locale}, {delivery.timezone}
            </dd>
            <dt>Sent</dt>
            <dd>{formatDateTime(delivery.sent_at)}</dd>
            <dt>Subject sent</dt>
            <dd>{delivery.subject ?? '—'}</dd>
            <dt>SHA-256 of the HTML body sent</dt>
            <dd class="mono">{delivery.body_hash ?? '—'}</dd>
            <dt>Contact point named</dt>
            <dd>{contactPoint ? `${contactPoint.name}, ${contactPoint.role} (${contactPoint.email}, ${contactPoint.phone})` : '—'}</dd>
            <dt>Promised next update</dt>
            <dd>{formatDateTime(delivery.promised_at)}</dd>
            <dt>Provider id</dt>
            <dd class="mono">{delivery.provider_id ?? '—'}</dd>
          </dl>
          <h3>Events</h3>
          {events.length === 0 ? (
            <p class="muted">No provider event yet.</p>
          ) : (
            <ol>
              {events.map((e) => (
                <li>
                  <time datetime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt)}</time> {EVENT_LABELS[e.type] ?? e.type}
                </li>
              ))}
            </ol>
          )}
          {tracking ? null : <p class="hint">Opens and clicks are not tracked (an admin can turn tracking on in Settings).</p>}
        </section>
      ) : null}
    </Layout>
  );
};

export function recipientPages(app: Hono<AppEnv>): void {
  app.get('/updates/:id/recipient', allow('read'), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such update');
    const r = await findRecipient(c.get('deps').db, id, c.req.query('email') ?? '');
    return c.html(<RecipientPage r={r} user={c.get('user')} csrfToken={c.get('csrfToken')} />);
  });
}
