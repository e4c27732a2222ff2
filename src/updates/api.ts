import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { Situation } from '../db/types.ts';
import type { AppEnv } from '../app-env.ts';
import { supportedLocale } from '../languages.ts';
import { requestTransport } from '../sending/transport.ts';
import { allow } from '../http/access.ts';
import { errorResponses, IdempotencyKeyHeader, IdParam, jsonBody } from '../http/openapi.ts';
import { idempotent } from '../http/idempotent.ts';
import { changeSituation, createSituation, getSituation, listSituations, resolveSituation, situationChange, situationInput } from '../situations/queries.ts';
import { createDraft, draftFromPrevious, editDraft, updateInput, type UpdateWithRelations } from './compose.ts';
import { situationUpdateDetails, updateDetails, type UpdateDetails } from './details.ts';
import { missingForApi, warningForApi } from './checklist.ts';
import { previewUpdate, testSend } from './preview.ts';
import { approveUpdate, cancelUpdate, sendUpdate, submitForApproval } from './workflow.ts';

const LanguageTexts = z.record(z.string(), z.string()).meta({ propertyNames: { enum: [...SUPPORTED_LOCALES] } });

const SituationSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    titles: LanguageTexts.openapi({ description: 'The title in other languages; a language without one reads `title`', example: { nb: 'Bokklubben i rekonstruksjon' } }),
    summary: z.string(),
    status: z.enum(['open', 'resolved']),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Situation');

const UpdateSchema = z
  .object({
    id: z.number().int(),
    situationId: z.number().int(),
    number: z.number().int().nullable(),
    status: z.enum(['draft', 'pending_approval', 'approved', 'scheduled', 'sending', 'sent', 'cancelled']),
    segmentIds: z.array(z.number().int()),
    contactPointId: z.number().int().nullable(),
    acknowledgement: z.object({ kind: z.enum(['apology', 'thanks', 'both']), text: z.string() }).nullable(),
    nextUpdateAt: z.string().nullable(),
    final: z.boolean(),
    quietHours: z.boolean().openapi({ description: "Hold each recipient's email until daytime in their own time zone (the quietHours settings give the window)" }),
    defaultLocale: z.string(),
    content: z
      .record(z.string(), z.object({ subject: z.string(), body: z.string(), acknowledgement: z.string().optional().openapi({ description: 'This language’s own acknowledgement; absent, it reads acknowledgement.text' }) }))
      .meta({ propertyNames: { enum: [...SUPPORTED_LOCALES] } }),
    authorId: z.number().int().nullable(),
    approvedBy: z.number().int().nullable(),
    selfApproved: z.boolean(),
    sendAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    editorIds: z.array(z.number().int()).openapi({ description: 'Everyone who wrote or changed the update; none of them may approve it (four eyes)' }),
    missing: z.array(z.object({ element: z.string(), message: z.string() })),
    warnings: z
      .array(z.object({ locale: z.enum(SUPPORTED_LOCALES), element: z.enum(['acknowledgement', 'situation_title', 'contact_role']), message: z.string() }))
      .openapi({ description: 'Per language the update is written in besides its default: the acknowledgement, situation title or contact role it has no version of, which its customers will read in the default language. Not a bar to approval.' }),
    counts: z.record(z.string(), z.number().int()),
  })
  .openapi('Update');

function situationJson(s: Situation) {
  return { id: s.id, title: s.title, titles: s.titles as Record<string, string>, summary: s.summary, status: s.status, createdAt: s.created_at.toISOString(), resolvedAt: s.resolved_at?.toISOString() ?? null };
}

/** The update as the API shows it; pure, from details loaded by the domain. */
export function updateJson(d: UpdateDetails) {
  const u = d.update;
  return {
    id: u.id,
    situationId: u.situation_id,
    number: u.number,
    status: u.status,
    segmentIds: u.segmentIds,
    contactPointId: u.contact_point_id,
    acknowledgement: u.ack_kind ? { kind: u.ack_kind, text: u.ack_text } : null,
    nextUpdateAt: u.next_update_at?.toISOString() ?? null,
    final: u.final,
    quietHours: u.quiet_hours,
    defaultLocale: u.default_locale,
    content: u.content as Record<string, { subject: string; body: string; acknowledgement?: string }>,
    authorId: u.author_id,
    editorIds: d.editorIds,
    approvedBy: u.approved_by,
    selfApproved: u.self_approved,
    sendAt: u.send_at?.toISOString() ?? null,
    sentAt: u.sent_at?.toISOString() ?? null,
    missing: d.missing.map(missingForApi),
    warnings: d.warnings.map(warningForApi),
    counts: d.counts,
  };
}

const security = [{ bearer: [] }];
/** The response body of every update route: the update as it stands after the call. */
async function shown(c: Context<AppEnv>, u: number | UpdateWithRelations) {
  return updateJson(await updateDetails(c.get('deps').db, u));
}

