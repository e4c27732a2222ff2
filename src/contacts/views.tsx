import type { User } from '../db/types.ts';
import { CsrfField, Layout, TableHead } from '../http/layout.tsx';
import { IMPORT_COLUMNS_HELP, MAX_ATTRIBUTE_VALUE, MAX_NAME, type ImportResult } from './import.ts';
import type { ContactListing } from './queries.ts';

/** The page lists this many rejected rows (and as many warnings); the API returns them all. */
const SHOWN_REJECTIONS = 500;

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
      {entries.length > shown.length ? <span class="muted"> (+{entries.length - shown.length} more)</span> : null}
    </span>
  );
};

const RowsTable = ({ rows, caption, describedBy }: { rows: ImportResult['rejected']; caption: string; describedBy: string }) => (
  <table aria-describedby={describedBy}>
    <caption>{caption}</caption>
    <TableHead columns={['Row', 'Email', 'Reason']} />
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
      <h3 id="warnings-heading">Imported with a warning: check these rows</h3>
      <p>
        {w === 1 ? '1 row was' : `${w} rows were`} imported, but check {w === 1 ? 'it' : 'them'}: a double quote inside a value that does not start with one was kept as written,
        as spreadsheet programs read it.
      </p>
      {w > SHOWN_REJECTIONS ? (
        <p>
          Showing the first {SHOWN_REJECTIONS} of {w} warnings. The API (<code>POST /api/v1/contacts/import</code>) lists them all.
        </p>
      ) : null}
      <RowsTable rows={warnings} caption="Rows imported with a warning" describedBy="warnings-heading" />
    </>
  );
};

const ImportReport = ({ result }: { result: ImportResult }) => {
  const k = result.rejected.length;
  const w = result.warnings.length;
  return (
    <section aria-labelledby="import-result-heading" class="card" id="import-result">
      <h2 id="import-result-heading" tabindex={-1}>
        Import result
      </h2>
      <p role="status">
        <strong>
          {result.created} created, {result.updated} updated, {k} rejected{w > 0 ? `, ${w} imported with a warning` : ''}
        </strong>
      </p>
      {k > 0 ? (
        <>
          <h3 id="rejected-heading">Rejected rows: not imported</h3>
          <p class="error" role="alert">
            {k === 1 ? '1 row was' : `${k} rows were`} not imported. The other rows were. Fix the rows below in the file and import it again: contacts already imported are updated, not
            duplicated.
          </p>
          {k > SHOWN_REJECTIONS ? (
            <p>
              Showing the first {SHOWN_REJECTIONS} of {k} rejected rows. The API (<code>POST /api/v1/contacts/import</code>) lists them all.
            </p>
          ) : null}
          <RowsTable rows={result.rejected} caption="Rows not imported, with the reason" describedBy="rejected-heading" />
        </>
      ) : null}
      <ImportWarnings warnings={result.warnings} />
    </section>
  );
};

const ImportForm = ({ csrfToken, error }: { csrfToken: string; error?: string | undefined }) => (
  <section aria-labelledby="import-heading" class="card">
    <h2 id="import-heading">Import contacts</h2>
    {error ? (
      <p class="error" role="alert" id="import-error">
        {error}
      </p>
    ) : null}
    <form method="post" action="/contacts/import" enctype="multipart/form-data" class="stack" data-import>
      <CsrfField token={csrfToken} />
      <div>
        <label for="import-file">CSV file (UTF-8)</label>
        <p class="hint" id="import-file-hint">
          {IMPORT_COLUMNS_HELP} Names up to {MAX_NAME} characters, attribute values up to {MAX_ATTRIBUTE_VALUE}. Contacts already here (same email, any case) are updated, never
          duplicated.
        </p>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby={error ? 'import-file-hint import-error' : 'import-file-hint'} />
      </div>
      <div class="actions">
        <button type="submit">Import</button>
      </div>
      <div id="import-progress" hidden>
        <label for="import-progress-bar">Uploading the file</label>
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
    <Layout title="Contacts" user={user} csrfToken={csrfToken} section="contacts" scripts={canWrite ? ['contacts.js'] : []}>
      <h1>Contacts</h1>
      <p>
        <strong>{total.toLocaleString('en')}</strong> {total === 1 ? 'contact' : 'contacts'} in total.
      </p>
      {result ? <ImportReport result={result} /> : null}
      {canWrite ? <ImportForm csrfToken={csrfToken} error={error} /> : null}
      <h2 id="list-heading">{q ? `Contacts matching “${q}”` : 'All contacts'}</h2>
      <form method="get" action="/contacts" role="search" class="actions" aria-label="Search contacts">
        <div>
          <label for="contacts-q">Search by email or name</label>
          <input id="contacts-q" name="q" type="search" value={q} maxlength={200} />
        </div>
        <button type="submit">Search</button>
        {q ? <a href="/contacts">Show all</a> : null}
      </form>
      {contacts.length === 0 ? (
        <p>{q ? 'No contacts match this search.' : continued ? 'No more contacts.' : 'No contacts yet. Import a CSV file to add them.'}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{q ? `Contacts matching “${q}”` : 'Contacts'}, in alphabetical order of email address</caption>
          <TableHead columns={['Email', 'Name', 'Locale', 'Time zone', 'Attributes']} />
          <tbody>
            {contacts.map((ct) => (
              <tr>
                <td class="mono">
                  <a href={`/contacts/${ct.id}`}>{ct.email}</a>
                  {ct.erased_at ? <span class="badge">erased</span> : ct.unsubscribed_at ? <span class="badge warn">unsubscribed</span> : null}
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
      <nav class="pager" aria-label="Contact pages">
        {continued ? <a href={qs({})}>First page</a> : <span></span>}
        {nextCursor !== null ? (
          <a href={qs({ cursor: nextCursor })} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </Layout>
  );
};
