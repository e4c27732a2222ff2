import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { idempotent } from '../http/idempotent.ts';
import { AppError, invalid } from '../errors.ts';
import { ErrorSchema, errorResponses, IdempotencyKeyHeader, IdParam, jsonBody } from '../http/openapi.ts';
import { eraseContact } from './erase.ts';
import { IMPORT_COLUMNS_HELP, importContacts, type ImportSource } from './import.ts';
import { contactJson, erasureJson } from './json.ts';
import { contactListing, getContact } from './queries.ts';
import { SUPPORTED_LOCALES } from '../config.ts';

const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const ContactSchema = z
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

const ImportRowNote = z.object({
  row: z.number().int().openapi({ description: 'CSV: row as a spreadsheet numbers it (the header is row 1). JSON: 1-based index in the array.' }),
  email: z.string(),
  reason: z.string(),
});

export const ImportResultSchema = z
  .object({
    created: z.number().int().openapi({ description: 'New contacts' }),
    updated: z.number().int().openapi({ description: 'Existing contacts (same email, any case) updated' }),
    rejected: z.array(ImportRowNote).openapi({
      description:
        'Rows that were not imported, with the reason; the other rows were imported. An unbalanced quote rejects the row where it opened (the reason names the row and column) and the lines after it are read as rows of their own.',
    }),
    warnings: z.array(ImportRowNote).openapi({
      description:
        'Rows that were imported (counted in created or updated) but may not be as the file meant them: a double quote inside a CSV value that does not start with one (37°36\'37.8"N) is kept as written, as spreadsheet programs read it. Always empty for JSON.',
      example: [{ row: 7, email: 'kari@example.org', reason: 'column 5 (location) holds a double quote inside a value that does not start with one; it was kept as written (…)' }],
    }),
  })
  .openapi('ContactImportResult');

export const ImportRowSchema = z
  .object({
    email: z.string().openapi({ example: 'kari@example.org' }),
    name: z.string().optional(),
    locale: z.enum(SUPPORTED_LOCALES).optional(),
    timezone: z.string().optional().openapi({ example: 'Europe/Oslo' }),
    attributes: z.record(z.string(), AttributeValue).optional(),
  })
  .catchall(AttributeValue)
  .openapi('ContactImportRow');

export const ListQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Case-insensitive part of the email or the name' }),
  cursor: z.string().optional().openapi({ description: 'nextCursor from the previous page; anything else is refused with 400 invalid_input' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ErasureSchema = z
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

function mediaType(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (header ?? '').split(';');
  const charset = params
    .map((p) => /^\s*charset\s*=\s*"?([^";]+)"?\s*$/i.exec(p)?.[1])
    .find(Boolean)
    ?.toLowerCase();
  return { type: type.trim().toLowerCase(), charset };
}

/** The import body as a source: a UTF-8 CSV streamed as it arrives, or a JSON array. */
async function importSourceOf(c: Context<AppEnv>): Promise<{ source: ImportSource; label: string }> {
  const { type, charset } = mediaType(c.req.header('content-type'));
  if (type === 'text/csv' || type === 'application/csv') {
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      throw new AppError('unsupported_media_type', `the CSV must be UTF-8 (got charset=${charset}); save it as UTF-8 and send it again`);
    }
    const body = c.req.raw.body;
    if (!body) throw invalid('the request has no body; send the CSV file as the request body');
    return { source: { kind: 'csv', stream: body }, label: 'api:csv' };
  }
  if (type === 'application/json') {
    let rows: unknown;
    try {
      rows = await c.req.json();
    } catch (err) {
      throw invalid(`the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!Array.isArray(rows)) throw invalid('the JSON body must be an array of contacts, e.g. [{"email": "kari@example.org", "name": "Kari"}]');
    return { source: { kind: 'json', rows }, label: 'api:json' };
  }
  throw new AppError('unsupported_media_type', `send the contacts as text/csv or as a JSON array (application/json), not ${type || 'a body without a Content-Type'}`);
}

export function contactsApi(api: OpenAPIHono<AppEnv>): void {
  // The CSV body is streamed straight into the importer, so the route is a plain
  // handler (no validator may read the body first); its documentation is
  // registered separately.
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/contacts/import',
    tags: ['Contacts'],
    summary: 'Import contacts from CSV or a JSON array (upsert by email, any case)',
    description: `${IMPORT_COLUMNS_HELP} Numbers and true/false become typed attributes; an empty cell leaves the value as it is. The CSV must be UTF-8 with a header row; a comma or (Excel in nb, sv, nl, hu) semicolon separates values. A quoted value may span lines (a line break in a name becomes a space); a double quote inside a value that does not start with one is kept as written and the row is listed in "warnings". Rows that cannot be imported are listed in "rejected" with the reason; every other row is imported. Importing the same file again updates and never duplicates, so an interrupted import is resumed by sending the file again.`,
    security: [{ bearer: [] }],
    request: {
      headers: IdempotencyKeyHeader,
      body: {
        required: true,
        content: {
          'text/csv': { schema: z.string().openapi({ example: 'email,name,locale,timezone,tier\nkari@example.org,Kari Nordmann,nb,Europe/Oslo,gold\n' }) },
          'application/json': { schema: z.array(ImportRowSchema) },
        },
      },
    },
    responses: {
      200: jsonBody(ImportResultSchema, 'Imported; rejected rows, and imported rows to check, are listed with the reason'),
      ...errorResponses,
      413: jsonBody(ErrorSchema, 'The upload is larger than the limit'),
      415: jsonBody(ErrorSchema, 'Neither text/csv (UTF-8) nor application/json'),
    },
  });
  api.post('/contacts/import', allow('contacts:write'), idempotent(), async (c) => {
    const { source, label } = await importSourceOf(c);
    return c.json(await importContacts(c.get('deps').db, c.get('actor'), source, { label }), 200);
  });

  api.openapi(
    createRoute({
      method: 'get',
      path: '/contacts',
      middleware: [allow('read')] as const,
      tags: ['Contacts'],
      summary: 'List contacts in alphabetical order of address, a page at a time; q searches email and name',
      security: [{ bearer: [] }],
      request: { query: ListQuery },
      responses: { 200: jsonBody(z.object({ contacts: z.array(ContactSchema), nextCursor: z.string().nullable() }), 'A page of contacts'), ...errorResponses },
    }),
    async (c) => {
      const page = await contactListing(c.get('deps').db, c.req.valid('query'));
      return c.json({ contacts: page.contacts.map(contactJson), nextCursor: page.nextCursor }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}',
      middleware: [allow('read')] as const,
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
      middleware: [allow('contacts:erase'), idempotent()] as const,
      tags: ['Contacts'],
      summary: 'Erase one customer (GDPR article 17): personal data replaced by a pseudonym, history kept in shape',
      description:
        'In one transaction: the contact, its deliveries, provider events, conversation messages, unmatched mail from the address, follow-up notes and local outbox copies lose what identifies the person (address, name, attributes, texts); ids, statuses, times and counts stay. Deliveries not sent yet are excluded. The suppression of the address, if any, is kept so it is never mailed again. Audited as contact.erase with counts only. Cannot be undone; a second erasure is a 409.',
      security: [{ bearer: [] }],
      request: { params: IdParam, headers: IdempotencyKeyHeader },
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
