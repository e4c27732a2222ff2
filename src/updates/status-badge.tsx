import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';

const STATUS_KEYS: Record<string, PlainKey> = {
  draft: 'updates.statusDraft',
  pending_approval: 'updates.statusPendingApproval',
  approved: 'updates.statusApproved',
  scheduled: 'updates.statusScheduled',
  sending: 'updates.statusSending',
  sent: 'updates.statusSent',
  cancelled: 'updates.statusCancelled',
};

/** An update's state in the reader's language (the API keeps the values). */
export function statusLabel(status: string): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status;
}

/** Before an update goes out it has no number; its heading says where it stands. */
const HEADINGS: Partial<Record<string, PlainKey>> = {
  draft: 'updates.headingDraft',
  pending_approval: 'updates.headingPending',
  approved: 'updates.headingApproved',
  scheduled: 'updates.headingScheduled',
  cancelled: 'updates.headingCancelled',
};

/** The update's heading: its number once sent, else where it stands. */
export function updateHeading(u: { number: number | null; status: string }): string {
  return u.number ? t('updates.headingNumbered', { number: u.number }) : t(HEADINGS[u.status] ?? 'updates.headingDraft');
}

const STATUS_TONE: Record<string, string> = { approved: 'ok', sent: 'ok', sending: 'warn', scheduled: 'warn', pending_approval: 'warn', cancelled: 'bad' };

export const StatusBadge = (p: { status: string; id?: string }) => (
  <span class={`badge ${STATUS_TONE[p.status] ?? ''}`.trim()} id={p.id}>
    {statusLabel(p.status)}
  </span>
);
