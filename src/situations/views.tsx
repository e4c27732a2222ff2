import type { FC } from 'hono/jsx';
import type { Situation, User } from '../db/types.ts';
import { notDeliveredText, OUTCOME_WORDS, outcomeOf } from '../deliveries/state.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { SUPPORTED_LOCALES } from '../config.ts';
import type { LanguageVariants } from '../languages.ts';
import { StatusBadge } from '../updates/composer.tsx';
import { LOCALE_NAMES } from '../updates/model.ts';
import type { SituationListRow, TimelineUpdate } from './queries.ts';

const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);

export interface SituationFormValues {
  title: string;
  summary: string;
  titles: LanguageVariants;
}

/** A title field per language; an empty one leaves that language reading the main title. */
const TitleFields: FC<{ titles: LanguageVariants; idPrefix: string }> = ({ titles, idPrefix }) => (
  <fieldset class="bare" id={`${idPrefix}-titles`}>
    <legend>Title in each language (optional)</legend>
    <p class="hint" id={`${idPrefix}-titles-hint`}>
      Customers read the title in their own language where you give one; the others read the title above, written in the default language of your updates.
    </p>
    {SUPPORTED_LOCALES.map((l) => (
      <div>
        <label for={`${idPrefix}-title-${l}`}>Title in {LOCALE_NAMES[l]}</label>
        <input type="text" id={`${idPrefix}-title-${l}`} name={`title_${l}`} value={titles[l] ?? ''} maxlength={200} lang={l} aria-describedby={`${idPrefix}-titles-hint`} />
      </div>
    ))}
  </fieldset>
);

interface SituationsPageProps {
  user: User;
  csrfToken: string;
  situations: SituationListRow[];
  /** Show the form that opens a situation. */
  canOpen: boolean;
  error?: string | undefined;
  values?: SituationFormValues | undefined;
}

