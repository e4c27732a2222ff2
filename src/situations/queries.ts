import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import type { Situation } from '../db/types.ts';
import { AppError, invalid, zodIssues } from '../errors.ts';

export const situationInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200)
    .refine((v) => !/[\r\n]/.test(v), 'must be on one line'),
  summary: z.string().trim().max(5000).default(''),
});

export async function createSituation(db: Db, actor: Actor, input: unknown): Promise<Situation> {
  const r = situationInput.safeParse(input);
  if (!r.success) {
    const details = zodIssues(r.error.issues);
    throw invalid(`${details[0]!.field}: ${details[0]!.message}`, details);
  }
  return db.transaction().execute(async (tx) => {
    const s = await tx.insertInto('situations').values({ title: r.data.title, summary: r.data.summary, created_by: actor.userId }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'situation.create', subjectType: 'situation', subjectId: s.id, details: { title: s.title } });
    return s;
  });
}

export async function getSituation(db: Db, id: number): Promise<Situation> {
  const s = await db.selectFrom('situations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError('not_found', `situation ${id} not found`);
  return s;
}

export async function listSituations(db: Db) {
  return db
    .selectFrom('situations as s')
    .selectAll('s')
    .select((eb) => [
      eb.selectFrom('updates as u').whereRef('u.situation_id', '=', 's.id').where('u.status', '=', 'sent').select((e) => e.fn.countAll<number>().as('n')).as('sent_updates'),
      eb.selectFrom('updates as u').whereRef('u.situation_id', '=', 's.id').where('u.status', 'in', ['draft', 'pending_approval', 'approved', 'scheduled', 'sending']).select((e) => e.fn.countAll<number>().as('n')).as('open_updates'),
    ])
    .orderBy('s.status')
    .orderBy('s.id', 'desc')
    .execute();
}

export async function resolveSituation(db: Db, actor: Actor, id: number): Promise<Situation> {
  return db.transaction().execute(async (tx) => {
    const s = await tx.updateTable('situations').set({ status: 'resolved', resolved_at: new Date() }).where('id', '=', id).where('status', '=', 'open').returningAll().executeTakeFirst();
    if (!s) throw new AppError('conflict', `situation ${id} is not open`);
    await recordAudit(tx, actor, { action: 'situation.resolve', subjectType: 'situation', subjectId: id });
    return s;
  });
}
