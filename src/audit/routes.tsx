import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { csvDownloadHeaders } from '../csv-stream.ts';
import { encodeCursor } from '../db/cursor.ts';
import type { AuditEntry } from '../db/types.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { AuditPage } from './audit-page.tsx';
import { exportAudit } from './export.ts';
import { auditFilterFrom } from './filter.ts';
import { ANCHOR_FORMAT, parseAnchor, verifyAuditChain, type VerifyResult } from './verify.ts';
import { auditLogPage, listAudit } from './queries.ts';
import { checkInclusionProof, deliveryEventProof } from './proof.ts';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    details: z.unknown(),
    hash: z.string(),
  })
  .openapi('AuditEntry');

const ChainPointSchema = z.object({
  seq: z.number().int().openapi({ description: 'The entry id' }),
  hash: z.string().openapi({ description: 'Its hash, 64 hex characters' }),
});

const VerifySchema = z
  .object({
    intact: z.boolean(),
    entries: z.number().int().openapi({ description: 'Entries whose links hold, from the first' }),
    brokenAt: z.object({ id: z.number().int(), reason: z.string() }).optional(),
    keyedFrom: z.number().int().nullable().openapi({ description: 'The first entry hashed with the key (HMAC-SHA256 from TIDINGS_SECRET); entries before it carry the plain SHA-256 of before migration 0014' }),
    head: ChainPointSchema.nullable().openapi({ description: 'The newest entry: keep it outside tidings as an anchor (SEQ:HASH) to find a later cut or rewrite' }),
    anchor: ChainPointSchema.extend({ holds: z.boolean() }).optional().openapi({ description: 'The anchor asked for, and whether that entry still exists with that hash' }),
  })
  .openapi('AuditVerification');

function entryJson(e: AuditEntry) {
  return { id: e.id, at: e.at.toISOString(), actor: e.actor, action: e.action, subjectType: e.subject_type, subjectId: e.subject_id, details: e.details, hash: e.hash };
}

const ProofSchema = z
  .object({
    member: z
      .object({ at: z.string(), actor: z.string(), action: z.string(), subjectType: z.string().nullable(), subjectId: z.string().nullable(), details: z.record(z.string(), z.unknown()) })
      .openapi({ description: 'The event as the record holds it: its leaf hash is SHA-256 over 0x00 and this object as canonical JSON (keys sorted)' }),
    leafHash: z.string(),
    index: z.number().int().openapi({ description: 'Its place among the members of its group, from 0' }),
    size: z.number().int().openapi({ description: 'How many members the group has' }),
    path: z.array(z.string()).openapi({ description: 'The audit path from the leaf to the root (RFC 6962/9162: SHA-256, 0x01 before each node)' }),
    root: z.string().openapi({ description: "The group's Merkle root, as its chain entry holds it" }),
    entry: z
      .object({ seq: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), subjectType: z.string().nullable(), subjectId: z.string().nullable(), details: z.record(z.string(), z.unknown()), prevHash: z.string(), hash: z.string() })
      .openapi({ description: 'The chain entry holding the root; the chain check (GET /audit/verify, with an anchor) shows it is on the intact chain' }),
    check: z.object({ included: z.boolean(), entryHolds: z.boolean().nullable() }).openapi({ description: 'The proof checked here: the path leads from the leaf to the root, and the entry has its keyed hash' }),
  })
  .openapi('AuditInclusionProof');

/** The check as the API reports it: a broken link with its English reason (the catalogue key is for pages). */
function verifyJson(r: VerifyResult) {
  const { brokenAt, ...rest } = r;
  return brokenAt ? { ...rest, brokenAt: { id: brokenAt.id, reason: brokenAt.reason } } : rest;
}

/** Streams the filtered log as CSV (the export is on the record before the first row). */
async function auditExportResponse(c: Context<AppEnv>, q: Record<string, string | undefined>) {
  const { cursor: _cursor, limit: _limit, ...filter } = q;
  const now = new Date();
  const csv = await exportAudit(c.get('deps').db, c.get('actor'), auditFilterFrom(filter), now);
  return c.body(csv, 200, csvDownloadHeaders('audit', now));
}

