import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { idempotent } from '../http/idempotent.ts';
import { errorResponses, IdempotencyKeyHeader, IdParam, jsonBody } from '../http/openapi.ts';
import type { ApprovedUpdateRef } from '../updates/approval.ts';
import { archiveSegment, createSegment, getSegment, listSegments, MAX_SAMPLE, previewRule, previewSegment, segmentWithApprovals, updateSegment, type SegmentWithCount } from './queries.ts';
import { RULE_LIMITS } from './rule.ts';

// ---------------------------------------------------------------------------
// JSON API

const RULE_EXAMPLE = {
  all: [
    { attribute: 'refund_claim', op: 'gt', value: 0 },
    { any: [{ attribute: 'locale', op: 'in', value: ['nb', 'sv'] }, { attribute: 'tags', op: 'contains', value: 'vip' }] },
  ],
};

const RuleSchema = z.unknown().openapi({
  description:
    'A group {"all": [...]} or {"any": [...]} of conditions {"attribute", "op", "value"} and nested groups. ' +
    'Operators: eq, neq, in (non-empty list), contains (case-insensitive substring of a text attribute, or an exact element of a list attribute), ' +
    'gt, lt (a number compares numeric attributes only; a string compares text, e.g. ISO dates), exists (no value). ' +
    'email, name, locale and timezone are the contact\'s own fields; any other attribute is an imported column. ' +
    `Limits: nesting ${RULE_LIMITS.depth} levels, ${RULE_LIMITS.conditions} conditions, attribute names ${RULE_LIMITS.attributeLength} characters, text values ${RULE_LIMITS.stringLength} characters.`,
  example: RULE_EXAMPLE,
});

const SegmentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['rule', 'list']),
    rule: RuleSchema.nullable(),
    memberCount: z.number().int().optional().openapi({ description: 'Members of a static list' }),
    createdBy: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    archivedAt: z.string().nullable(),
  })
  .openapi('Segment');

const ApprovedUpdateSchema = z
  .object({ id: z.number().int(), situationId: z.number().int(), status: z.enum(['approved', 'scheduled']), subject: z.string(), sendAt: z.string().nullable() })
  .openapi('ApprovedUpdateRef');

const SegmentDetailSchema = SegmentSchema.extend({
  approvedUpdates: z.array(ApprovedUpdateSchema).openapi({ description: 'Approved or scheduled updates that send to this segment: a change to its rule or members sends each back to draft (four eyes)' }),
}).openapi('SegmentDetail');

const SegmentWriteSchema = SegmentSchema.extend({
  unknownEmails: z.array(z.string()).openapi({ description: 'Addresses of a static list that match no contact and were left out' }),
  withdrawnApprovals: z.array(ApprovedUpdateSchema).openapi({ description: 'Approved or scheduled updates this change sent back to draft' }),
}).openapi('SegmentWritten');

function approvedUpdateJson(u: ApprovedUpdateRef) {
  return { id: u.id, situationId: u.situationId, status: u.status as 'approved' | 'scheduled', subject: u.subject, sendAt: u.sendAt?.toISOString() ?? null };
}

const SegmentInput = z
  .object({
    name: z.string().openapi({ example: 'Customers with a refund claim' }),
    rule: RuleSchema.optional(),
    emails: z.array(z.string()).optional().openapi({ description: 'Instead of a rule: a static list of contact addresses' }),
  })
  .openapi('SegmentInput');

const SegmentUpdate = z
  .object({
    name: z.string().optional(),
    rule: RuleSchema.optional(),
    emails: z.array(z.string()).optional().openapi({ description: 'Replaces the members of a static list' }),
  })
  .openapi('SegmentUpdate');

const PreviewSchema = z
  .object({
    eligible: z.number().int().openapi({ description: 'Matching contacts who will receive an update' }),
    excluded: z.object({ suppressed: z.number().int(), unsubscribed: z.number().int() }).openapi({ description: 'Matching contacts left out, by reason (a contact both suppressed and unsubscribed counts as suppressed)' }),
    sample: z.array(z.object({ id: z.number().int(), email: z.string(), name: z.string(), locale: z.string() })),
  })
  .openapi('SegmentPreview');

const SampleQuery = z.object({
  sample: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_SAMPLE)
    .optional()
    .openapi({ param: { name: 'sample', in: 'query' }, description: `How many eligible contacts to list (0–${MAX_SAMPLE}, default 10)` }),
});

