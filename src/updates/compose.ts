import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { Update, UpdateContent } from '../db/types.ts';
import { AppError, invalid, zodIssues } from '../errors.ts';

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !/[\r\n]/.test(v), 'must be on one line');

export const localeContent = z.object({
  subject: oneLine(200),
  body: z.string().max(20_000),
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
    content: z.partialRecord(z.enum(SUPPORTED_LOCALES, { error: `locale must be one of ${SUPPORTED_LOCALES.join(', ')}` }), localeContent).optional(),
    defaultLocale: z.enum(SUPPORTED_LOCALES, { error: `must be one of ${SUPPORTED_LOCALES.join(', ')}` }).optional(),
  })
  .strict();
export type UpdateInput = z.infer<typeof updateInput>;
export type { UpdateContent };

export function parseUpdateInput(input: unknown): UpdateInput {
  const r = updateInput.safeParse(input);
  if (!r.success) {
    const details = zodIssues(r.error.issues);
    throw invalid(`${details[0]!.field}: ${details[0]!.message}`, details);
  }
  if (r.data.final && r.data.nextUpdateAt) throw invalid('nextUpdateAt: a final update promises no next update; leave it out or set final to false');
  return r.data;
}

export interface MissingElement {
  element: 'segments' | 'contact_point' | 'acknowledgement' | 'next_update' | 'content';
  message: string;
}

export interface UpdateWithRelations extends Update {
  segmentIds: number[];
}

/**
 * Rule 1: an update carries a named person, an acknowledgement and the date of
 * the next update (or says it is the last one), and it must have an audience
 * and words to send. `sendAt` is when it would go out.
 */
export async function missingElements(db: DbOrTx, u: UpdateWithRelations, sendAt: Date = new Date()): Promise<MissingElement[]> {
  const missing: MissingElement[] = [];
  if (u.segmentIds.length === 0) missing.push({ element: 'segments', message: 'choose at least one segment to send to' });
  else {
    const live = await db.selectFrom('segments').select('id').where('id', 'in', u.segmentIds).where('archived_at', 'is', null).execute();
    if (live.length !== u.segmentIds.length) missing.push({ element: 'segments', message: 'a chosen segment was archived; choose the segments again' });
  }
  if (!u.contact_point_id) missing.push({ element: 'contact_point', message: 'name a contact person customers can reach' });
  else {
    const cp = await db.selectFrom('contact_points').select(['archived_at']).where('id', '=', u.contact_point_id).executeTakeFirst();
    if (!cp || cp.archived_at) missing.push({ element: 'contact_point', message: 'the chosen contact person was archived; choose another' });
  }
  if (!u.ack_kind || !u.ack_text.trim()) missing.push({ element: 'acknowledgement', message: 'write an apology, a thanks, or both' });
  if (!u.final) {
    if (!u.next_update_at) missing.push({ element: 'next_update', message: 'promise the date of the next update, or mark this update as final' });
    else if (u.next_update_at.getTime() <= sendAt.getTime()) {
      missing.push({ element: 'next_update', message: `the next-update date ${u.next_update_at.toISOString()} is not after the send time ${sendAt.toISOString()}` });
    }
  }
  const content = (u.content ?? {}) as UpdateContent;
  const main = content[u.default_locale as Locale];
  if (!main || !main.subject.trim() || !main.body.trim()) {
    missing.push({ element: 'content', message: `write a subject and a body in the default language (${u.default_locale})` });
  }
  for (const [locale, c] of Object.entries(content)) {
    if (c && (!c.subject.trim() !== !c.body.trim())) missing.push({ element: 'content', message: `the ${locale} version needs both a subject and a body` });
  }
  return missing;
}

export async function loadUpdate(db: DbOrTx, id: number, options: { forUpdate?: boolean } = {}): Promise<UpdateWithRelations> {
  let q = db.selectFrom('updates').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const u = await q.executeTakeFirst();
  if (!u) throw new AppError('not_found', `update ${id} not found`);
  const segs = await db.selectFrom('update_segments').select('segment_id').where('update_id', '=', id).orderBy('segment_id').execute();
  return { ...u, segmentIds: segs.map((s) => s.segment_id) };
}

async function checkReferences(db: DbOrTx, input: UpdateInput): Promise<void> {
  if (input.segmentIds?.length) {
    const found = await db.selectFrom('segments').select('id').where('id', 'in', input.segmentIds).where('archived_at', 'is', null).execute();
    const unknown = input.segmentIds.filter((id) => !found.some((f) => f.id === id));
    if (unknown.length) throw invalid(`segmentIds: no segment with id ${unknown.join(', ')}`);
  }
  if (input.contactPointId) {
    const cp = await db.selectFrom('contact_points').select('id').where('id', '=', input.contactPointId).where('archived_at', 'is', null).executeTakeFirst();
    if (!cp) throw invalid(`contactPointId: no contact point with id ${input.contactPointId}`);
  }
}

