import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import { encodeCursor } from '../db/cursor.ts';
import { DELIVERY_STATUSES, NOT_DELIVERED, NOT_DELIVERED_STATUSES } from '../deliveries/state.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { exportHistory } from './export.ts';
import { parseHistoryQuery } from './filter.ts';
import { listHistory, type HistoryRow } from './queries.ts';

/** The query parameters of every history view (API, page and both CSV exports). */
const HistoryQuery = z.object({
  situation: z.string().optional().openapi({ description: 'Situation id' }),
  update: z.string().optional().openapi({ description: 'Update id (as in the URL of the update)' }),
  number: z.string().optional().openapi({ description: 'The update number customers saw ("Update 2") within the situation given by `situation`, which it requires' }),
  email: z.string().optional().openapi({ description: "A customer's email address (case-insensitive), across all updates" }),
  status: z.string().optional().openapi({ description: `One of ${DELIVERY_STATUSES.join(', ')}; or ${NOT_DELIVERED} for every delivery that did not arrive (${NOT_DELIVERED_STATUSES.join(', ')})` }),
  from: z.string().optional().openapi({ description: 'Sent at or after (ISO 8601 date or time)' }),
  to: z.string().optional().openapi({ description: 'Sent before (ISO 8601 date or time)' }),
  cursor: z.string().optional(),
  limit: z.string().optional().openapi({ description: '1–500, default 50 (100 on the page)' }),
});

const HistoryRowSchema = z
  .object({
    id: z.number().int(),
    updateId: z.number().int(),
    updateNumber: z.number().int().nullable(),
    situationId: z.number().int(),
    situationTitle: z.string(),
    email: z.string(),
    name: z.string(),
    locale: z.string().openapi({ description: 'The locale variant sent' }),
    timezone: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    reason: z.string().nullable(),
    bounceType: z.string().nullable(),
    subject: z.string().nullable().openapi({ description: 'The exact subject sent' }),
    bodyHash: z.string().nullable().openapi({ description: 'SHA-256 of the exact HTML body sent' }),
    contactPoint: z.string().nullable(),
    promisedAt: z.string().nullable(),
    releasedAt: z.string(),
    sentAt: z.string().nullable(),
    lastEventAt: z.string().nullable(),
    providerId: z.string().nullable(),
  })
  .openapi('Delivery');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function rowJson(r: HistoryRow) {
  return { ...r, status: r.status as (typeof DELIVERY_STATUSES)[number], promisedAt: iso(r.promisedAt), releasedAt: r.releasedAt.toISOString(), sentAt: iso(r.sentAt), lastEventAt: iso(r.lastEventAt) };
}

export function historyApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/deliveries',
      middleware: [allow('read')] as const,
      tags: ['History'],
      summary: 'Send history: one row per (update, recipient), newest update first, keyset-paginated',
      security: [{ bearer: [] }],
      request: { query: HistoryQuery },
      responses: { 200: jsonBody(z.object({ deliveries: z.array(HistoryRowSchema), nextCursor: z.string().nullable() }), 'One page of deliveries'), ...errorResponses },
    }),
    async (c) => {
      const { filter, cursor, limit } = parseHistoryQuery(c.req.valid('query'));
      const page = await listHistory(c.get('deps').db, filter, cursor, limit);
      return c.json({ deliveries: page.rows.map(rowJson), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/deliveries.csv',
      middleware: [allow('read')] as const,
      tags: ['History'],
      summary: 'The same history as CSV, streamed row by row; the first line (starting with #) describes the filter',
      security: [{ bearer: [] }],
      request: { query: HistoryQuery.omit({ cursor: true, limit: true }) },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: "CSV with a header row. A text cell starting with = + - @ tab or CR, or such a character after a semicolon inside a text, has a ' put in front, so no spreadsheet runs it as a formula; numbers and times are as they are." }, ...errorResponses },
    }),
    async (c) => {
      const { filter } = parseHistoryQuery(c.req.valid('query'));
      const { csv, exportedAt } = await exportHistory(c.get('deps').db, c.get('actor'), filter);
      return c.body(csv, 200, csvDownloadHeaders('history', exportedAt));
    },
  );
}
