import type { Context, Hono } from 'hono';
import { sql } from 'kysely';
import { deliveryTimelines, EVENT_LABELS, trackingEnabled } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { formatDateTime, Layout } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import type { ReleaseSnapshot } from '../db/types.ts';
import { loadUpdate } from './compose.ts';

/** One recipient of one update: what was sent to them and every provider event since. */
async function recipientPage(c: Context<AppEnv>) {
  const { db } = c.get('deps');
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such update');
  const u = await loadUpdate(db, id);
  const email = (c.req.query('email') ?? '').trim();
  const delivery = email
    ? await db
        .selectFrom('deliveries')
        .selectAll()
        .where('update_id', '=', id)
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst()
    : undefined;
  const tracking = await trackingEnabled(db);
  const situation = await db.selectFrom('situations').select(['id', 'title']).where('id', '=', u.situation_id).executeTakeFirstOrThrow();
  // The contact point as the email named it at release, even if the person's details changed since.
  const contactPoint = (u.release_snapshot as ReleaseSnapshot | null)?.contactPoint;
  const events = delivery ? ((await deliveryTimelines(db, [delivery.id], { tracking })).get(delivery.id) ?? []) : [];
  const title = `Update ${u.number ?? ''} · recipient`;
  return c.html(
    <Layout title={title} user={c.get('user')} csrfToken={c.get('csrfToken')} section="situations">
      <p>
        <a href={`/updates/${id}`}>← Back to the update</a>
      </p>
      <h1>Find a recipient of update {u.number ?? `#${id}`}</h1>
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
              {situation.title} · update {u.number ?? `#${id}`}
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
    </Layout>,
  );
}

export function recipientPages(app: Hono<AppEnv>): void {
  app.get('/updates/:id/recipient', requirePermission('read'), recipientPage);
}
