import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import type { Suppression } from './queries.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';

const REASON_LABELS: Record<Suppression['reason'], PlainKey> = { bounced: 'suppressions.reasonBounced', complained: 'suppressions.reasonComplained', manual: 'suppressions.reasonManual' };

export const SuppressionsPage = (p: {
  suppressions: Suppression[];
  /** The address part searched for, if any. */
  search?: string | undefined;
  /** The cursor of the next (older) page, if there is one. */
  nextCursor?: string | undefined;
  /** Whether to offer lifting (admins). */
  canLift: boolean;
  user: User;
  csrfToken: string;
  flash?: string | undefined;
  error?: string | undefined;
  values?: { email: string; reason: string } | undefined;
}) => (
  <Layout title={t('suppressions.title')} user={p.user} csrfToken={p.csrfToken} section="suppressions" flash={p.flash}>
    <h1>{t('suppressions.title')}</h1>
    <p class="muted">{t('suppressions.intro')}</p>
    {p.error ? (
      <p class="error" role="alert" id="lift-error">
        {p.error}
      </p>
    ) : null}
    <form method="get" action="/suppressions" class="actions" role="search">
      <label for="sup-q">{t('suppressions.findAddress')}</label>
      <input id="sup-q" name="q" type="search" value={p.search ?? ''} />
      <button type="submit" class="secondary">
        {t('common.search')}
      </button>
    </form>
    {p.suppressions.length === 0 ? (
      <p id="no-suppressions">{p.search ? t('suppressions.noneMatch') : t('suppressions.none')}</p>
    ) : (
      <table id="suppressions">
        <caption class="visually-hidden">{t('suppressions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('suppressions.colEmail')}</th>
            <th scope="col">{t('suppressions.colWhy')}</th>
            <th scope="col">{t('suppressions.colSource')}</th>
            <th scope="col">{t('suppressions.colSince')}</th>
            {p.canLift ? <th scope="col">{t('suppressions.colLift')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.suppressions.map((s, i) => (
            <tr>
              <td>{s.email}</td>
              <td>{t(REASON_LABELS[s.reason])}</td>
              <td>{s.source ?? '—'}</td>
              <td>{formatDateTime(s.createdAt)}</td>
              {p.canLift ? (
                <td>
                  <form method="post" action="/suppressions/lift" class="inline">
                    <CsrfField token={p.csrfToken} />
                    <input type="hidden" name="email" value={s.email} />
                    <label for={`lift-reason-${i}`}>
                      <span aria-hidden="true">{t('suppressions.liftReason')}</span>
                      <span class="visually-hidden">{t('suppressions.liftReasonFor', { email: s.email })}</span>
                    </label>
                    <input id={`lift-reason-${i}`} name="reason" type="text" required maxlength={1000} value={p.values?.email === s.email ? p.values.reason : ''} />
                    <button type="submit" class="secondary">
                      <span aria-hidden="true">{t('suppressions.lift')}</span>
                      <span class="visually-hidden">{t('suppressions.liftName', { email: s.email })}</span>
                    </button>
                  </form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.nextCursor ? (
      <p>
        <a href={`/suppressions?${new URLSearchParams({ ...(p.search ? { q: p.search } : {}), cursor: p.nextCursor }).toString()}`}>{t('suppressions.older')}</a>
      </p>
    ) : null}
  </Layout>
);