function segmentJson(s: SegmentWithCount) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    rule: s.rule ?? null,
    ...(s.memberCount === undefined ? {} : { memberCount: s.memberCount }),
    createdBy: s.created_by,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    archivedAt: s.archived_at?.toISOString() ?? null,
  };
}

export function segmentsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/segments',
      tags: ['Segments'],
      summary: 'List segments (archived ones left out)',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      responses: { 200: jsonBody(z.object({ segments: z.array(SegmentSchema) }), 'Active segments'), ...errorResponses },
    }),
    async (c) => c.json({ segments: (await listSegments(c.get('deps').db)).map(segmentJson) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/segments',
      tags: ['Segments'],
      summary: 'Create a rule segment { name, rule } or a static list { name, emails }',
      description: 'Addresses of a static list that match no contact are left out and reported in unknownEmails.',
      security: [{ bearer: [] }],
      middleware: [allow('segments:write'), idempotent()] as const,
      request: { headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: SegmentInput } }, required: true } },
      responses: { 201: jsonBody(SegmentWriteSchema, 'Created'), 409: jsonBody(z.any(), 'A segment with that name exists'), ...errorResponses },
    }),
    async (c) => {
      const r = await createSegment(c.get('deps').db, c.get('actor'), c.req.valid('json'));
      return c.json({ ...segmentJson(r.segment), unknownEmails: r.unknownEmails, withdrawnApprovals: [] }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/segments/preview',
      tags: ['Segments'],
      summary: 'Preview an unsaved rule: how many would receive it, who is excluded and why',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: {
        query: SampleQuery,
        body: { content: { 'application/json': { schema: z.object({ rule: RuleSchema.optional() }).openapi('SegmentPreviewInput') } }, required: true },
      },
      responses: { 200: jsonBody(PreviewSchema, 'Counts and a sample'), ...errorResponses },
    }),
    async (c) => {
      const sampleSize = c.req.valid('query').sample;
      const body = c.req.valid('json') as { rule?: unknown };
      return c.json(await previewRule(c.get('deps').db, body.rule, sampleSize === undefined ? {} : { sampleSize }), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}',
      tags: ['Segments'],
      summary: 'One segment (archived ones too), with the approved updates a change to it would send back to draft',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: { params: IdParam },
      responses: { 200: jsonBody(SegmentDetailSchema, 'The segment'), 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      const { segment, approvedUpdates } = await segmentWithApprovals(c.get('deps').db, c.req.valid('param').id);
      return c.json({ ...segmentJson(segment), approvedUpdates: approvedUpdates.map(approvedUpdateJson) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/segments/{id}',
      tags: ['Segments'],
      summary: 'Rename a segment, replace its rule, or replace a static list\'s members',
      description: 'A change to the rule or the members sends every approved or scheduled update using the segment back to draft, in the same transaction (listed in withdrawnApprovals; `GET /segments/{id}` lists them before the change). A rename changes no audience.',
      security: [{ bearer: [] }],
      middleware: [allow('segments:write')] as const,
      request: { params: IdParam, body: { content: { 'application/json': { schema: SegmentUpdate } }, required: true } },
      responses: { 200: jsonBody(SegmentWriteSchema, 'Updated'), 404: jsonBody(z.any(), 'Not found'), 409: jsonBody(z.any(), 'A segment with that name exists'), ...errorResponses },
    }),
    async (c) => {
      const r = await updateSegment(c.get('deps').db, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ ...segmentJson(r.segment), unknownEmails: r.unknownEmails, withdrawnApprovals: r.withdrawnApprovals.map(approvedUpdateJson) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/segments/{id}',
      tags: ['Segments'],
      summary: 'Archive a segment (kept on the record)',
      security: [{ bearer: [] }],
      middleware: [allow('segments:write')] as const,
      request: { params: IdParam },
      responses: { 204: { description: 'Archived' }, 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      await archiveSegment(c.get('deps').db, c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}/preview',
      tags: ['Segments'],
      summary: 'Who a saved segment reaches: eligible count, exclusions by reason, a sample',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      request: { params: IdParam, query: SampleQuery },
      responses: { 200: jsonBody(PreviewSchema, 'Counts and a sample'), 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const segment = await getSegment(db, c.req.valid('param').id);
      const sampleSize = c.req.valid('query').sample;
      return c.json(await previewSegment(db, segment, sampleSize === undefined ? {} : { sampleSize }), 200);
    },
  );
}
