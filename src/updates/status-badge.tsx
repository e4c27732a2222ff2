export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  pending_approval: 'Waiting for approval',
  approved: 'Approved',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

const STATUS_TONE: Record<string, string> = { approved: 'ok', sent: 'ok', sending: 'warn', scheduled: 'warn', pending_approval: 'warn', cancelled: 'bad' };

export const StatusBadge = (p: { status: string; id?: string }) => (
  <span class={`badge ${STATUS_TONE[p.status] ?? ''}`.trim()} id={p.id}>
    {STATUS_LABELS[p.status] ?? p.status}
  </span>
);