const approveBody = z.object({ reviewed: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-character digest shown on the review page').optional() }).strict();

export function updatesApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({ method: 'post', path: '/situations', tags: ['Situations'], summary: 'Open a situation', security, middleware: [allow('situations:write'), idempotent()] as const, request: { headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: situationInput } }, required: true } }, responses: { 201: jsonBody(SituationSchema, 'Opened'), ...errorResponses } }),
    async (c) => c.json(situationJson(await createSituation(c.get('deps').db, c.get('actor'), c.req.valid('json'))), 201),
  );
  api.openapi(
    createRoute({ method: 'get', path: '/situations', tags: ['Situations'], summary: 'List situations', security, middleware: [allow('read')] as const, responses: { 200: jsonBody(z.object({ situations: z.array(SituationSchema) }), 'Situations, open first'), ...errorResponses } }),
    async (c) => c.json({ situations: (await listSituations(c.get('deps').db)).map(situationJson) }, 200),
  );
  api.openapi(
    createRoute({ method: 'get', path: '/situations/{id}', tags: ['Situations'], summary: 'A situation and its updates', security, middleware: [allow('read')] as const, request: { params: IdParam }, responses: { 200: jsonBody(SituationSchema.extend({ updates: z.array(UpdateSchema) }), 'The situation'), ...errorResponses } }),
    async (c) => {
      const { db } = c.get('deps');
      const s = await getSituation(db, c.req.valid('param').id);
      return c.json({ ...situationJson(s), updates: (await situationUpdateDetails(db, s.id)).map(updateJson) }, 200);
    },
  );
  api.openapi(
    createRoute({ method: 'patch', path: '/situations/{id}', tags: ['Situations'], summary: 'Change the title (in any language) or the summary', description: 'Only the fields given change; `titles` replaces every title in another language. An update already released keeps the title it was sent with.', security, middleware: [allow('situations:write')] as const, request: { params: IdParam, body: { content: { 'application/json': { schema: situationChange } }, required: true } }, responses: { 200: jsonBody(SituationSchema, 'The situation after the change'), ...errorResponses } }),
    async (c) => c.json(situationJson(await changeSituation(c.get('deps').db, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  api.openapi(
    createRoute({ method: 'post', path: '/situations/{id}/resolve', tags: ['Situations'], summary: 'Mark a situation resolved', security, middleware: [allow('situations:write'), idempotent()] as const, request: { params: IdParam, headers: IdempotencyKeyHeader }, responses: { 200: jsonBody(SituationSchema, 'Resolved'), ...errorResponses } }),
    async (c) => c.json(situationJson(await resolveSituation(c.get('deps').db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/situations/{id}/updates',
      tags: ['Updates'],
      summary: 'Compose a draft update',
      description:
        'Body: { segmentIds, contactPointId, acknowledgement: { kind: apology|thanks|both, text }, nextUpdateAt | final: true, quietHours?, content: { <locale>: { subject, body (Markdown), acknowledgement? } }, defaultLocale }. Drafts may be incomplete; `missing` lists what approval needs. Each language may have its own `acknowledgement`; one without reads `acknowledgement.text`, and `warnings` says so per language (as for a situation title or contact role it has no version of). A language tidings does not support (`content.xx`, `defaultLocale`) and an empty acknowledgement for a language with a subject or body are refused with 400 `invalid_input` naming the field.',
      security, middleware: [allow('updates:write'), idempotent()] as const,
      request: { params: IdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: updateInput } }, required: true } },
      responses: { 201: jsonBody(UpdateSchema, 'The draft'), ...errorResponses },
    }),
    async (c) => c.json(await shown(c, await createDraft(c.get('deps').db, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 201),
  );
  api.openapi(
    createRoute({ method: 'post', path: '/situations/{id}/updates/from-previous', tags: ['Updates'], summary: 'Start a draft from the latest update (content, segments, contact person carried over)', security, middleware: [allow('updates:write'), idempotent()] as const, request: { params: IdParam, headers: IdempotencyKeyHeader }, responses: { 201: jsonBody(UpdateSchema, 'The draft'), ...errorResponses } }),
    async (c) => c.json(await shown(c, await draftFromPrevious(c.get('deps').db, c.get('actor'), c.req.valid('param').id)), 201),
  );
  api.openapi(
    createRoute({ method: 'get', path: '/updates/{id}', tags: ['Updates'], summary: 'An update with its status, checklist and counts per delivery status', security, middleware: [allow('read')] as const, request: { params: IdParam }, responses: { 200: jsonBody(UpdateSchema, 'The update'), ...errorResponses } }),
    async (c) => c.json(await shown(c, c.req.valid('param').id), 200),
  );
  api.openapi(
    createRoute({ method: 'patch', path: '/updates/{id}', tags: ['Updates'], summary: 'Change a draft (a change after approval sends it back to draft)', security, middleware: [allow('updates:write')] as const, request: { params: IdParam, body: { content: { 'application/json': { schema: updateInput } }, required: true } }, responses: { 200: jsonBody(UpdateSchema, 'The draft'), ...errorResponses } }),
    async (c) => c.json(await shown(c, await editDraft(c.get('deps').db, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  api.openapi(
    createRoute({ method: 'post', path: '/updates/{id}/submit', tags: ['Updates'], summary: 'Ask a colleague to approve', security, middleware: [allow('updates:write'), idempotent()] as const, request: { params: IdParam, headers: IdempotencyKeyHeader }, responses: { 200: jsonBody(UpdateSchema, 'Waiting for approval'), ...errorResponses } }),
    async (c) => c.json(await shown(c, await submitForApproval(c.get('deps').db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/updates/{id}/approve',
      tags: ['Updates'],
      summary: 'Approve (four eyes: nobody who wrote or changed it)',
      description:
        'Refused with 403 `four_eyes` when the caller is one of the update\'s editors (its author or anyone who changed it), unless the admin setting allow_self_approval is on (then audited as self-approved). The approval covers the content and acknowledgement in every language, the contact point, the date or final flag, quiet hours and the audience version of every segment; a later change to any of them sends the update back to draft. `reviewed` (optional): the digest the approver reviewed; if the update changed since, 409.',
      security,
      middleware: [allow('updates:approve'), idempotent()] as const,
      request: { params: IdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: approveBody } }, required: false } }, responses: { 200: jsonBody(UpdateSchema, 'Approved'), ...errorResponses } }),
    async (c) => {
      const reviewed = (c.req.valid('json') as { reviewed?: string } | undefined)?.reviewed;
      return c.json(await shown(c, await approveUpdate(c.get('deps').db, c.get('actor'), c.req.valid('param').id, reviewed === undefined ? {} : { reviewed })), 200);
    },
  );
  const sendBody = z.object({ at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional() }).strict();
  api.openapi(
    createRoute({ method: 'post', path: '/updates/{id}/send', tags: ['Updates'], summary: 'Send an approved update now, or at `at`', description: 'A time `at` that has passed is refused with 400 `invalid_input` (it never means now).', security, middleware: [allow('updates:send'), idempotent()] as const, request: { params: IdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: sendBody } }, required: false } }, responses: { 200: jsonBody(UpdateSchema, 'Scheduled for release'), ...errorResponses } }),
    async (c) => {
      const body = c.req.valid('json') as { at?: string } | undefined;
      const u = await sendUpdate(c.get('deps').db, c.get('deps').jobs, c.get('actor'), c.req.valid('param').id, body?.at ? { at: new Date(body.at) } : {});
      return c.json(await shown(c, u), 200);
    },
  );
  api.openapi(
    createRoute({ method: 'post', path: '/updates/{id}/cancel', tags: ['Updates'], summary: 'Cancel an update that has not started sending', security, middleware: [allow('updates:send'), idempotent()] as const, request: { params: IdParam, headers: IdempotencyKeyHeader }, responses: { 200: jsonBody(UpdateSchema, 'Cancelled'), ...errorResponses } }),
    async (c) => c.json(await shown(c, await cancelUpdate(c.get('deps').db, c.get('actor'), c.req.valid('param').id)), 200),
  );
  const localeQuery = z.object({ locale: supportedLocale().optional() });
  api.openapi(
    createRoute({ method: 'get', path: '/updates/{id}/preview', tags: ['Updates'], summary: 'The email as a customer in `locale` would receive it', security, middleware: [allow('read')] as const, request: { params: IdParam, query: localeQuery }, responses: { 200: jsonBody(z.object({ subject: z.string(), html: z.string(), text: z.string() }), 'Rendered email'), ...errorResponses } }),
    async (c) => {
      const { db, config } = c.get('deps');
      const msg = await previewUpdate(db, config, c.req.valid('param').id, c.req.valid('query').locale);
      return c.json({ subject: msg.subject, html: msg.html, text: msg.text }, 200);
    },
  );
  api.openapi(
    createRoute({ method: 'post', path: '/updates/{id}/test-send', tags: ['Updates'], summary: 'Send a test to your own address (kept out of the delivery record)', security, middleware: [allow('updates:write'), idempotent()] as const, request: { params: IdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: localeQuery } }, required: false } }, responses: { 200: jsonBody(z.object({ to: z.string(), providerId: z.string() }), 'Sent'), ...errorResponses } }),
    async (c) => {
      const { db, config } = c.get('deps');
      const locale = (c.req.valid('json') as { locale?: Locale } | undefined)?.locale;
      return c.json(await testSend(db, config, requestTransport(c.get('deps')), c.get('actor'), c.req.valid('param').id, locale), 200);
    },
  );
}
