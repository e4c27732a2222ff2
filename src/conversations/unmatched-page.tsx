import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { can } from '../permissions.ts';
import type { ProviderRefusal } from './inbound.ts';
import type { UnmatchedReason, UnmatchedRow } from './unmatched.ts';

const REASONS: Record<UnmatchedReason, string> = {
  no_routed_address: 'not sent to a reply address of ours',
  unknown_address: 'an unknown reply address',
  forged: 'a reply address that does not check out (altered or forged)',
  expired: 'a reply address that has expired',
  unknown_delivery: 'a reply address for an email we no longer have',
  contact_erased: 'a reply from a customer whose data was erased on request',
  reply_domain_not_configured: 'no reply domain is configured',
  provider_refused: 'the email provider would not give us the message',
};

/** Why, in words; with the provider's own answer when it refused the message. */
function reasonText(r: UnmatchedRow): string {
  const words = REASONS[r.reason as UnmatchedReason] ?? r.reason;
  const refusal = (r.payload as { providerError?: ProviderRefusal } | null)?.providerError;
  return refusal ? `${words} (${refusal.status ?? 'no status'} ${refusal.name}: ${refusal.message})` : words;
}

/** Inbound mail no routed address matched, for an officer to read and mark as dealt with (an auditor reads it). */
export const UnmatchedPage = ({ rows, showHandled, user, csrfToken, flash }: { rows: UnmatchedRow[]; showHandled: boolean; user: User; csrfToken: string; flash?: string | undefined }) => (
  <Layout title="Unmatched mail" user={user} csrfToken={csrfToken} section="unmatched" flash={flash}>
    <h1>Unmatched mail</h1>
    <p class="muted">Mail that reached tidings but could not be matched to a customer and an update. It is kept here until someone has dealt with it.</p>
    <p>{showHandled ? <a href="/unmatched">Show only mail still to deal with</a> : <a href="/unmatched?handled=1">Show mail already dealt with too</a>}</p>
    {rows.length === 0 ? (
      <p>Nothing waiting.</p>
    ) : (
      <table>
        <caption class="visually-hidden">Unmatched inbound mail, newest first</caption>
        <TableHead columns={['Received', 'From', 'To', 'Subject', 'Why it was not matched']} actions />
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
                  <span class="badge ok">dealt with {formatDateTime(r.handled_at)}</span>
                ) : !can(user.role, 'unmatched:handle') ? (
                  // Hides the button from readers only; the route declares who may use it.
                  <span class="muted">waiting</span>
                ) : (
                  <form method="post" action={`/unmatched/${r.id}/handled`}>
                    <CsrfField token={csrfToken} />
                    <button type="submit" class="secondary">
                      Mark as dealt with<span class="visually-hidden"> (mail from {r.from_address})</span>
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
