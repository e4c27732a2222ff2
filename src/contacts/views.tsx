import type { User } from '../db/types.ts';
import { CsrfField, Layout, TableHead } from '../http/layout.tsx';
import { MAX_ATTRIBUTE_VALUE, MAX_NAME, type ImportResult } from './import.ts';
import type { ContactListing } from './queries.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { SUPPORTED_LOCALES } from '../../i18n/locales.ts';
import { t, tr } from '../../i18n/current.ts';

/** The page lists this many rejected rows (and as many warnings); the API returns them all. */
const SHOWN_REJECTIONS = 500;

const IMPORT_ENDPOINT = 'POST /api/v1/contacts/import';

/** A message whose `{endpoint}` slot holds the import endpoint, set as code. */
const WithEndpoint = ({ k, values }: { k: MessageKey; values: Record<string, string> }) => (
  <>
    {tr()
      .parts(k)
      .map((part) => (typeof part === 'string' ? part : part.arg === 'endpoint' ? <code>{IMPORT_ENDPOINT}</code> : (values[part.arg] ?? '')))}
  </>
);

/** The total, with its number in bold wherever the language puts it. */
const Total = ({ count }: { count: number }) => {
  const text = t('contacts.total', { count });
  const n = tr().number(count);
  const at = text.indexOf(n);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <strong>{n}</strong>
      {text.slice(at + n.length)}
    </>
  );
};

export function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const AttributesCompact = ({ attributes }: { attributes: unknown }) => {
  const entries = Object.entries((attributes ?? {}) as Record<string, unknown>);
  if (entries.length === 0) return <span class="muted">—</span>;
  const shown = entries.slice(0, 4);
  return (
    <span class="attrs">
      {shown.map(([k, v], i) => (
        <>
          {i > 0 ? '; ' : ''}
          <span class="attr-name">{k}</span>: {formatValue(v).slice(0, 60)}
        </>
      ))}
      {entries.length > shown.length ? <span class="muted"> {t('contacts.moreAttributes', { count: entries.length - shown.length })}</span> : null}
    </span>
  );
};

