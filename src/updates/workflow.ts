import { recordAudit, type Actor } from '../audit/log.ts';
import type { Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { Jobs } from '../jobs.ts';
import { missingElements, refuseMissing } from './checklist.ts';
import { loadUpdate, type UpdateWithRelations } from './model.ts';

export { approveUpdate } from './approval.ts';

/** Asks a colleague to approve: the checklist must be complete. */
export async function submitForApproval(db: Db, actor: Actor, updateId: number, options: Stamp = {}): Promise<UpdateWithRelations> {
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'draft') throw new AppError('conflict', `only a draft can be submitted; this update is ${u.status}`);
    refuseMissing(await missingElements(tx, u, options.now), 'submitted');
    await tx.updateTable('updates').set({ status: 'pending_approval', updated_at: options.now ?? new Date() }).where('id', '=', updateId).execute();
    await recordAudit(tx, actor, { action: 'update.submit', subjectType: 'update', subjectId: updateId, at: options.now });
    return loadUpdate(tx, updateId);
  });
}

/** Why a draft is no longer approved, when its last approval was withdrawn (rule 8), as the refusal says it. */
async function withdrawnBecause(db: DbOrTx, updateId: number): Promise<string> {
  const last = await db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('subject_type', '=', 'update')
    .where('subject_id', '=', String(updateId))
    .where('action', 'in', ['update.approve', 'update.approval_withdrawn'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.action !== 'update.approval_withdrawn') return '';
  const changed = (last.details as { changed?: string[] } | null)?.changed ?? [];
  return `: its approval was withdrawn when ${changed.join(', ') || 'it'} changed, so a colleague must approve it again (four eyes)`;
}

/** Sends an approved update now, or schedules it; the release runs as a job. */
export async function sendUpdate(db: Db, jobs: Jobs, actor: Actor, updateId: number, options: { at?: Date } & Stamp = {}): Promise<UpdateWithRelations> {
  const now = options.now ?? new Date();
  // One rule for the API and the page: a schedule time must lie ahead; no time means now.
  if (options.at && options.at.getTime() <= now.getTime()) {
    throw new AppError('invalid_input', `at: that time has passed (${options.at.toISOString()}); choose a time in the future, or send now`, [{ field: 'at', message: 'must be in the future' }]);
  }
  const at = options.at ?? now;
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'approved') {
      const why = u.status === 'draft' ? await withdrawnBecause(tx, updateId) : '';
      throw new AppError(u.status === 'draft' || u.status === 'pending_approval' ? 'validation_failed' : 'conflict', `only an approved update can be sent; this update is ${u.status.replace('_', ' ')}${why}`);
    }
    const situation = await tx.selectFrom('situations').select('status').where('id', '=', u.situation_id).executeTakeFirstOrThrow();
    if (situation.status !== 'open') throw new AppError('conflict', 'the situation is resolved');
    refuseMissing(await missingElements(tx, u, at), 'sent');
    await tx.updateTable('updates').set({ status: 'scheduled', send_at: at, updated_at: now }).where('id', '=', updateId).execute();
    await jobs.scheduleRelease(tx, updateId, at);
    await recordAudit(tx, actor, { action: at === now ? 'update.send' : 'update.schedule', subjectType: 'update', subjectId: updateId, details: { at: at.toISOString() }, at: options.now });
    return loadUpdate(tx, updateId);
  });
}

/** Cancels an update that has not started sending. A scheduled release then finds nothing to do. */
export async function cancelUpdate(db: Db, actor: Actor, updateId: number): Promise<UpdateWithRelations> {
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (!['draft', 'pending_approval', 'approved', 'scheduled'].includes(u.status)) {
      throw new AppError('conflict', `this update is ${u.status}; it can no longer be cancelled`);
    }
    await tx.updateTable('updates').set({ status: 'cancelled', cancelled_at: new Date(), updated_at: new Date() }).where('id', '=', updateId).execute();
    await recordAudit(tx, actor, { action: 'update.cancel', subjectType: 'update', subjectId: updateId, details: { was: u.status, sendAt: u.send_at?.toISOString() ?? null } });
    return loadUpdate(tx, updateId);
  });
}

export async function deliveryCounts(db: Db, updateId: number): Promise<Record<string, number>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('update_id', '=', updateId).groupBy('status').execute();
  const counts: Record<string, number> = { queued: 0, sent: 0, delivered: 0, delivery_delayed: 0, bounced: 0, complained: 0, failed: 0, suppressed: 0, excluded: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