function columns(input: UpdateInput) {
  return {
    ...(input.contactPointId !== undefined ? { contact_point_id: input.contactPointId } : {}),
    ...(input.acknowledgement !== undefined ? { ack_kind: input.acknowledgement?.kind ?? null, ack_text: input.acknowledgement?.text ?? '' } : {}),
    ...(input.nextUpdateAt !== undefined ? { next_update_at: input.nextUpdateAt ? new Date(input.nextUpdateAt) : null } : {}),
    ...(input.final !== undefined ? { final: input.final, ...(input.final ? { next_update_at: null } : {}) } : {}),
    ...(input.quietHours !== undefined ? { quiet_hours: input.quietHours } : {}),
    ...(input.content !== undefined ? { content: JSON.stringify(input.content) } : {}),
    ...(input.defaultLocale !== undefined ? { default_locale: input.defaultLocale } : {}),
  };
}

export async function createDraft(db: Db, actor: Actor, situationId: number, raw: unknown): Promise<UpdateWithRelations> {
  const input = parseUpdateInput(raw);
  return db.transaction().execute(async (tx) => {
    const situation = await tx.selectFrom('situations').select(['id', 'status']).where('id', '=', situationId).executeTakeFirst();
    if (!situation) throw new AppError('not_found', `situation ${situationId} not found`);
    if (situation.status !== 'open') throw new AppError('conflict', `situation ${situationId} is resolved; open a new situation to write again`);
    await checkReferences(tx, input);
    const row = await tx
      .insertInto('updates')
      .values({ situation_id: situationId, author_id: actor.userId, content: '{}', ...columns(input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.segmentIds?.length) await tx.insertInto('update_segments').values(input.segmentIds.map((s) => ({ update_id: row.id, segment_id: s }))).execute();
    await recordAudit(tx, actor, { action: 'update.compose', subjectType: 'update', subjectId: row.id, details: { situationId, ...input } });
    return loadUpdate(tx, row.id);
  });
}

const EDITABLE = new Set(['draft', 'pending_approval', 'approved']);

/** Changes a draft. A change to an approved update sends it back to draft: approval covers exact content. */
export async function editDraft(db: Db, actor: Actor, updateId: number, raw: unknown): Promise<UpdateWithRelations> {
  const input = parseUpdateInput(raw);
  return db.transaction().execute(async (tx) => {
    const current = await loadUpdate(tx, updateId, { forUpdate: true });
    if (!EDITABLE.has(current.status)) {
      throw new AppError('conflict', current.status === 'scheduled' ? 'this update is scheduled; cancel it before changing it' : `an update that is ${current.status} cannot be changed`);
    }
    await checkReferences(tx, input);
    const wasApproved = current.status === 'approved' || current.status === 'pending_approval';
    await tx
      .updateTable('updates')
      .set({ ...columns(input), status: 'draft', approved_by: null, approved_at: null, self_approved: false, updated_at: new Date(), version: sql`version + 1` })
      .where('id', '=', updateId)
      .execute();
    if (input.segmentIds !== undefined) {
      await tx.deleteFrom('update_segments').where('update_id', '=', updateId).execute();
      if (input.segmentIds.length) await tx.insertInto('update_segments').values(input.segmentIds.map((s) => ({ update_id: updateId, segment_id: s }))).execute();
    }
    await recordAudit(tx, actor, { action: 'update.edit', subjectType: 'update', subjectId: updateId, details: { ...input, approvalWithdrawn: wasApproved } });
    return loadUpdate(tx, updateId);
  });
}

/** Starts a new draft from the latest update of the situation: content, segments and contact person carry over; acknowledgement and date are asked afresh. */
export async function draftFromPrevious(db: Db, actor: Actor, situationId: number): Promise<UpdateWithRelations> {
  const prev = await db.selectFrom('updates').select('id').where('situation_id', '=', situationId).where('status', '!=', 'cancelled').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!prev) throw new AppError('not_found', 'this situation has no earlier update to start from');
  const p = await loadUpdate(db, prev.id);
  return createDraft(db, actor, situationId, {
    segmentIds: p.segmentIds,
    contactPointId: p.contact_point_id,
    content: p.content as UpdateContent,
    defaultLocale: p.default_locale as Locale,
    quietHours: p.quiet_hours,
  });
}