export function auditApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit.csv',
      tags: ['Audit'],
      summary: 'The audit log as CSV, newest first, streamed; the first line (starting with #) describes the filter',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: {
        query: z.object({
          action: z.string().max(100).optional().openapi({ description: 'Action prefix, e.g. "contacts."' }),
          actor: z.string().max(200).optional(),
          from: z.string().optional().openapi({ description: 'ISO 8601 date or time, inclusive' }),
          to: z.string().optional().openapi({ description: 'ISO 8601 date or time, exclusive' }),
        }),
      },
      responses: { 200: { content: { 'text/csv': { schema: z.string() } }, description: "CSV with a header row, including each entry's hashes. A text cell starting with = + - @ tab or CR, or such a character after a semicolon inside a text, has a ' put in front, so no spreadsheet runs it as a formula." }, ...errorResponses },
    }),
    async (c) => auditExportResponse(c, c.req.valid('query')),
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags: ['Audit'],
      summary: 'The audit log, newest first, keyset-paginated',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: {
        query: z.object({
          cursor: z.string().optional(),
          action: z.string().max(100).optional().openapi({ description: 'Action prefix, e.g. "contacts."' }),
          actor: z.string().max(200).optional(),
          from: z.string().optional().openapi({ description: 'ISO 8601 date or time, inclusive' }),
          to: z.string().optional().openapi({ description: 'ISO 8601 date or time, exclusive' }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: jsonBody(z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }), 'One page of entries'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listAudit(c.get('deps').db, auditFilterFrom({ ...q, limit: q.limit?.toString() }));
      return c.json({ entries: page.entries.map(entryJson), nextCursor: page.nextBeforeId ? encodeCursor({ before: page.nextBeforeId }) : null }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit/verify',
      tags: ['Audit'],
      summary: 'Walk the hash chain and report the first broken link and the head; with an anchor, also check that entry still exists with that hash',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: {
        query: z.object({
          anchor: z
            .string()
            .regex(ANCHOR_FORMAT, 'anchor must be SEQ:HASH, an entry id and its 64-character hex hash')
            .optional()
            .openapi({ description: 'A head noted earlier, as SEQ:HASH: if that entry is gone or has another hash, the record was cut back or rewritten since', example: `42:${'0'.repeat(64)}` }),
        }),
      },
      responses: { 200: jsonBody(VerifySchema, 'The result of the integrity check'), ...errorResponses },
    }),
    async (c) => {
      const { anchor } = c.req.valid('query');
      return c.json(verifyJson(await verifyAuditChain(c.get('deps').db, anchor ? { anchor: parseAnchor(anchor) } : {})), 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit/proof',
      tags: ['Audit'],
      summary: 'The inclusion proof of one provider event: from its hash to the chain entry of its group',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: { query: z.object({ event: z.string().min(1).max(200).openapi({ description: "The event's id as the provider sent it (svix-id)", example: 'msg_2ZCyS1k' }) }) },
      responses: { 200: jsonBody(ProofSchema, 'The proof, and its check'), ...errorResponses },
    }),
    async (c) => {
      const proof = await deliveryEventProof(c.get('deps').db, c.req.valid('query').event);
      return c.json({ ...proof, check: checkInclusionProof(proof) }, 200);
    },
  );
}

export function auditPages(app: Hono<AppEnv>): void {
  app.get('/audit.csv', allow('read'), (c) => auditExportResponse(c, c.req.query()));
  app.get('/audit', allow('read'), async (c) => {
    const query = c.req.query();
    const page = await auditLogPage(c.get('deps').db, auditFilterFrom(query), query['verify'] ? { anchor: query['anchor'] } : undefined);
    return c.html(<AuditPage query={query} {...page} user={c.get('user')} csrfToken={c.get('csrfToken')} />);
  });
}
