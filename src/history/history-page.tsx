import type { User } from '../db/types.ts';
import { t } from '../../i18n/current.ts';
import { bounceLabel, deliveryStatusLabel, notDeliveredChoice } from '../deliveries/labels.ts';
import { DELIVERY_STATUSES, NOT_DELIVERED } from '../deliveries/state.ts';
import { FieldError, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { historyParams } from './filter.ts';
import type { FilterNames, HistoryCursor, HistoryFilter, HistoryRow } from './queries.ts';

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

/** What the filter shows, in the reader's words: the update by its situation and number, as customers saw it. */
function filterDescription(f: HistoryFilter, names: FilterNames): string {
  const parts: string[] = [];
  if (f.situationId !== undefined) parts.push(names.situationTitle ?? t('history.showingSituation', { id: f.situationId }));
  if (f.updateNumber !== undefined) parts.push(t('history.showingNumber', { number: f.updateNumber }));
  if (f.updateId !== undefined) {
    const u = names.update;
    if (!u) parts.push(t('history.showingUpdateId', { id: f.updateId }));
    else parts.push(u.number === null ? t('history.showingUpdateUnsent', { situation: u.situationTitle }) : t('history.showingUpdate', { situation: u.situationTitle, number: u.number }));
  }
  if (f.email) parts.push(t('history.showingEmail', { email: f.email }));
  if (f.status) parts.push(t('history.showingState', { state: f.status === NOT_DELIVERED ? notDeliveredChoice() : deliveryStatusLabel(f.status) }));
  if (f.from) parts.push(t('history.showingFrom', { day: dayValue(f.from) }));
  if (f.to) parts.push(t('history.showingBefore', { day: dayValue(f.to) }));
  return parts.length ? parts.join(', ') : t('history.showingAll');
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
    <Layout title={t('history.title')} user={user} csrfToken={csrfToken} section="history">
      <h1>{t('history.title')}</h1>
      <p class="muted">{t('history.intro')}</p>
      <form method="get" action="/history" class="card" role="search" aria-label={t('history.filterHistory')}>
        <div class="grid">
          <div>
            <label for="h-email">{t('history.customerEmail')}</label>
            <input id="h-email" name="email" type="email" value={v.email} autocomplete="off" aria-invalid={wrong('email') ? 'true' : undefined} aria-describedby={described('email')} />
            <FieldError id="h-email-error" message={wrong('email')} />
          </div>
          <div>
            <label for="h-situation">{t('history.situation')}</label>
            <select id="h-situation" name="situation">
              <option value="">{t('history.allSituations')}</option>
              {situations.map((s) => (
                <option value={String(s.id)} selected={v.situation === String(s.id)}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-number">{t('history.update')}</label>
            <select id="h-number" name="number" aria-invalid={wrong('number') ? 'true' : undefined} aria-describedby={described('number', 'h-number-hint')}>
              <option value="">{t('history.anyUpdate')}</option>
              {updates.map((n) => (
                <option value={String(n)} selected={v.number === String(n)}>
                  {t('history.updateNumbered', { number: n })}
                </option>
              ))}
            </select>
            <p class="hint" id="h-number-hint">
              {t('history.numberHint')}
            </p>
            <FieldError id="h-number-error" message={wrong('number')} />
          </div>
          <div>
            <label for="h-status">{t('history.state')}</label>
            <select id="h-status" name="status" aria-invalid={wrong('status') ? 'true' : undefined} aria-describedby={described('status')}>
              <option value="">{t('history.anyState')}</option>
              <option value={NOT_DELIVERED} selected={v.status === NOT_DELIVERED}>
                {notDeliveredChoice()}
              </option>
              {DELIVERY_STATUSES.map((s) => (
                <option value={s} selected={v.status === s}>
                  {deliveryStatusLabel(s)}
                </option>
              ))}
            </select>
            <FieldError id="h-status-error" message={wrong('status')} />
          </div>
          <div>
            <label for="h-from">{t('history.sentFrom')}</label>
            <input id="h-from" name="from" type="date" value={v.from} aria-invalid={wrong('from') ? 'true' : undefined} aria-describedby={described('from', 'h-days-hint')} />
            <FieldError id="h-from-error" message={wrong('from')} />
          </div>
          <div>
            <label for="h-to">{t('history.sentBefore')}</label>
            <input id="h-to" name="to" type="date" value={v.to} aria-invalid={wrong('to') ? 'true' : undefined} aria-describedby={described('to', 'h-days-hint')} />
            <FieldError id="h-to-error" message={wrong('to')} />
          </div>
        </div>
        <p class="hint" id="h-days-hint">
          {t('history.daysHint')}
        </p>
        <div class="actions spaced">
          <button type="submit">{t('common.filter')}</button>
          <a href="/history">{t('history.clear')}</a>
          {refused ? null : (
            <a href={exportHref} download>
              {t('history.exportView')}
            </a>
          )}
        </div>
      </form>
      {refused ? (
        <p class="muted">
          {(FORM_FIELDS as readonly string[]).includes(refused.refusal.field) ? null : <span role="alert">{t('history.refusal', { message: refused.refusal.message })} </span>}
          {t('history.correctFilter')}
        </p>
      ) : (
        <p id="history-filter">
          {t('history.showing')} <strong>{filterDescription(filter, names)}</strong>
          {continued ? ` ${t('history.continued')}` : ''}
        </p>
      )}
      {page.rows.length === 0 ? (
        refused ? null : (
          <p class="muted">{t('history.noMatch')}</p>
        )
      ) : (
        <table>
          <caption class="visually-hidden">{t('history.caption')}</caption>
          <TableHead
            columns={[
              t('history.columnRecipient'),
              t('history.columnUpdate'),
              t('history.columnLanguage'),
              t('history.columnState'),
              t('history.columnSubject'),
              t('history.columnContactPoint'),
              t('history.columnPromised'),
              t('history.columnSent'),
            ]}
          />
          <tbody>
            {page.rows.map((r) => (
              <tr>
                <td>
                  <a href={recordHref(r)}>{r.email}</a>
                  <br />
                  <span class="muted">{r.name}</span>
                </td>
                <td>{t('history.rowUpdate', { situation: r.situationTitle, number: r.updateNumber ?? '' })}</td>
                <td>{r.locale}</td>
                <td>
                  {deliveryStatusLabel(r.status)}
                  {r.bounceType ? ` (${bounceLabel(r.bounceType)})` : ''}
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
        <nav class="pager" aria-label={t('history.pages')}>
          {continued ? <a href={`/history?${historyParams(filter).toString()}`}>{t('history.newest')}</a> : <span />}
          {nextHref ? <a href={nextHref}>{t('history.older')}</a> : <span class="muted">{t('history.end')}</span>}
        </nav>
      )}
    </Layout>
  );
};
