import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import { AppError, RULE_REFUSAL, schemaRefusal } from '../errors.ts';
import { byLanguage, supportedLocale } from '../languages.ts';
import { APPROVED_STATUSES, changedFields, recordEditor, withdrawApproval } from './approval.ts';
import { loadUpdate, type UpdateContent, type UpdateWithRelations } from './model.ts';

export { missingElements, refuseMissing, type MissingElement } from './checklist.ts';
export { loadUpdate, type UpdateContent, type UpdateWithRelations } from './model.ts';

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !/[\r\n]/.test(v), 'must be on one line');

export const localeContent = z
  .object({
    subject: oneLine(200),
    body: z.string().max(20_000),
    acknowledgement: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .meta({ description: 'The apology or thanks in this language. Left out, this language reads acknowledgement.text (and the checklist warns); given, it must not be empty.' }),
  })
  .superRefine((c, ctx) => {
    // Absent means "use the general acknowledgement"; an empty one given for a
    // language that has words would send that language no acknowledgement at all.
    if (c.acknowledgement === '' && (c.subject.trim() || c.body.trim())) {
      ctx.addIssue({ code: 'custom', path: ['acknowledgement'], message: 'is empty; write the acknowledgement in this language, or leave it out to use acknowledgement.text', params: RULE_REFUSAL });
    }
  });

/**
 * A draft may be incomplete: that is what the checklist is for. Types are
 * checked here; whether the update may be approved or sent is `missingElements`.
 */
export const updateInput = z
  .object({
    segmentIds: z.array(z.number().int().positive()).max(50).optional(),
    contactPointId: z.number().int().positive().nullable().optional(),
    acknowledgement: z
      .object({
        kind: z.enum(['apology', 'thanks', 'both'], { error: 'must be apology, thanks or both' }),
        text: z.string().trim().max(2000),
      })
      .nullable()
      .optional(),
    nextUpdateAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-03-05T09:00:00Z' }).nullable().optional(),
    final: z.boolean().optional(),
    quietHours: z.boolean().optional(),
    content: byLanguage(localeContent).optional(),
    defaultLocale: supportedLocale().optional(),
  })
  .strict();
export type UpdateInput = z.infer<typeof updateInput>;

export function parseUpdateInput(input: unknown): UpdateInput {
  const r = updateInput.safeParse(input);
  if (!r.success) throw schemaRefusal(r.error.issues);
  if (r.data.final && r.data.nextUpdateAt) throw AppError.localized('validation_failed', 'composer.refuseFinalWithDate');
  return r.data;
}

async function checkReferences(db: DbOrTx, input: UpdateInput): Promise<void> {
  if (input.segmentIds?.length) {
    const found = await db.selectFrom('segments').select('id').where('id', 'in', input.segmentIds).where('archived_at', 'is', null).execute();
    const unknown = input.segmentIds.filter((id) => !found.some((f) => f.id === id));
    if (unknown.length) throw AppError.localized('validation_failed', 'composer.refuseNoSegment', { ids: unknown.join(', ') });
  }
  if (input.contactPointId) {
    const cp = await db.selectFrom('contact_points').select('id').where('id', '=', input.contactPointId).where('archived_at', 'is', null).executeTakeFirst();
    if (!cp) throw AppError.localized('validation_failed', 'composer.refuseNoContactPoint', { id: String(input.contactPointId) });
  }
}

/** Content as stored: an empty acknowledgement of a language without words says nothing, so it is left out. */
function storedContent(content: UpdateContent): UpdateContent {
  const out: UpdateContent = {};
  for (const [locale, c] of Object.entries(content) as [Locale, NonNullable<UpdateContent[Locale]>][]) {
    const { acknowledgement, ...words } = c;
    out[locale] = acknowledgement ? { ...words, acknowledgement } : words;
  }
  return out;
}

function columns(input: UpdateInput) {
  return {
    ...(input.contactPointId !== undefined ? { contact_point_id: input.contactPointId } : {}),
    ...(input.acknowledgement !== undefined ? { ack_kind: input.acknowledgement?.kind ?? null, ack_text: input.acknowledgement?.text ?? '' } : {}),
    ...(input.nextUpdateAt !== undefined ? { next_update_at: input.nextUpdateAt ? new Date(input.nextUpdateAt) : null } : {}),
    ...(input.final !== undefined ? { final: input.final, ...(input.final ? { next_update_at: null } : {}) } : {}),
    ...(input.quietHours !== undefined ? { quiet_hours: input.quietHours } : {}),
    ...(input.content !== undefined ? { content: JSON.stringify(storedContent(input.content)) } : {}),
    ...(input.defaultLocale !== undefined ? { default_locale: input.defaultLocale } : {}),
  };
}

