import type { DeliveryStatus, User } from '../db/types.ts';
import { DELIVERY_STATUS_LABELS, DELIVERY_STATUSES, NOT_DELIVERED, NOT_DELIVERED_LABEL } from '../deliveries/state.ts';
import { FieldError, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { historyParams } from './filter.ts';
import { describeFilter, type FilterNames, type HistoryCursor, type HistoryFilter, type HistoryRow } from './queries.ts';

function recordHref(r: HistoryRow): string {
  return `/updates/${r.updateId}/recipient?${new URLSearchParams({ email: r.email }).toString()}`;
}

/** A date input holds a day: the UTC day of the instant, like the times the table shows. */
const dayValue = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : '');

const FORM_FIELDS = ['email', 'situation', 'number', 'status', 'from', 'to'] as const;
type FilterField = (typeof FORM_FIELDS)[number];

/** The form's values: what was typed when it was refused, else the filter in force. */
function formValues(filter: HistoryFilter, names: FilterNames, typed: Record<string, string | undefined> | undefined): Record<FilterField, string> {
  if (typed) {
    const at = (k: FilterField) => typed[k] ?? '';
    return {
      email: at('email'),
      situation: at('situation'),
      number: at('number'),
      status: at('status'),
      from: at('from'),
      to: at('to'),
    };
  }
  return {
    email: filter.email ?? '',
    // A link by update id (from the update's page) shows as its situation and number, which the form sends back.
    situation: (filter.situationId ?? names.update?.situationId)?.toString() ?? '',
    number: (filter.updateNumber ?? names.update?.number)?.toString() ?? '',
    status: filter.status ?? '',
    from: dayValue(filter.from),
    to: dayValue(filter.to),
  };
}

/** A refused filter: the parameter it names and what to say next to it. */
export interface FilterRefusal {
  field: string;
  message: string;
}

export interface HistoryPageProps {
  user: User;
  csrfToken: string;
  filter: HistoryFilter;
  /** Whether this page continues from a cursor (is not the newest page). */
  continued: boolean;
  page: { rows: HistoryRow[]; next: HistoryCursor | null };
  situations: { id: number; title: string }[];
  /** The numbers of the chosen situation's sent updates (of any situation, when none is chosen). */
  updates: number[];
  /** What the filter's ids name. */
  names: FilterNames;
  /** The query as typed and why it was refused: the form is shown again with the message at its field, and no rows. */
  refused?: { typed: Record<string, string | undefined>; refusal: FilterRefusal } | undefined;
}

/** The send history: the filter form, one page of deliveries, newest update first, and the links onwards. */
export const HistoryPage = ({ user, csrfToken, filter, continued, page, situations, updates, names, refused }: HistoryPageProps) => {
  const v = formValues(filter, names, refused?.typed);
  const wrong = (field: FilterField) => (refused?.refusal.field === field ? refused.refusal.message : undefined);
  const described = (field: FilterField, hint?: string) => [wrong(field) ? `h-${field}-error` : undefined, hint].filter(Boolean).join(' ') || undefined;
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
            <input id="h-email" name="email" type="email" value={v.email} autocomplete="off" aria-invalid={wrong('email') ? 'true' : undefined} aria-describedby={described('email')} />
            <FieldError id="h-email-error" message={wrong('email')} />
          </div>
          <div>
            <label for="h-situation">Situation</label>
            <select id="h-situation" name="situation">
              <option value="">All situations</option>
              {situations.map((s) => (
                <option value={String(s.id)} selected={v.situation === String(s.id)}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-number">Update</label>
            <select id="h-number" name="number" aria-invalid={wrong('number') ? 'true' : undefined} aria-describedby={described('number', 'h-number-hint')}>
              <option value="">Any update</option>
              {updates.map((n) => (
                <option value={String(n)} selected={v.number === String(n)}>
                  Update {n}
                </option>
              ))}
            </select>
            <p class="hint" id="h-number-hint">
              As customers saw it, within the situation chosen.
            </p>
            <FieldError id="h-number-error" message={wrong('number')} />
          </div>
          <div>
            <label for="h-status">State</label>
            <select id="h-status" name="status" aria-invalid={wrong('status') ? 'true' : undefined} aria-describedby={described('status')}>
              <option value="">Any state</option>
              <option value={NOT_DELIVERED} selected={v.status === NOT_DELIVERED}>
                {NOT_DELIVERED_LABEL}
              </option>
              {DELIVERY_STATUSES.map((s) => (
                <option value={s} selected={v.status === s}>
                  {DELIVERY_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <FieldError id="h-status-error" message={wrong('status')} />
          </div>
          <div>
            <label for="h-from">Sent on or after</label>
            <input id="h-from" name="from" type="date" value={v.from} aria-invalid={wrong('from') ? 'true' : undefined} aria-describedby={described('from', 'h-days-hint')} />
            <FieldError id="h-from-error" message={wrong('from')} />
          </div>
          <div>
            <label for="h-to">Sent before</label>
            <input id="h-to" name="to" type="date" value={v.to} aria-invalid={wrong('to') ? 'true' : undefined} aria-describedby={described('to', 'h-days-hint')} />
            <FieldError id="h-to-error" message={wrong('to')} />
          </div>
        </div>
        <p class="hint" id="h-days-hint">
          Days run midnight to midnight UTC, like the times in the table.
        </p>
        <div class="actions spaced">
          <button type="submit">Filter</button>
          <a href="/history">Clear</a>
          {refused ? null : (
            <a href={exportHref} download>
              Export this view as CSV
            </a>
          )}
        </div>
      </form>
      {refused ? (
        <p class="muted">
          {(FORM_FIELDS as readonly string[]).includes(refused.refusal.field) ? null : <span role="alert">{refused.refusal.message}. </span>}
          Correct the filter above to see the deliveries.
        </p>
      ) : (
        <p id="history-filter">
          Showing: <strong>{describeFilter(filter, names)}</strong>
          {continued ? ' (continued)' : ''}
        </p>
      )}
      {page.rows.length === 0 ? (
        refused ? null : (
          <p class="muted">No delivery matches this filter.</p>
        )
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
                  {r.situationTitle} · update {r.updateNumber}
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
      {refused ? null : (
        <nav class="pager" aria-label="Pages">
          {continued ? <a href={`/history?${historyParams(filter).toString()}`}>← Newest</a> : <span />}
          {nextHref ? <a href={nextHref}>Older deliveries →</a> : <span class="muted">End of the history</span>}
        </nav>
      )}
    </Layout>
  );
};
