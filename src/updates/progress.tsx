import type { Update } from '../db/types.ts';
import { EVENT_LABELS, type TimelineEvent } from '../deliveries/events.ts';
import { DELIVERY_STATUS_LABELS, NOT_DELIVERED_STATUSES, notDeliveredText, outcomeOf } from '../deliveries/state.ts';
import { formatDateTime } from '../http/layout.tsx';
import type { DeliveryState, ProblemRecipients, RecipientRow } from './progress.ts';
import { STATUS_LABELS } from './status-badge.tsx';

const COUNT_LABELS = DELIVERY_STATUS_LABELS;
/**
 * The counts the progress view lists, in the outcome vocabulary (src/deliveries/state.ts):
 * each total, with the states it is made of indented under it. `handed_over` and
 * `not_delivered` are totals; every other key is a delivery state.
 */
const COUNT_ROWS: { key: string; label: string; part?: true }[] = [
  { key: 'queued', label: 'Queued' },
  { key: 'handed_over', label: 'Sent (handed to the provider)' },
  { key: 'delivered', label: 'Delivered', part: true },
  { key: 'sent', label: 'No delivery report yet', part: true },
  { key: 'delivery_delayed', label: 'Delivery delayed', part: true },
  { key: 'not_delivered', label: 'Not delivered' },
  ...NOT_DELIVERED_STATUSES.map((k) => ({ key: k, label: COUNT_LABELS[k], part: true as const })),
  { key: 'excluded', label: 'Excluded before sending' },
];

export interface Progress {
  status: string;
  statusLabel: string;
  counts: Record<string, number>;
  total: number;
  /** Recipients no longer queued. */
  handled: number;
  /** Nothing more will happen without someone acting (sent or cancelled). */
  done: boolean;
  summary: string;
  /** Recipients held for quiet hours, and when the first of them may go. */
  held: number;
  heldUntil: string | null;
}

const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);
const customers = (n: number) => (n === 1 ? '1 customer' : `${fmt(n)} customers`);

/** The numbers and the sentence the progress view shows; the same for the page and progress.json. */
export function progressOf(u: Pick<Update, 'status' | 'send_at' | 'cancelled_at' | 'sent_at'>, counts: Record<string, number>, now = new Date(), held: DeliveryState['held'] = { count: 0, until: null }): Progress {
  const o = outcomeOf(counts);
  const { total, handedOver } = o;
  const handled = total - o.queued;
  let summary: string;
  switch (u.status) {
    case 'scheduled':
      summary =
        u.send_at && u.send_at.getTime() > now.getTime()
          ? `Scheduled for ${formatDateTime(u.send_at)}. Nothing has been sent yet; it can still be cancelled.`
          : 'Starting: the recipient list is being prepared.';
      break;
    case 'sending':
      summary = total === 0 ? 'Starting: the recipient list is being prepared.' : `${fmt(handled)} of ${fmt(total)} recipients handled: ${fmt(handedOver)} sent, ${fmt(o.excluded)} excluded, ${notDeliveredText(o)}.`;
      if (held.count > 0) summary += ` ${customers(held.count)} held for quiet hours; the first go at ${formatDateTime(held.until)}.`;
      break;
    case 'sent': {
      summary = `Sent to ${customers(handedOver)}; ${fmt(o.excluded)} excluded; ${notDeliveredText(o)}.`;
      break;
    }
    case 'cancelled':
      summary = `Cancelled ${formatDateTime(u.cancelled_at)}. ${total === 0 ? 'Nothing was sent.' : `${customers(handedOver)} had already been sent it.`}`;
      break;
    default:
      summary = `${STATUS_LABELS[u.status] ?? u.status}: not sent yet.`;
  }
  // The totals ride along with the states, so the page's live numbers (updates.js) refresh them too.
  const withTotals = { ...counts, handed_over: handedOver, not_delivered: o.notDelivered };
  return { status: u.status, statusLabel: STATUS_LABELS[u.status] ?? u.status, counts: withTotals, total, handled, done: u.status === 'sent' || u.status === 'cancelled', summary, held: held.count, heldUntil: held.until?.toISOString() ?? null };
}

function reasonText(reason: string | null, status: string): string {
  if (!reason) return status === 'bounced' ? 'the address bounced' : status === 'complained' ? 'the customer marked it as spam' : '—';
  if (reason.startsWith('suppressed:')) return `suppressed (${reason.slice('suppressed:'.length)})`;
  return reason;
}

