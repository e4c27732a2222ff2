import type { DeliveryStatus, User } from '../db/types.ts';
import { DELIVERY_STATUS_LABELS, DELIVERY_STATUSES } from '../deliveries/state.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { historyParams } from './filter.ts';
import { describeFilter, type HistoryCursor, type HistoryFilter, type HistoryRow } from './queries.ts';

function recordHref(r: HistoryRow): string {
  return `/updates/${r.updateId}/recipient?${new URLSearchParams({ email: r.email }).toString()}`;
}

const dateValue = (d: Date | undefined) => (d ? d.toISOString() : '');

export interface HistoryPageProps {
  user: User;
  csrfToken: string;
  filter: HistoryFilter;
  /** Whether this page continues from a cursor (is not the newest page). */
  continued: boolean;
  page: { rows: HistoryRow[]; next: HistoryCursor | null };
  situations: { id: number; title: string }[];
}

/** The send history: the filter form, one page of deliveries, newest update first, and the links onwards. */
export const HistoryPage = ({ user, csrfToken, filter, continued, page, situations }: HistoryPageProps) => {
  const exportHref = `/history.csv?${historyParams(filter).toString()}`;
  const nextHref = page.next ? `/history?${historyParams(filter, page.next).toString()}` : null;
  return (
    <Layout title="Send history" user={user} csrfToken={csrfToken} section="history">
      <h1>Send history</h1>
      <p class="muted">Every recipient of every released update: what was sent, in which language, naming whom and promising what, and what happened to it.</p>
      <form method="get" action="/history" class="card" role="search" aria-label="Filter the send history">
        <div class="grid">
          <div>
            <label for="h-email">Customer email</label>
            <input id="h-email" name="email" type="email" value={filter.email ?? ''} autocomplete="off" />
          </div>
          <div>
            <label for="h-situation">Situation</label>
            <select id="h-situation" name="situation">
              <option value="">All situations</option>
              {situations.map((s) => (
                <option value={String(s.id)} selected={filter.situationId === s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-update">Update id</label>
            <input id="h-update" name="update" type="text" inputmode="numeric" value={filter.updateId?.toString() ?? ''} />
          </div>
          <div>
            <label for="h-status">State</label>
            <select id="h-status" name="status">
              <option value="">Any state</option>
              {DELIVERY_STATUSES.map((s) => (
                <option value={s} selected={filter.status === s}>
                  {DELIVERY_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-from">Sent from</label>
            <input id="h-from" name="from" type="text" value={dateValue(filter.from)} placeholder="2026-03-01" />
          </div>
          <div>
            <label for="h-to">Sent before</label>
            <input id="h-to" name="to" type="text" value={dateValue(filter.to)} placeholder="2026-04-01" />
          </div>
        </div>
        <div class="actions spaced">
          <button type="submit">Filter</button>
          <a href="/history">Clear</a>
          <a href={exportHref} download>
            Export this view as CSV
          </a>
        </div>
      </form>
      <p id="history-filter">
        Showing: <strong>{describeFilter(filter)}</strong>
        {continued ? ' (continued)' : ''}
      </p>
      {page.rows.length === 0 ? (
        <p class="muted">No delivery matches this filter.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Deliveries, newest update first</caption>
          <TableHead columns={['Recipient', 'Update', 'Language', 'State', 'Subject sent', 'Contact point', 'Promised next update', 'Sent']} />
          <tbody>
            {page.rows.map((r) => (
              <tr>
                <td>
                  <a href={recordHref(r)}>{r.email}</a>
                  <br />
                  <span class="muted">{r.name}</span>
                </td>
                <td>
                  {r.situationTitle} · update {r.updateNumber ?? `#${r.updateId}`}
                </td>
                <td>{r.locale}</td>
                <td>
                  {DELIVERY_STATUS_LABELS[r.status as DeliveryStatus] ?? r.status}
                  {r.bounceType ? ` (${r.bounceType})` : ''}
                  {r.reason ? <span class="muted"> {r.reason}</span> : null}
                </td>
                <td>{r.subject ?? '—'}</td>
                <td>{r.contactPoint ?? '—'}</td>
                <td>{formatDateTime(r.promisedAt)}</td>
                <td>{formatDateTime(r.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {continued ? <a href={`/history?${historyParams(filter).toString()}`}>← Newest</a> : <span />}
        {nextHref ? <a href={nextHref}>Older deliveries →</a> : <span class="muted">End of the history</span>}
      </nav>
    </Layout>
  );
};