export const SituationsPage: FC<SituationsPageProps> = ({ user, csrfToken, situations, canOpen, error, values }) => {
  const v = values ?? { title: '', summary: '', titles: {} };
  return (
    <Layout title="Situations" user={user} csrfToken={csrfToken} section="situations">
      <h1>Situations</h1>
      <p class="muted">An uncertain situation your customers need to hear about, and the staged updates you send them while it lasts.</p>
      {situations.length === 0 ? (
        <p>No situations yet.</p>
      ) : (
        <table id="situations">
          <caption class="visually-hidden">Situations, open ones first</caption>
          <TableHead columns={['Title', 'Status', 'Updates sent', 'Updates in progress', 'Opened']} />
          <tbody>
            {situations.map((s) => (
              <tr>
                <td>
                  <a href={`/situations/${s.id}`}>{s.title}</a>
                </td>
                <td>
                  <span class={`badge ${s.status === 'open' ? 'warn' : 'ok'}`}>{s.status === 'open' ? 'Open' : 'Resolved'}</span>
                </td>
                <td>{fmt(Number(s.sent_updates ?? 0))}</td>
                <td>{fmt(Number(s.open_updates ?? 0))}</td>
                <td>{formatDateTime(s.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canOpen ? (
        <section aria-labelledby="open-h">
          <h2 id="open-h">Open a situation</h2>
          <form method="post" action="/situations" class="stack card" id="situation-form">
            <CsrfField token={csrfToken} />
            {error ? (
              <p class="error" role="alert" id="situation-error">
                {error}
              </p>
            ) : null}
            <div>
              <label for="s-title">Title</label>
              <p class="hint" id="s-title-hint">
                What customers will see at the top of every update, e.g. "Bokklubben in restructuring", in the default language of your updates
              </p>
              <input type="text" id="s-title" name="title" value={v.title} maxlength={200} required aria-describedby={error ? 's-title-hint situation-error' : 's-title-hint'} />
            </div>
            <details class="locale" open={Object.keys(v.titles).length > 0}>
              <summary>Titles in other languages</summary>
              <TitleFields titles={v.titles} idPrefix="s" />
            </details>
            <div>
              <label for="s-summary">Summary (optional)</label>
              <p class="hint" id="s-summary-hint">
                For colleagues: what is happening and what it means for customers.
              </p>
              <textarea id="s-summary" name="summary" rows={4} class="short" aria-describedby="s-summary-hint">
                {v.summary}
              </textarea>
            </div>
            <div class="actions">
              <button type="submit">Open situation</button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>
  );
};

const TimelineEntry: FC<{ u: TimelineUpdate }> = ({ u }) => {
  const o = outcomeOf(u.deliveries);
  const released = Object.keys(u.deliveries).length > 0;
  return (
    <li class="card">
      <h3>
        <a href={`/updates/${u.id}`}>
          {u.number ? `Update ${u.number}` : u.status === 'cancelled' ? 'Cancelled update' : 'Draft'}
          {': '}
          <span lang={u.defaultLocale}>{u.subject || '(no subject yet)'}</span>
        </a>
      </h3>
      <p class="meta">
        <StatusBadge status={u.status} />{' '}
        {u.sentAt
          ? `Sent ${formatDateTime(u.sentAt)}.`
          : u.status === 'scheduled' && u.sendAt
            ? `Goes out ${formatDateTime(u.sendAt)}.`
            : u.cancelledAt
              ? `Cancelled ${formatDateTime(u.cancelledAt)}.`
              : `Started ${formatDateTime(u.createdAt)}.`}{' '}
        {u.final ? 'Final update.' : u.nextUpdateAt ? `Promises the next update by ${formatDateTime(u.nextUpdateAt)}.` : ''}
      </p>
      {released ? (
        <p class="counts-line">
          {fmt(o.handedOver)} {OUTCOME_WORDS.handedOver} · {fmt(o.delivered)} {OUTCOME_WORDS.delivered} · {fmt(o.excluded)} {OUTCOME_WORDS.excluded} · {notDeliveredText(o)}
          {o.queued ? ` · ${fmt(o.queued)} ${OUTCOME_WORDS.queued}` : ''}
        </p>
      ) : null}
    </li>
  );
};

/** The situation's title in every language, and its summary: changed here. */
const TitleForm: FC<{ situation: Situation; csrfToken: string; values: SituationFormValues | undefined }> = ({ situation: s, csrfToken, values }) => {
  const v = values ?? { title: s.title, summary: s.summary, titles: s.titles };
  return (
    <section aria-labelledby="titles-h" id="titles">
      <h2 id="titles-h">Title and summary</h2>
      <form method="post" action={`/situations/${s.id}`} class="stack card" id="situation-titles-form">
        <CsrfField token={csrfToken} />
        <div>
          <label for="e-title">Title</label>
          <p class="hint" id="e-title-hint">
            In the default language of your updates. Updates already sent keep the title they were sent with.
          </p>
          <input type="text" id="e-title" name="title" value={v.title} maxlength={200} required aria-describedby="e-title-hint" />
        </div>
        <TitleFields titles={v.titles} idPrefix="e" />
        <div>
          <label for="e-summary">Summary (optional)</label>
          <textarea id="e-summary" name="summary" rows={3} class="short">
            {v.summary}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" class="secondary">
            Save title and summary
          </button>
        </div>
      </form>
    </section>
  );
};

interface SituationPageProps {
  user: User;
  csrfToken: string;
  situation: Situation;
  updates: TimelineUpdate[];
  /** Show the buttons that start an update. */
  canWrite: boolean;
  /** Show the form that resolves the situation. */
  canResolve: boolean;
  /** What the last form did, from the redirect (`?done=`). */
  done?: string | undefined;
  error?: string | undefined;
  /** What the title form held when it was refused. */
  values?: SituationFormValues | undefined;
}

export const SituationPage: FC<SituationPageProps> = ({ user, csrfToken, situation: s, updates, canWrite, canResolve, done, error, values }) => {
  const open = s.status === 'open';
  const hasPrevious = updates.some((u) => u.status !== 'cancelled');
  return (
    <Layout title={s.title} user={user} csrfToken={csrfToken} section="situations" flash={done === 'opened' ? 'Situation opened. Start its first update.' : done === 'resolved' ? 'The situation is marked resolved.' : done === 'changed' ? 'Saved. Updates already sent keep the title they were sent with.' : undefined}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/situations">Situations</a>
      </nav>
      <h1>{s.title}</h1>
      <p class="meta">
        <span class={`badge ${open ? 'warn' : 'ok'}`}>{open ? 'Open' : 'Resolved'}</span> Opened {formatDateTime(s.created_at)}
        {s.resolved_at ? `; resolved ${formatDateTime(s.resolved_at)}` : ''}. <a href={`/history?situation=${s.id}`}>Send history of this situation</a>
      </p>
      {s.summary ? <p class="summary-text">{s.summary}</p> : null}
      {error ? (
        <p class="error" role="alert" id="situation-error">
          {error}
        </p>
      ) : null}
      {open && canWrite ? (
        <div class="actions" id="situation-actions">
          <form method="post" action={`/situations/${s.id}/updates`}>
            <CsrfField token={csrfToken} />
            <button type="submit">New update</button>
          </form>
          {hasPrevious ? (
            <form method="post" action={`/situations/${s.id}/updates/from-previous`}>
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary" aria-describedby="from-previous-hint">
                New update from the previous one
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {open && canWrite && hasPrevious ? (
        <p class="hint" id="from-previous-hint">
          Starting from the previous update carries over its content, segments and contact person; the acknowledgement and the next date are asked afresh.
        </p>
      ) : null}

      <h2 id="timeline-h">Updates</h2>
      {updates.length === 0 ? (
        <p>No updates yet.</p>
      ) : (
        <ol class="timeline" aria-labelledby="timeline-h">
          {updates.map((u) => (
            <TimelineEntry u={u} />
          ))}
        </ol>
      )}

      {canResolve ? <TitleForm situation={s} csrfToken={csrfToken} values={values} /> : null}

      {open && canResolve ? (
        <section aria-labelledby="resolve-h">
          <h2 id="resolve-h">When it is over</h2>
          <form method="post" action={`/situations/${s.id}/resolve`} data-confirm="Mark this situation resolved? No further updates can be written for it.">
            <CsrfField token={csrfToken} />
            <button type="submit" class="secondary">
              Mark resolved
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
};
