import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { can } from '../permissions.ts';
import type { ProviderRefusal } from './inbound.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';
import type { UnmatchedReason, UnmatchedRow } from './unmatched.ts';

const REASONS: Record<UnmatchedReason, PlainKey> = {
  no_routed_address: 'conversations.reasonNoRoutedAddress',
  unknown_address: 'conversations.reasonUnknownAddress',
  forged: 'conversations.reasonForged',
  expired: 'conversations.reasonExpired',
  unknown_delivery: 'conversations.reasonUnknownDelivery',
  contact_erased: 'conversations.reasonContactErased',
  reply_domain_not_configured: 'conversations.reasonReplyDomainNotConfigured',
  provider_refused: 'conversations.reasonProviderRefused',
};

/** Why, in words; with the provider's own answer (in its words) when it refused the message. */
function reasonText(r: UnmatchedRow): string {
  const key: PlainKey | undefined = REASONS[r.reason as UnmatchedReason];
  const words = key ? t(key) : r.reason;
  const refusal = (r.payload as { providerError?: ProviderRefusal } | null)?.providerError;
  return refusal ? t('conversations.reasonWithProviderAnswer', { reason: words, status: String(refusal.status ?? t('conversations.noStatus')), name: refusal.name, message: refusal.message }) : words;
}

/** Inbound mail no routed address matched, for an officer to read and mark as dealt with (an auditor reads it). */
export const UnmatchedPage = ({ rows, showHandled, user, csrfToken, flash }: { rows: UnmatchedRow[]; showHandled: boolean; user: User; csrfToken: string; flash?: string | undefined }) => (
  <Layout title={t('conversations.unmatchedTitle')} user={user} csrfToken={csrfToken} section="unmatched" flash={flash}>
    <h1>{t('conversations.unmatchedTitle')}</h1>
    <p class="muted">{t('conversations.unmatchedIntro')}</p>
    <p>{showHandled ? <a href="/unmatched">{t('conversations.showOnlyOpen')}</a> : <a href="/unmatched?handled=1">{t('conversations.showHandledToo')}</a>}</p>
    {rows.length === 0 ? (
      <p>{t('conversations.unmatchedEmpty')}</p>
    ) : (
      <table>
        <caption class="visually-hidden">{t('conversations.unmatchedCaption')}</caption>
        <TableHead columns={[t('conversations.colReceived'), t('conversations.colFrom'), t('conversations.colTo'), t('conversations.colSubject'), t('conversations.colWhyUnmatched')]} actions />
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>{formatDateTime(r.received_at)}</td>
              <td>{r.from_address}</td>
              <td>{r.to_address}</td>
              <td>{r.subject || '—'}</td>
              <td>{reasonText(r)}</td>
              <td>
                {r.handled_at ? (
                  <span class="badge ok">{t('conversations.dealtWith', { date: formatDateTime(r.handled_at) })}</span>
                ) : !can(user.role, 'unmatched:handle') ? (
                  // Hides the button from readers only; the route declares who may use it.
                  <span class="muted">{t('conversations.waiting')}</span>
                ) : (
                  <form method="post" action={`/unmatched/${r.id}/handled`}>
                    <CsrfField token={csrfToken} />
                    <button type="submit" class="secondary">
                      {t('conversations.markDealtWith')}
                      <span class="visually-hidden">{t('conversations.markDealtWithFrom', { address: r.from_address })}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);