/** Writes a change set's columns and segments onto an update the caller has locked. */
async function writeChanges(tx: DbOrTx, updateId: number, input: UpdateInput, currentSegmentIds: readonly number[]): Promise<void> {
  await tx.updateTable('updates').set({ ...columns(input), updated_at: new Date() }).where('id', '=', updateId).execute();
  const segmentIds = input.segmentIds === undefined ? undefined : [...new Set(input.segmentIds)].sort((a, b) => a - b);
  if (segmentIds !== undefined && segmentIds.join() !== currentSegmentIds.join()) {
    await tx.deleteFrom('update_segments').where('update_id', '=', updateId).execute();
    if (segmentIds.length) await tx.insertInto('update_segments').values(segmentIds.map((s) => ({ update_id: updateId, segment_id: s }))).execute();
  }
}

export async function createDraft(db: Db, actor: Actor, situationId: number, raw: unknown, options: Stamp = {}): Promise<UpdateWithRelations> {
  const input = parseUpdateInput(raw);
  return db.transaction().execute(async (tx) => {
    const situation = await tx.selectFrom('situations').select(['id', 'status']).where('id', '=', situationId).executeTakeFirst();
    if (!situation) throw AppError.localized('not_found', 'situations.notFound', { id: String(situationId) });
    if (situation.status !== 'open') throw AppError.localized('conflict', 'composer.refuseSituationResolved', { id: String(situationId) });
    await checkReferences(tx, input);
    const row = await tx
      .insertInto('updates')
      .values({ situation_id: situationId, author_id: actor.userId, content: '{}', ...columns(input), ...stamped(options.now, 'created_at', 'updated_at') })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.segmentIds?.length) await tx.insertInto('update_segments').values([...new Set(input.segmentIds)].map((s) => ({ update_id: row.id, segment_id: s }))).execute();
    await recordEditor(tx, actor, row.id, options.now);
    await recordAudit(tx, actor, { action: 'update.compose', subjectType: 'update', subjectId: row.id, details: { situationId, ...input }, at: options.now });
    return loadUpdate(tx, row.id);
  });
}

const EDITABLE = new Set(['draft', 'pending_approval', 'approved', 'scheduled']);

/**
 * Changes an update that has not started sending. Whoever changes it becomes
 * one of its editors (rule 8: no editor approves it). A change to anything the
 * approval covered withdraws the approval in the same transaction, cancelling
 * a scheduled send; a change that changes nothing is no change.
 */
export async function editDraft(db: Db, actor: Actor, updateId: number, raw: unknown): Promise<UpdateWithRelations> {
  const input = parseUpdateInput(raw);
  return db.transaction().execute(async (tx) => {
    const current = await loadUpdate(tx, updateId, { forUpdate: true });
    if (!EDITABLE.has(current.status)) throw AppError.localized('conflict', 'composer.refuseNotEditable', { status: current.status });
    await checkReferences(tx, input);
    await writeChanges(tx, updateId, input, current.segmentIds);
    const changed = changedFields(current, await loadUpdate(tx, updateId));
    if (changed.length === 0) {
      await tx.updateTable('updates').set({ updated_at: current.updated_at }).where('id', '=', updateId).execute();
      return current;
    }
    await tx.updateTable('updates').set({ version: sql`version + 1` }).where('id', '=', updateId).execute();
    await recordEditor(tx, actor, updateId);
    if (APPROVED_STATUSES.includes(current.status)) await withdrawApproval(tx, actor, current, changed);
    else if (current.status === 'pending_approval') await tx.updateTable('updates').set({ status: 'draft' }).where('id', '=', updateId).execute();
    const fields = changed.map((c) => ('field' in c ? c.field : ''));
    await recordAudit(tx, actor, { action: 'update.edit', subjectType: 'update', subjectId: updateId, details: { ...input, changed: fields, approvalWithdrawn: current.status !== 'draft' } });
    return loadUpdate(tx, updateId);
  });
}

/** Starts a new draft from the latest update of the situation: content, segments and contact person carry over; acknowledgement and date are asked afresh. */
export async function draftFromPrevious(db: Db, actor: Actor, situationId: number): Promise<UpdateWithRelations> {
  // What customers last read is the base: the last update sent, not a newer draft
  // still waiting (copying that would leave two identical drafts). Only a
  // situation that has sent nothing yet starts from its latest draft.
  const prev = await db
    .selectFrom('updates')
    .select('id')
    .where('situation_id', '=', situationId)
    .where('status', '!=', 'cancelled')
    .orderBy(sql`status IN ('sending', 'sent')`, 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!prev) throw AppError.localized('not_found', 'composer.refuseNoEarlier');
  const p = await loadUpdate(db, prev.id);
  // Quiet hours are a choice for each send, like the acknowledgement (in every
  // language) and the date: not carried over.
  const content = Object.fromEntries(Object.entries(p.content as UpdateContent).map(([l, c]) => [l, { subject: c!.subject, body: c!.body }]));
  return createDraft(db, actor, situationId, {
    segmentIds: p.segmentIds,
    contactPointId: p.contact_point_id,
    content,
    defaultLocale: p.default_locale as Locale,
  });
}
