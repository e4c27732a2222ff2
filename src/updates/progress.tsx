import type { PlainKey } from '../../i18n/catalogue.ts';
import { t, tr } from '../../i18n/current.ts';
import type { Update } from '../db/types.ts';
import type { TimelineEvent } from '../deliveries/events.ts';
import { deliveryStatusLabel, eventLabel } from '../deliveries/labels.ts';
import { NOT_DELIVERED_STATUSES, notDeliveredText, outcomeOf } from '../deliveries/state.ts';
import { formatDateTime } from '../http/layout.tsx';
import type { DeliveryState, ProblemRecipients, RecipientRow } from './progress.ts';
import { statusLabel } from './status-badge.tsx';

/**
 * The counts the progress view lists, in the outcome vocabulary (src/deliveries/state.ts):
 * each total, with the states it is made of indented under it. `handed_over` and
 * `not_delivered` are totals; every other key is a delivery state.
 */
const COUNT_ROWS: { key: string; label: PlainKey | null; part?: true }[] = [
  { key: 'queued', label: 'updateProgress.rowQueued' },
  { key: 'handed_over', label: 'updateProgress.rowHandedOver' },
  { key: 'delivered', label: 'updateProgress.rowDelivered', part: true },
  { key: 'sent', label: 'updateProgress.rowNoReport', part: true },
  { key: 'delivery_delayed', label: 'updateProgress.rowDelayed', part: true },
  { key: 'not_delivered', label: 'updateProgress.rowNotDelivered' },
  // The parts of "not delivered" carry their state's own name.
  ...NOT_DELIVERED_STATUSES.map((k) => ({ key: k, label: null, part: true as const })),
  { key: 'excluded', label: 'updateProgress.rowExcluded' },
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

/** The numbers and the sentence the progress view shows; the same for the page and progress.json (in the reader's language). */
export function progressOf(u: Pick<Update, 'status' | 'send_at' | 'cancelled_at' | 'sent_at'>, counts: Record<string, number>, now = new Date(), held: DeliveryState['held'] = { count: 0, until: null }): Progress {
  const o = outcomeOf(counts);
  const { total, handedOver } = o;
  const handled = total - o.queued;
  let summary: string;
  switch (u.status) {
    case 'scheduled':
      summary = u.send_at && u.send_at.getTime() > now.getTime() ? t('updateProgress.summaryScheduled', { date: formatDateTime(u.send_at) }) : t('updateProgress.summaryStarting');
      break;
    case 'sending':
      summary = total === 0 ? t('updateProgress.summaryStarting') : t('updateProgress.summarySending', { handled, total, sent: handedOver, excluded: o.excluded, notDelivered: notDeliveredText(o) });
      if (held.count > 0) summary += ` ${t('updateProgress.summaryHeld', { count: held.count, date: formatDateTime(held.until) })}`;
      break;
    case 'sent':
      summary = t('updateProgress.summarySent', { count: handedOver, excluded: o.excluded, notDelivered: notDeliveredText(o) });
      break;
    case 'cancelled': {
      const date = formatDateTime(u.cancelled_at);
      summary = total === 0 ? t('updateProgress.summaryCancelledNothing', { date }) : t('updateProgress.summaryCancelledSome', { date, count: handedOver });
      break;
    }
    default:
      summary = t('updateProgress.summaryNotSent', { status: statusLabel(u.status) });
  }
  // The totals ride along with the states, so the page's live numbers (updates.js) refresh them too.
  const withTotals = { ...counts, handed_over: handedOver, not_delivered: o.notDelivered };
  return { status: u.status, statusLabel: statusLabel(u.status), counts: withTotals, total, handled, done: u.status === 'sent' || u.status === 'cancelled', summary, held: held.count, heldUntil: held.until?.toISOString() ?? null };
}

function reasonText(reason: string | null, status: string): string {
  if (!reason) return status === 'bounced' ? t('updateProgress.reasonBounced') : status === 'complained' ? t('updateProgress.reasonComplained') : '—';
  if (reason.startsWith('suppressed:')) return t('updateProgress.reasonSuppressed', { reason: reason.slice('suppressed:'.length) });
  return reason;
}

export const ProgressSection = (p: { updateId: number; progress: Progress }) => {
  const pr = p.progress;
  return (
    <section
      aria-labelledby="progress-h"
      class="card progress-view"
      id="progress"
      data-progress-url={`/updates/${p.updateId}/progress.json`}
      data-done={pr.done ? 'true' : 'false'}
      data-number-locale={tr().intlLocale}
      data-text-outcome={t('updateProgress.outcome')}
      data-text-live={t('updateProgress.liveHint')}
      data-text-unavailable={t('updateProgress.liveUnavailable')}
    >
      <h2 id="progress-h">{pr.done ? t('updateProgress.outcome') : t('updateProgress.progress')}</h2>
      <p>
        <a href={`/updates/${p.updateId}/recipient`}>{t('updateProgress.findOneRecipient')}</a> · <a href={`/history?update=${p.updateId}`}>{t('updateProgress.historyOfUpdate')}</a>
      </p>
      <p id="progress-summary" class="summary" aria-live="polite" aria-atomic="true">
        {pr.summary}
      </p>
      <progress id="progress-bar" max={String(Math.max(pr.total, 1))} value={String(pr.total ? pr.handled : pr.done ? 1 : 0)} aria-label={t('updateProgress.recipientsHandled')}></progress>
      <dl class="counts">
        {COUNT_ROWS.map((r) => (
          <div class={`count-${r.key}${r.part ? ' count-part' : ''}`}>
            <dt>{r.label ? t(r.label) : deliveryStatusLabel(r.key)}</dt>
            <dd data-count={r.key}>{tr().number(pr.counts[r.key] ?? 0)}</dd>
          </div>
        ))}
      </dl>
      {pr.done ? null : (
        <p class="hint" id="progress-refresh">
          {t('updateProgress.refreshHint')} <a href="">{t('updateProgress.refreshLink')}</a>
        </p>
      )}
    </section>
  );
};

/** One recipient's provider events in the order they happened, folded away by default. */
export const Timeline = (p: { events: TimelineEvent[]; email: string }) =>
  p.events.length === 0 ? (
    <span class="muted">{t('updateProgress.noEventsYet')}</span>
  ) : (
    <details class="timeline">
      <summary>
        {t('updateProgress.eventCount', { count: p.events.length })}
        <span class="visually-hidden"> {t('updateProgress.eventsFor', { email: p.email })}</span>
      </summary>
      <ol>
        {p.events.map((e) => (
          <li>
            <time datetime={e.occurredAt.toISOString()}>{formatDateTime(e.occurredAt)}</time> {eventLabel(e.type)}
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
        <th scope="col">{t('updateProgress.columnEmail')}</th>
        <th scope="col">{t('updateProgress.columnName')}</th>
        {p.showStatus ? <th scope="col">{t('updateProgress.columnStatus')}</th> : null}
        <th scope="col">{t('updateProgress.columnReason')}</th>
        {p.showStatus ? <th scope="col">{t('updateProgress.columnEvents')}</th> : null}
      </tr>
    </thead>
    <tbody>
      {p.rows.map((r) => (
        <tr>
          <td>{r.email}</td>
          <td>{r.name}</td>
          {p.showStatus ? <td>{deliveryStatusLabel(r.status)}</td> : null}
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
  const listed = p.recipients;
  return (
    <section aria-labelledby="recipients-h" id="recipients">
      <h2 id="recipients-h">{t('updateProgress.recipientsHeading')}</h2>
      {notDelivered === 0 ? (
        <p id="no-failures">{p.progress.done ? t('updateProgress.noFailures') : t('updateProgress.noFailuresSoFar')}</p>
      ) : (
        <RecipientTable
          id="failed-recipients"
          caption={notDelivered > listed.notDelivered.length ? t('updateProgress.captionNotDeliveredFirst', { shown: listed.notDelivered.length, total: notDelivered }) : t('updateProgress.captionNotDelivered', { total: notDelivered })}
          rows={listed.notDelivered}
          showStatus
        />
      )}
      {excluded === 0 ? (
        <p id="no-exclusions">{t('updateProgress.nobodyExcluded')}</p>
      ) : (
        <RecipientTable
          id="excluded-recipients"
          caption={excluded > listed.excluded.length ? t('updateProgress.captionExcludedFirst', { shown: listed.excluded.length, total: excluded }) : t('updateProgress.captionExcluded', { total: excluded })}
          rows={listed.excluded}
          showStatus={false}
        />
      )}
    </section>
  );
};