const RowsTable = ({ rows, caption, describedBy }: { rows: ImportResult['rejected']; caption: string; describedBy: string }) => (
  <table aria-describedby={describedBy}>
    <caption>{caption}</caption>
    <TableHead columns={[t('contacts.colRow'), t('contacts.colEmail'), t('contacts.colReason')]} />
    <tbody>
      {rows.slice(0, SHOWN_REJECTIONS).map((r) => (
        <tr>
          <td>{r.row}</td>
          <td class="mono">{r.email || '—'}</td>
          <td>{r.reason}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** Rows that were imported, but perhaps not as the file meant them (a quote taken literally). */
const ImportWarnings = ({ warnings }: { warnings: ImportResult['warnings'] }) => {
  const w = warnings.length;
  if (w === 0) return null;
  return (
    <>
      <h3 id="warnings-heading">{t('contacts.warningsHeading')}</h3>
      <p>{t('contacts.warningsText', { count: w })}</p>
      {w > SHOWN_REJECTIONS ? (
        <p>
          <WithEndpoint k="contacts.warningsShowing" values={{ shown: tr().number(SHOWN_REJECTIONS), count: tr().number(w) }} />
        </p>
      ) : null}
      <RowsTable rows={warnings} caption={t('contacts.warningsCaption')} describedBy="warnings-heading" />
    </>
  );
};

const ImportReport = ({ result }: { result: ImportResult }) => {
  const k = result.rejected.length;
  const w = result.warnings.length;
  return (
    <section aria-labelledby="import-result-heading" class="card" id="import-result">
      <h2 id="import-result-heading" tabindex={-1}>
        {t('contacts.importResult')}
      </h2>
      <p role="status">
        <strong>
          {w > 0
            ? t('contacts.resultSummaryWarnings', { created: result.created, updated: result.updated, rejected: k, warned: w })
            : t('contacts.resultSummary', { created: result.created, updated: result.updated, rejected: k })}
        </strong>
      </p>
      {k > 0 ? (
        <>
          <h3 id="rejected-heading">{t('contacts.rejectedHeading')}</h3>
          <p class="error" role="alert">
            {t('contacts.rejectedText', { count: k })}
          </p>
          {k > SHOWN_REJECTIONS ? (
            <p>
              <WithEndpoint k="contacts.rejectedShowing" values={{ shown: tr().number(SHOWN_REJECTIONS), count: tr().number(k) }} />
            </p>
          ) : null}
          <RowsTable rows={result.rejected} caption={t('contacts.rejectedCaption')} describedBy="rejected-heading" />
        </>
      ) : null}
      <ImportWarnings warnings={result.warnings} />
    </section>
  );
};

const ImportForm = ({ csrfToken, error }: { csrfToken: string; error?: string | undefined }) => (
  <section aria-labelledby="import-heading" class="card">
    <h2 id="import-heading">{t('contacts.importHeading')}</h2>
    {error ? (
      <p class="error" role="alert" id="import-error">
        {error}
      </p>
    ) : null}
    <form
      method="post"
      action="/contacts/import"
      enctype="multipart/form-data"
      class="stack"
      data-import
      data-text-uploading={t('contacts.uploading')}
      data-text-uploaded={t('contacts.uploaded', { percent: '{percent}' })}
      data-text-upload-complete={t('contacts.uploadComplete')}
      data-text-upload-failed={t('contacts.uploadFailed')}
      data-text-unexpected={t('contacts.unexpectedAnswer')}
    >
      <CsrfField token={csrfToken} />
      <div>
        <label for="import-file">{t('contacts.fileLabel')}</label>
        <p class="hint" id="import-file-hint">
          {t('contacts.columnsHelp', { locales: SUPPORTED_LOCALES.join(', ') })} {t('contacts.limitsHelp', { name: MAX_NAME, value: MAX_ATTRIBUTE_VALUE })}
        </p>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby={error ? 'import-file-hint import-error' : 'import-file-hint'} />
      </div>
      <div class="actions">
        <button type="submit">{t('contacts.importButton')}</button>
      </div>
      <div id="import-progress" hidden>
        <label for="import-progress-bar">{t('contacts.uploadingLabel')}</label>
        <progress id="import-progress-bar" max={100} value={0}></progress>
        <p id="import-progress-text" class="hint" role="status" aria-live="polite"></p>
      </div>
    </form>
  </section>
);

export interface ContactsPageProps {
  user: User;
  csrfToken: string;
  /** The search text, trimmed; empty for all contacts. */
  q: string;
  listing: ContactListing & { total: number };
  /** Whether the import form is shown. */
  canWrite: boolean;
  /** An import just done, shown above the form. */
  result?: ImportResult | undefined;
  /** Why an upload was not imported. */
  error?: string | undefined;
}

/** The contacts list: the total, the import form and its result, the search and one page of contacts. */
export const ContactsPage = ({ user, csrfToken, q, listing, canWrite, result, error }: ContactsPageProps) => {
  const { contacts, total, nextCursor, continued } = listing;
  const qs = (more: Record<string, string>) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    for (const [k, v] of Object.entries(more)) p.set(k, v);
    const s = p.toString();
    return s ? `/contacts?${s}` : '/contacts';
  };
  return (
    <Layout title={t('contacts.title')} user={user} csrfToken={csrfToken} section="contacts" scripts={canWrite ? ['contacts.js'] : []}>
      <h1>{t('contacts.title')}</h1>
      <p>
        <Total count={total} />
      </p>
      {result ? <ImportReport result={result} /> : null}
      {canWrite ? <ImportForm csrfToken={csrfToken} error={error} /> : null}
      <h2 id="list-heading">{q ? t('contacts.matching', { q }) : t('contacts.allContacts')}</h2>
      <form method="get" action="/contacts" role="search" class="actions" aria-label={t('contacts.searchLabel')}>
        <div>
          <label for="contacts-q">{t('contacts.searchBy')}</label>
          <input id="contacts-q" name="q" type="search" value={q} maxlength={200} />
        </div>
        <button type="submit">{t('common.search')}</button>
        {q ? <a href="/contacts">{t('contacts.showAll')}</a> : null}
      </form>
      {contacts.length === 0 ? (
        <p>{q ? t('contacts.noMatch') : continued ? t('contacts.noMore') : t('contacts.noneYet')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{q ? t('contacts.captionMatching', { q }) : t('contacts.captionAll')}</caption>
          <TableHead columns={[t('contacts.colEmail'), t('contacts.colName'), t('contacts.colLocale'), t('contacts.colTimeZone'), t('contacts.colAttributes')]} />
          <tbody>
            {contacts.map((ct) => (
              <tr>
                <td class="mono">
                  <a href={`/contacts/${ct.id}`}>{ct.email}</a>
                  {ct.erased_at ? <span class="badge">{t('contacts.badgeErased')}</span> : ct.unsubscribed_at ? <span class="badge warn">{t('contacts.badgeUnsubscribed')}</span> : null}
                </td>
                <td>{ct.name || <span class="muted">—</span>}</td>
                <td>{ct.locale}</td>
                <td>{ct.timezone}</td>
                <td>
                  <AttributesCompact attributes={ct.attributes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t('contacts.contactPages')}>
        {continued ? <a href={qs({})}>{t('contacts.firstPage')}</a> : <span></span>}
        {nextCursor !== null ? (
          <a href={qs({ cursor: nextCursor })} rel="next">
            {t('common.nextPage')}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
};
