import type { FC } from 'hono/jsx';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t, tr } from '../../i18n/current.ts';
import type { Situation, User } from '../db/types.ts';
import { outcomeCountsText, outcomeOf } from '../deliveries/state.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { SUPPORTED_LOCALES } from '../config.ts';
import type { LanguageVariants } from '../languages.ts';
import { StatusBadge, updateHeading } from '../updates/status-badge.tsx';
import { languageName } from '../updates/language-names.ts';
import type { SituationListRow, TimelineUpdate } from './queries.ts';

export interface SituationFormValues {
  title: string;
  summary: string;
  titles: LanguageVariants;
}

const SituationStatus: FC<{ open: boolean }> = ({ open }) => <span class={`badge ${open ? 'warn' : 'ok'}`}>{t(open ? 'situations.statusOpen' : 'situations.statusResolved')}</span>;

/** A title field per language; an empty one leaves that language reading the main title. */
const TitleFields: FC<{ titles: LanguageVariants; idPrefix: string }> = ({ titles, idPrefix }) => (
  <fieldset class="bare" id={`${idPrefix}-titles`}>
    <legend>{t('situations.titlesLegend')}</legend>
    <p class="hint" id={`${idPrefix}-titles-hint`}>
      {t('situations.titlesHint')}
    </p>
    {SUPPORTED_LOCALES.map((l) => (
      <div>
        <label for={`${idPrefix}-title-${l}`}>{t('situations.titleIn', { language: languageName(l) })}</label>
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
    <Layout title={t('situations.title')} user={user} csrfToken={csrfToken} section="situations">
      <h1>{t('situations.title')}</h1>
      <p class="muted">{t('situations.intro')}</p>
      {situations.length === 0 ? (
        <p>{t('situations.none')}</p>
      ) : (
        <table id="situations">
          <caption class="visually-hidden">{t('situations.caption')}</caption>
          <TableHead columns={[t('situations.columnTitle'), t('situations.columnStatus'), t('situations.columnSent'), t('situations.columnInProgress'), t('situations.columnOpened')]} />
          <tbody>
            {situations.map((s) => (
              <tr>
                <td>
                  <a href={`/situations/${s.id}`}>{s.title}</a>
                </td>
                <td>
                  <SituationStatus open={s.status === 'open'} />
                </td>
                <td>{tr().number(Number(s.sent_updates ?? 0))}</td>
                <td>{tr().number(Number(s.open_updates ?? 0))}</td>
                <td>{formatDateTime(s.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canOpen ? (
        <section aria-labelledby="open-h">
          <h2 id="open-h">{t('situations.openHeading')}</h2>
          <form method="post" action="/situations" class="stack card" id="situation-form">
            <CsrfField token={csrfToken} />
            {error ? (
              <p class="error" role="alert" id="situation-error">
                {error}
              </p>
            ) : null}
            <div>
              <label for="s-title">{t('situations.titleLabel')}</label>
              <p class="hint" id="s-title-hint">
                {t('situations.titleHint')}
              </p>
              <input type="text" id="s-title" name="title" value={v.title} maxlength={200} required aria-describedby={error ? 's-title-hint situation-error' : 's-title-hint'} />
            </div>
            <details class="locale" open={Object.keys(v.titles).length > 0}>
              <summary>{t('situations.titlesSummary')}</summary>
              <TitleFields titles={v.titles} idPrefix="s" />
            </details>
            <div>
              <label for="s-summary">{t('situations.summaryLabel')}</label>
              <p class="hint" id="s-summary-hint">
                {t('situations.summaryHint')}
              </p>
              <textarea id="s-summary" name="summary" rows={4} class="short" aria-describedby="s-summary-hint">
                {v.summary}
              </textarea>
            </div>
            <div class="actions">
              <button type="submit">{t('situations.openButton')}</button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>
  );
};

/** The update's heading on the timeline (its number, or where it stands), its subject (in the update's own language) in the message's slot. */
const EntryHeading: FC<{ u: TimelineUpdate }> = ({ u }) => {
  const subject = u.subject ? <span lang={u.defaultLocale}>{u.subject}</span> : <span>{t('situations.noSubjectYet')}</span>;
  return (
    <>
      {tr()
        .parts('situations.entry')
        .map((part) => (typeof part === 'string' ? part : part.arg === 'heading' ? updateHeading(u) : subject))}
    </>
  );
};

/** When the update went or goes out, or when it was started; and what it promises. */
function timelineLine(u: TimelineUpdate): string {
  const when = u.sentAt
    ? t('situations.sentOn', { date: formatDateTime(u.sentAt) })
    : u.status === 'scheduled' && u.sendAt
      ? t('situations.goesOut', { date: formatDateTime(u.sendAt) })
      : u.cancelledAt
        ? t('situations.cancelledOn', { date: formatDateTime(u.cancelledAt) })
        : t('situations.startedOn', { date: formatDateTime(u.createdAt) });
  const promise = u.final ? t('situations.finalUpdate') : u.nextUpdateAt ? t('situations.promisesBy', { date: formatDateTime(u.nextUpdateAt) }) : '';
  return promise ? `${when} ${promise}` : when;
}

const TimelineEntry: FC<{ u: TimelineUpdate }> = ({ u }) => {
  const released = Object.keys(u.deliveries).length > 0;
  return (
    <li class="card">
      <h3>
        <a href={`/updates/${u.id}`}>
          <EntryHeading u={u} />
        </a>
      </h3>
      <p class="meta">
        <StatusBadge status={u.status} /> {timelineLine(u)}
      </p>
      {released ? <p class="counts-line">{outcomeCountsText(outcomeOf(u.deliveries))}</p> : null}
    </li>
  );
};

/** The situation's title in every language, and its summary: changed here. */
const TitleForm: FC<{ situation: Situation; csrfToken: string; values: SituationFormValues | undefined }> = ({ situation: s, csrfToken, values }) => {
  const v = values ?? { title: s.title, summary: s.summary, titles: s.titles };
  return (
    <section aria-labelledby="titles-h" id="titles">
      <h2 id="titles-h">{t('situations.titlesHeading')}</h2>
      <form method="post" action={`/situations/${s.id}`} class="stack card" id="situation-titles-form">
        <CsrfField token={csrfToken} />
        <div>
          <label for="e-title">{t('situations.titleLabel')}</label>
          <p class="hint" id="e-title-hint">
            {t('situations.editTitleHint')}
          </p>
          <input type="text" id="e-title" name="title" value={v.title} maxlength={200} required aria-describedby="e-title-hint" />
        </div>
        <TitleFields titles={v.titles} idPrefix="e" />
        <div>
          <label for="e-summary">{t('situations.summaryLabel')}</label>
          <textarea id="e-summary" name="summary" rows={3} class="short">
            {v.summary}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" class="secondary">
            {t('situations.saveTitles')}
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

const FLASH_KEYS = { opened: 'situations.flashOpened', resolved: 'situations.flashResolved', changed: 'situations.flashChanged' } as const satisfies Record<string, PlainKey>;

export const SituationPage: FC<SituationPageProps> = ({ user, csrfToken, situation: s, updates, canWrite, canResolve, done, error, values }) => {
  const open = s.status === 'open';
  const hasPrevious = updates.some((u) => u.status !== 'cancelled');
  const flash = done && done in FLASH_KEYS ? t(FLASH_KEYS[done as keyof typeof FLASH_KEYS]) : undefined;
  return (
    <Layout title={s.title} user={user} csrfToken={csrfToken} section="situations" flash={flash}>
      <nav aria-label={t('situations.breadcrumb')} class="crumbs">
        <a href="/situations">{t('situations.title')}</a>
      </nav>
      <h1>{s.title}</h1>
      <p class="meta">
        <SituationStatus open={open} />{' '}
        {s.resolved_at ? t('situations.openedResolved', { date: formatDateTime(s.created_at), resolved: formatDateTime(s.resolved_at) }) : t('situations.openedOn', { date: formatDateTime(s.created_at) })}{' '}
        <a href={`/history?situation=${s.id}`}>{t('situations.historyLink')}</a>
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
            <button type="submit">{t('situations.newUpdate')}</button>
          </form>
          {hasPrevious ? (
            <form method="post" action={`/situations/${s.id}/updates/from-previous`}>
              <CsrfField token={csrfToken} />
              <button type="submit" class="secondary" aria-describedby="from-previous-hint">
                {t('situations.newFromPrevious')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {open && canWrite && hasPrevious ? (
        <p class="hint" id="from-previous-hint">
          {t('situations.fromPreviousHint')}
        </p>
      ) : null}

      <h2 id="timeline-h">{t('situations.updatesHeading')}</h2>
      {updates.length === 0 ? (
        <p>{t('situations.noUpdates')}</p>
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
          <h2 id="resolve-h">{t('situations.resolveHeading')}</h2>
          <form method="post" action={`/situations/${s.id}/resolve`} data-confirm={t('situations.resolveConfirm')}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="secondary">
              {t('situations.resolve')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
};
