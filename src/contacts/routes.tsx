import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { can } from '../permissions.ts';
import { SUPPORTED_LOCALES } from '../config.ts';
import type { Contact } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { ErrorSchema, errorResponses, IdParam, jsonBody } from '../http/openapi.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { eraseContact, type ErasureResult } from './erase.ts';
import { importContacts, MAX_ATTRIBUTE_VALUE, MAX_NAME, type ImportResult } from './import.ts';
import { countContacts, getContact, listContacts } from './queries.ts';

const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);

const ContactSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    locale: z.enum(SUPPORTED_LOCALES),
    timezone: z.string().openapi({ example: 'Europe/Oslo' }),
    attributes: z.record(z.string(), AttributeValue),
    unsubscribedAt: z.string().nullable(),
    erasedAt: z.string().nullable().openapi({ description: 'When the personal data was erased (GDPR art. 17); the fields then hold a pseudonym' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');

const ImportResultSchema = z
  .object({
    created: z.number().int().openapi({ description: 'New contacts' }),
    updated: z.number().int().openapi({ description: 'Existing contacts (same email, any case) updated' }),
    rejected: z
      .array(
        z.object({
          row: z.number().int().openapi({ description: 'CSV: row as a spreadsheet numbers it (the header is row 1). JSON: 1-based index in the array.' }),
          email: z.string(),
          reason: z.string(),
        }),
      )
      .openapi({ description: 'Rows that were not imported, with the reason; the other rows were imported.' }),
  })
  .openapi('ContactImportResult');

const ImportRowSchema = z
  .object({
    email: z.string().openapi({ example: 'kari@example.org' }),
    name: z.string().optional(),
    locale: z.enum(SUPPORTED_LOCALES).optional(),
    timezone: z.string().optional().openapi({ example: 'Europe/Oslo' }),
    attributes: z.record(z.string(), AttributeValue).optional(),
  })
  .catchall(AttributeValue)
  .openapi('ContactImportRow');

const ListQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Case-insensitive part of the email or the name' }),
  cursor: z.string().max(200).optional().openapi({ description: 'nextCursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function contactJson(c: Contact) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    locale: c.locale as (typeof SUPPORTED_LOCALES)[number],
    timezone: c.timezone,
    attributes: (c.attributes ?? {}) as Record<string, string | number | boolean>,
    unsubscribedAt: c.unsubscribed_at?.toISOString() ?? null,
    erasedAt: c.erased_at?.toISOString() ?? null,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

const ErasureSchema = z
  .object({
    contactId: z.number().int(),
    erasedAt: z.string(),
    deliveries: z.number().int().openapi({ description: 'Deliveries now under the pseudonym (kept, so counts per update do not change)' }),
    cancelledQueued: z.number().int().openapi({ description: 'Of those, deliveries not sent yet: excluded (reason "erased"), never sent' }),
    events: z.number().int().openapi({ description: 'Provider events reduced to type, time and ids' }),
    conversations: z.number().int(),
    messages: z.number().int().openapi({ description: 'Messages whose text, subject and customer address were replaced' }),
    inboundUnmatched: z.number().int(),
    followUps: z.number().int(),
    outbox: z.number().int().openapi({ description: 'Local outbox copies of mail to the customer' }),
    suppression: z
      .object({ kept: z.boolean(), reason: z.enum(['bounced', 'complained', 'manual']).nullable() })
      .openapi({ description: 'A suppression of the address is kept (legitimate interest): it must never be mailed again, also if imported again' }),
    earlierAuditEntries: z.number().int().openapi({ description: 'Audit entries written before addresses were kept out of the log that still name it; the log is append-only' }),
  })
  .openapi('ContactErasure');

export function erasureJson(r: ErasureResult) {
  return { ...r, erasedAt: r.erasedAt.toISOString() };
}

/** Reading needs read; erasing its own permission; every other change contacts:write. */
function contactsPermission(c: Context<AppEnv>, next: () => Promise<void>) {
  const permission = c.req.method === 'GET' ? 'read' : /^\/(?:api\/v1\/)?contacts\/[^/]+\/erase\/?$/.test(c.req.path) ? 'contacts:erase' : 'contacts:write';
  return requirePermission(permission)(c, next);
}

const isIdCursor = (v: unknown): v is { id: number } => typeof v === 'object' && v !== null && Number.isSafeInteger((v as { id?: unknown }).id);

function afterIdOf(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const v = decodeCursor(cursor, isIdCursor);
  if (!v) throw invalid('cursor: not a cursor from this list; start again from the first page');
  return v.id;
}

function mediaType(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (header ?? '').split(';');
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";]+)"?\s*$/i.exec(p)?.[1])
    .find(Boolean)
    ?.toLowerCase();
  return { type: type.trim().toLowerCase(), charset };
}

const COLUMNS_HELP = `Columns: email (required), name, locale (${SUPPORTED_LOCALES.join(', ')}), timezone (e.g. Europe/Oslo); every other column becomes an attribute.`;

export function contactsApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/contacts', contactsPermission);
  api.use('/contacts/*', contactsPermission);

  // The CSV body is streamed straight into the importer, so the route is a plain
  // handler (no validator may read the body first); its documentation is
  // registered separately.
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/contacts/import',
    tags: ['Contacts'],
    summary: 'Import contacts from CSV or a JSON array (upsert by email, any case)',
    description: `${COLUMNS_HELP} Numbers and true/false become typed attributes; an empty cell leaves the value as it is. The CSV must be UTF-8 with a header row; a comma or (Excel in nb, sv, nl, hu) semicolon separates values. Rows that cannot be imported are listed in "rejected" with the reason; every other row is imported. Importing the same file again updates and never duplicates, so an interrupted import is resumed by sending the file again.`,
    security: [{ bearer: [] }],
    request: {
      body: {
        required: true,
        content: {
          'text/csv': { schema: z.string().openapi({ example: 'email,name,locale,timezone,tier\nkari@example.org,Kari Nordmann,nb,Europe/Oslo,gold\n' }) },
          'application/json': { schema: z.array(ImportRowSchema) },
        },
      },
    },
    responses: {
      200: jsonBody(ImportResultSchema, 'Imported; rejected rows are listed with the reason'),
      ...errorResponses,
      413: jsonBody(ErrorSchema, 'The upload is larger than the limit'),
      415: jsonBody(ErrorSchema, 'Neither text/csv (UTF-8) nor application/json'),
    },
  });
  api.post('/contacts/import', async (c) => {
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const { type, charset } = mediaType(c.req.header('content-type'));
    let result: ImportResult;
    if (type === 'text/csv' || type === 'application/csv') {
      if (charset && charset !== 'utf-8' && charset !== 'utf8') {
        throw new AppError('unsupported_media_type', `the CSV must be UTF-8 (got charset=${charset}); save it as UTF-8 and send it again`);
      }
      const body = c.req.raw.body;
      if (!body) throw invalid('the request has no body; send the CSV file as the request body');
      result = await importContacts(db, actor, { kind: 'csv', stream: body }, { label: 'api:csv' });
    } else if (type === 'application/json') {
      let rows: unknown;
      try {
        rows = await c.req.json();
      } catch (err) {
        throw invalid(`the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!Array.isArray(rows)) throw invalid('the JSON body must be an array of contacts, e.g. [{"email": "kari@example.org", "name": "Kari"}]');
      result = await importContacts(db, actor, { kind: 'json', rows }, { label: 'api:json' });
    } else {
      throw new AppError('unsupported_media_type', `send the contacts as text/csv or as a JSON array (application/json), not ${type || 'a body without a Content-Type'}`);
    }
    return c.json(result, 200);
  });

  api.openapi(
    createRoute({
      method: 'get',
      path: '/contacts',
      tags: ['Contacts'],
      summary: 'List contacts in id order, a page at a time; q searches email and name',
      security: [{ bearer: [] }],
      request: { query: ListQuery },
      responses: { 200: jsonBody(z.object({ contacts: z.array(ContactSchema), nextCursor: z.string().nullable() }), 'A page of contacts'), ...errorResponses },
    }),
    async (c) => {
      const { q, cursor, limit } = c.req.valid('query');
      const page = await listContacts(c.get('deps').db, { q, afterId: afterIdOf(cursor), limit });
      return c.json({ contacts: page.contacts.map(contactJson), nextCursor: page.nextAfterId === null ? null : encodeCursor({ id: page.nextAfterId }) }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}',
      tags: ['Contacts'],
      summary: 'One contact',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonBody(ContactSchema, 'The contact'), 404: jsonBody(ErrorSchema, 'Not found'), ...errorResponses },
    }),
    async (c) => c.json(contactJson(await getContact(c.get('deps').db, c.req.valid('param').id)), 200),
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/{id}/erase',
      tags: ['Contacts'],
      summary: 'Erase one customer (GDPR article 17): personal data replaced by a pseudonym, history kept in shape',
      description:
        'In one transaction: the contact, its deliveries, provider events, conversation messages, unmatched mail from the address, follow-up notes and local outbox copies lose what identifies the person (address, name, attributes, texts); ids, statuses, times and counts stay. Deliveries not sent yet are excluded. The suppression of the address, if any, is kept so it is never mailed again. Audited as contact.erase with counts only. Cannot be undone; a second erasure is a 409.',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: {
        200: jsonBody(ErasureSchema, 'Erased; what was changed, counted'),
        404: jsonBody(ErrorSchema, 'No such contact'),
        409: jsonBody(ErrorSchema, 'Already erased, or an email to the customer is being sent right now'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(erasureJson(await eraseContact(c.get('deps').db, c.get('actor'), c.req.valid('param').id)), 200),
  );
}

// ---------------------------------------------------------------- pages

const PAGE_SIZE = 50;
/** The page lists this many rejected rows; the API returns them all. */
const SHOWN_REJECTIONS = 500;

function formatValue(v: unknown): string {
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

const ImportReport = ({ result }: { result: ImportResult }) => {
  const k = result.rejected.length;
  return (
    <section aria-labelledby="import-result-heading" class="card" id="import-result">
      <h2 id="import-result-heading" tabindex={-1}>
        Import result
      </h2>
      <p role="status">
        <strong>
          {result.created} created, {result.updated} updated, {k} rejected
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
          <table aria-describedby="rejected-heading">
            <caption>Rows not imported, with the reason</caption>
            <TableHead columns={['Row', 'Email', 'Reason']} />
            <tbody>
              {result.rejected.slice(0, SHOWN_REJECTIONS).map((r) => (
                <tr>
                  <td>{r.row}</td>
                  <td class="mono">{r.email || '—'}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
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
          {COLUMNS_HELP} Names up to {MAX_NAME} characters, attribute values up to {MAX_ATTRIBUTE_VALUE}. Contacts already here (same email, any case) are updated, never
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

interface ListExtras {
  result?: ImportResult;
  error?: string;
}

async function listPage(c: Context<AppEnv>, extra: ListExtras = {}) {
  const { db } = c.get('deps');
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const cursor = c.req.query('cursor');
  const afterId = afterIdOf(cursor);
  const [page, total] = await Promise.all([listContacts(db, { q, afterId, limit: PAGE_SIZE }), countContacts(db)]);
  const user = c.get('user');
  const canWrite = can(user.role, 'contacts:write');
  const qs = (more: Record<string, string>) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    for (const [k, v] of Object.entries(more)) p.set(k, v);
    const s = p.toString();
    return s ? `/contacts?${s}` : '/contacts';
  };
  return c.html(
    <Layout title="Contacts" user={user} csrfToken={c.get('csrfToken')} section="contacts" scripts={canWrite ? ['contacts.js'] : []}>
      <h1>Contacts</h1>
      <p>
        <strong>{total.toLocaleString('en')}</strong> {total === 1 ? 'contact' : 'contacts'} in total.
      </p>
      {extra.result ? <ImportReport result={extra.result} /> : null}
      {canWrite ? <ImportForm csrfToken={c.get('csrfToken')} error={extra.error} /> : null}
      <h2 id="list-heading">{q ? `Contacts matching “${q}”` : 'All contacts'}</h2>
      <form method="get" action="/contacts" role="search" class="actions" aria-label="Search contacts">
        <div>
          <label for="contacts-q">Search by email or name</label>
          <input id="contacts-q" name="q" type="search" value={q} maxlength={200} />
        </div>
        <button type="submit">Search</button>
        {q ? <a href="/contacts">Show all</a> : null}
      </form>
      {page.contacts.length === 0 ? (
        <p>{q ? 'No contacts match this search.' : afterId !== undefined ? 'No more contacts.' : 'No contacts yet. Import a CSV file to add them.'}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{q ? `Contacts matching “${q}”` : 'Contacts'}, in the order they were added</caption>
          <TableHead columns={['Email', 'Name', 'Locale', 'Time zone', 'Attributes']} />
          <tbody>
            {page.contacts.map((ct) => (
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
        {afterId !== undefined ? <a href={qs({})}>First page</a> : <span></span>}
        {page.nextAfterId !== null ? (
          <a href={qs({ cursor: encodeCursor({ id: page.nextAfterId }) })} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </Layout>,
  );
}

export function contactsPages(app: Hono<AppEnv>): void {
  app.use('/contacts', contactsPermission);
  app.use('/contacts/*', contactsPermission);

  app.get('/contacts', (c) => listPage(c));
  // A reload of the result page, or a bookmarked form action.
  app.get('/contacts/import', (c) => c.redirect('/contacts', 303));

  app.post('/contacts/import', async (c) => {
    const file = (await c.req.parseBody())['file'];
    if (!(file instanceof File) || file.size === 0) {
      c.status(400);
      return listPage(c, { error: 'Choose a CSV file to import (the file was empty or missing).' });
    }
    try {
      const result = await importContacts(c.get('deps').db, c.get('actor'), { kind: 'csv', stream: file.stream() }, { label: `page:${file.name.slice(0, 200)}` });
      return listPage(c, { result });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      c.status(400);
      return listPage(c, { error: `The file was not imported: ${err.message}` });
    }
  });

  app.get('/contacts/:id', async (c) => {
    const ct = await getContact(c.get('deps').db, pageId(c));
    const done = c.req.query('done');
    const flash =
      done === 'erased' && ct.erased_at
        ? `The customer's personal data is erased. Their history keeps its shape under this pseudonym.${c.req.query('suppression') === 'kept' ? ' Their address stays on the suppression list, so it is never mailed again, even if it is imported again.' : ''}`
        : undefined;
    return detailPage(c, ct, { flash });
  });

  app.post('/contacts/:id/erase', async (c) => {
    const { db } = c.get('deps');
    const ct = await getContact(db, pageId(c));
    const form = await c.req.parseBody();
    const confirm = typeof form['confirm'] === 'string' ? form['confirm'].trim() : '';
    if (!ct.erased_at && confirm !== ERASE_WORD && confirm.toLowerCase() !== ct.email.toLowerCase()) {
      c.status(400);
      return detailPage(c, ct, {
        eraseError: confirm ? `Nothing was erased: “${confirm.slice(0, 100)}” is neither ${ERASE_WORD} nor this contact's email address.` : `Nothing was erased: type ${ERASE_WORD} or this contact's email address to confirm.`,
      });
    }
    const result = await eraseContact(db, c.get('actor'), ct.id);
    return c.redirect(`/contacts/${ct.id}?done=erased${result.suppression.kept ? '&suppression=kept' : ''}`, 303);
  });
}

const ERASE_WORD = 'ERASE';

function pageId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such contact');
  return id;
}

const EraseForm = ({ ct, csrfToken, error }: { ct: Contact; csrfToken: string; error?: string | undefined }) => (
  <section aria-labelledby="erase-heading" class="card" id="erase">
    <h2 id="erase-heading">Erase this customer</h2>
    <p id="erase-hint">
      At the customer's request (GDPR article 17). Their address, name and attributes, the texts of their conversations and the copies of mail to them are replaced by a pseudonym or
      removed. Their delivery history keeps its shape (counts per update stay), the audit log records the erasure, and a suppression of the address is kept so it is never mailed
      again. This cannot be undone.
    </p>
    <form method="post" action={`/contacts/${ct.id}/erase`} class="stack">
      <CsrfField token={csrfToken} />
      {error ? (
        <p class="error" role="alert" id="erase-error">
          {error}
        </p>
      ) : null}
      <div>
        <label for="erase-confirm">
          Type {ERASE_WORD} or the contact's email address to confirm
        </label>
        <input
          id="erase-confirm"
          name="confirm"
          type="text"
          required
          autocomplete="off"
          spellcheck={false}
          maxlength={320}
          aria-describedby={error ? 'erase-hint erase-error' : 'erase-hint'}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <div class="actions">
        <button type="submit">Erase personal data</button>
      </div>
    </form>
  </section>
);

function detailPage(c: Context<AppEnv>, ct: Contact, extra: { flash?: string | undefined; eraseError?: string | undefined } = {}) {
  const user = c.get('user');
  const attributes = Object.entries((ct.attributes ?? {}) as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return c.html(
    <Layout title={ct.name || ct.email} user={user} csrfToken={c.get('csrfToken')} section="contacts" flash={extra.flash}>
      <p>
        <a href="/contacts">← All contacts</a>
      </p>
      <h1>{ct.name || ct.email}</h1>
      <dl class="card details">
        <dt>Email</dt>
        <dd class="mono">{ct.email}</dd>
        <dt>Name</dt>
        <dd>{ct.name || '—'}</dd>
        <dt>Locale</dt>
        <dd>{ct.locale}</dd>
        <dt>Time zone</dt>
        <dd>{ct.timezone}</dd>
        <dt>Status</dt>
        <dd>{ct.erased_at ? `Erased on ${formatDateTime(ct.erased_at)}` : ct.unsubscribed_at ? `Unsubscribed on ${formatDateTime(ct.unsubscribed_at)}` : 'Subscribed'}</dd>
        <dt>Added</dt>
        <dd>{formatDateTime(ct.created_at)}</dd>
        <dt>Last changed</dt>
        <dd>{formatDateTime(ct.updated_at)}</dd>
      </dl>
      <h2 id="attributes-heading">Attributes</h2>
      {attributes.length === 0 ? (
        <p>No attributes.</p>
      ) : (
        <table aria-labelledby="attributes-heading">
          <caption class="visually-hidden">Attributes of {ct.email}</caption>
          <TableHead columns={['Attribute', 'Value', 'Type']} />
          <tbody>
            {attributes.map(([k, v]) => (
              <tr>
                <th scope="row">{k}</th>
                <td>{formatValue(v)}</td>
                <td>{typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'true/false' : 'text'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ct.erased_at ? (
        <p class="muted">This customer was erased at their request: they are in no audience, and their status link no longer opens.</p>
      ) : can(user.role, 'contacts:erase') ? (
        <EraseForm ct={ct} csrfToken={c.get('csrfToken')} error={extra.eraseError} />
      ) : null}
    </Layout>,
  );
}
