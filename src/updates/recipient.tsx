import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { User } from '../db/types.ts';
import { t } from '../../i18n/current.ts';
import { bounceLabel, deliveryStatusLabel, eventLabel } from '../deliveries/labels.ts';
import { AppError } from '../errors.ts';
import { formatDateTime, Layout } from '../http/layout.tsx';
import { findRecipient, type RecipientLookup } from './recipient.ts';

/** The search form for one recipient of an update, and what was sent to them. */
export const RecipientPage = ({ r, user, csrfToken }: { r: RecipientLookup; user: User; csrfToken: string }) => {
  const { update: u, situation, email, delivery, events, tracking, contactPoint } = r;
  const id = u.id;
  const title = u.number ? t('updates.recipientTitle', { number: u.number }) : t('updates.recipientTitleUnsent');
  return (
    <Layout title={title} user={user} csrfToken={csrfToken} section="situations">
      <p>
        <a href={`/updates/${id}`}>{t('updates.backToUpdate')}</a>
      </p>
      <h1>{u.number ? t('updates.recipientHeading', { number: u.number }) : t('updates.recipientHeadingUnsent')}</h1>
      <form method="get" action={`/updates/${id}/recipient`} role="search" class="actions card" aria-label={t('updates.findRecipient')}>
        <div>
          <label for="recipient-email">{t('updates.emailAddress')}</label>
          <input id="recipient-email" name="email" type="email" required value={email} />
        </div>
        <button type="submit">{t('updates.find')}</button>
      </form>
      {email && !delivery ? (
        <p class="error" role="alert">
          {t('updates.notARecipient', { email })}
        </p>
      ) : null}
      {delivery ? (
        <section aria-labelledby="recipient-h" class="card">
          <h2 id="recipient-h">{delivery.email}</h2>
          <p>
            <a href={`/history?${new URLSearchParams({ email: delivery.email }).toString()}`}>{t('updates.everyUpdateSent')}</a>
          </p>
          <dl class="details">
            <dt>{t('updates.recipientUpdate')}</dt>
            <dd>{u.number ? t('updates.recipientUpdateLine', { situation: situation.title, number: u.number }) : t('updates.recipientUpdateLineUnsent', { situation: situation.title })}</dd>
            <dt>{t('updates.recipientName')}</dt>
            <dd>{delivery.name || '—'}</dd>
            <dt>{t('updates.recipientStatus')}</dt>
            <dd>
              {deliveryStatusLabel(delivery.status)}
              {delivery.bounce_type ? ` (${bounceLabel(delivery.bounce_type)})` : ''}
              {delivery.reason ? `: ${delivery.reason}` : ''}
            </dd>
            <dt>{t('updates.recipientLocale')}</dt>
            <dd>
              {delivery.locale}, {delivery.timezone}
            </dd>
            <dt>{t('updates.recipientSent')}</dt>
            <dd>{formatDateTime(delivery.sent_at)}</dd>
            <dt>{t('updates.recipientSubject')}</dt>
            <dd>{delivery.subject ?? '—'}</dd>
            <dt>{t('updates.recipientBodyHash')}</dt>
            <dd class="mono">{delivery.body_hash ?? '—'}</dd>
            <dt>{t('updates.recipientContactPoint')}</dt>
            <dd>{contactPoint ? `${contactPoint.name}, ${contactPoint.role} (${contactPoint.email}, ${contactPoint.phone})` : '—'}</dd>
            <dt>{t('updates.recipientPromised')}</dt>
            <dd>{formatDateTime(delivery.promised_at)}</dd>
            <dt>{t('updates.recipientProviderId')}</dt>
            <dd class="mono">{delivery.provider_id ?? '—'}</dd>
          </dl>
          <h3>{t('updates.recipientEvents')}</h3>
          {events.length === 0 ? (
            <p class="muted">{t('updates.noProviderEvent')}</p>
          ) : (
            <ol>
              {events.map((e) => (
                <li>
                  <time datetime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt)}</time> {eventLabel(e.type)}
                </li>
              ))}
            </ol>
          )}
          {tracking ? null : <p class="hint">{t('updates.trackingOff')}</p>}
        </section>
      ) : null}
    </Layout>
  );
};

export function recipientPages(app: Hono<AppEnv>): void {
  app.get('/updates/:id/recipient', allow('read'), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', 'updates.noSuchUpdate');
    const r = await findRecipient(c.get('deps').db, id, c.req.query('email') ?? '');
    return c.html(<RecipientPage r={r} user={c.get('user')} csrfToken={c.get('csrfToken')} />);
  });
}