export const ProgressSection = (p: { updateId: number; progress: Progress }) => {
  const pr = p.progress;
  return (
    <section aria-labelledby="progress-h" class="card progress-view" id="progress" data-progress-url={`/updates/${p.updateId}/progress.json`} data-done={pr.done ? 'true' : 'false'}>
      <h2 id="progress-h">{pr.done ? 'Outcome' : 'Progress'}</h2>
      <p>
        <a href={`/updates/${p.updateId}/recipient`}>Find one recipient and the events of their email</a> ·{' '}
        <a href={`/history?update=${p.updateId}`}>Send history of this update</a>
      </p>
      <p id="progress-summary" class="summary" aria-live="polite" aria-atomic="true">
        {pr.summary}
      </p>
      <progress id="progress-bar" max={String(Math.max(pr.total, 1))} value={String(pr.total ? pr.handled : pr.done ? 1 : 0)} aria-label="Recipients handled"></progress>
      <dl class="counts">
        {COUNT_ROWS.map((r) => (
          <div class={`count-${r.key}${r.part ? ' count-part' : ''}`}>
            <dt>{r.label}</dt>
            <dd data-count={r.key}>{fmt(pr.counts[r.key] ?? 0)}</dd>
          </div>
        ))}
      </dl>
      {pr.done ? null : (
        <p class="hint" id="progress-refresh">
          The numbers update by themselves while this page is open with JavaScript on. <a href="">Refresh the numbers</a>
        </p>
      )}
    </section>
  );
};

/** One recipient's provider events in the order they happened, folded away by default. */
export const Timeline = (p: { events: TimelineEvent[]; email: string }) =>
  p.events.length === 0 ? (
    <span class="muted">none yet</span>
  ) : (
    <details class="timeline">
      <summary>
        {p.events.length === 1 ? '1 event' : `${p.events.length} events`}
        <span class="visually-hidden"> for {p.email}</span>
      </summary>
      <ol>
        {p.events.map((e) => (
          <li>
            <time datetime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt)}</time> {EVENT_LABELS[e.type] ?? e.type}
          </li>
        ))}
      </ol>
    </details>
  );

const RecipientTable = (p: { id: string; caption: string; rows: RecipientRow[]; showStatus: boolean }) => (
  <table id={p.id}>
    <caption>{p.caption}</caption>
    <thead>
      <tr>
        <th scope="col">Email</th>
        <th scope="col">Name</th>
        {p.showStatus ? <th scope="col">Status</th> : null}
        <th scope="col">Reason</th>
        {p.showStatus ? <th scope="col">Provider events</th> : null}
      </tr>
    </thead>
    <tbody>
      {p.rows.map((r) => (
        <tr>
          <td>{r.email}</td>
          <td>{r.name}</td>
          {p.showStatus ? <td>{COUNT_LABELS[r.status as keyof typeof COUNT_LABELS] ?? r.status}</td> : null}
          <td>{reasonText(r.reason, r.status)}</td>
          {p.showStatus ? (
            <td>
              <Timeline events={r.events ?? []} email={r.email} />
            </td>
          ) : null}
        </tr>
      ))}
    </tbody>
  </table>
);

/** Who did not receive the update, and why. */
export const RecipientsSection = (p: { progress: Progress; recipients: ProblemRecipients }) => {
  const o = outcomeOf(p.progress.counts);
  const notDelivered = o.notDelivered;
  const excluded = o.excluded;
  const shown = (n: number, total: number) => (total > n ? `the first ${fmt(n)} of ${fmt(total)}` : fmt(total));
  return (
    <section aria-labelledby="recipients-h" id="recipients">
      <h2 id="recipients-h">Recipients who did not receive it</h2>
      {notDelivered === 0 ? (
        <p id="no-failures">0 not delivered{p.progress.done ? '' : ' so far'}: no email bounced, was marked as spam, failed or was suppressed by the provider.</p>
      ) : (
        <RecipientTable id="failed-recipients" caption={`Not delivered: ${shown(p.recipients.notDelivered.length, notDelivered)}`} rows={p.recipients.notDelivered} showStatus />
      )}
      {excluded === 0 ? (
        <p id="no-exclusions">Nobody was left out.</p>
      ) : (
        <RecipientTable id="excluded-recipients" caption={`Excluded before sending: ${shown(p.recipients.excluded.length, excluded)}`} rows={p.recipients.excluded} showStatus={false} />
      )}
    </section>
  );
};
