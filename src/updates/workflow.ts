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
    if (u.status !== 'draft') throw AppError.localized('conflict', 'updates.refuseSubmitNotDraft', { status: u.status });
    refuseMissing(await missingElements(tx, u, options.now), 'submitted');
    await tx.updateTable('updates').set({ status: 'pending_approval', updated_at: options.now ?? new Date() }).where('id', '=', updateId).execute();
    await recordAudit(tx, actor, { action: 'update.submit', subjectType: 'update', subjectId: updateId, at: options.now });
    return loadUpdate(tx, updateId);
  });
}

/** Why a draft is no longer approved, when its last approval was withdrawn (rule 8): the refusal that says it, or none. */
async function withdrawnBecause(db: DbOrTx, updateId: number): Promise<AppError | undefined> {
  const last = await db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('subject_type', '=', 'update')
    .where('subject_id', '=', String(updateId))
    .where('action', 'in', ['update.approve', 'update.approval_withdrawn'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.action !== 'update.approval_withdrawn') return undefined;
  const changed = (last.details as { changed?: string[] } | null)?.changed ?? [];
  return changed.length ? AppError.localized('validation_failed', 'updates.refuseSendWithdrawn', { changed: changed.join(', ') }) : AppError.localized('validation_failed', 'updates.refuseSendWithdrawnUnnamed');
}

/** Sends an approved update now, or schedules it; the release runs as a job. */
export async function sendUpdate(db: Db, jobs: Jobs, actor: Actor, updateId: number, options: { at?: Date } & Stamp = {}): Promise<UpdateWithRelations> {
  const now = options.now ?? new Date();
  // One rule for the API and the page: a schedule time must lie ahead; no time means now.
  if (options.at && options.at.getTime() <= now.getTime()) {
    throw AppError.localized('invalid_input', 'updates.refuseSendPast', { at: options.at.toISOString() }).with({ details: [{ field: 'at', message: 'must be in the future' }] });
  }
  const at = options.at ?? now;
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'approved') {
      const withdrawn = u.status === 'draft' ? await withdrawnBecause(tx, updateId) : undefined;
      throw withdrawn ?? AppError.localized(u.status === 'draft' || u.status === 'pending_approval' ? 'validation_failed' : 'conflict', 'updates.refuseSendNotApproved', { status: u.status });
    }
    const situation = await tx.selectFrom('situations').select('status').where('id', '=', u.situation_id).executeTakeFirstOrThrow();
    if (situation.status !== 'open') throw AppError.localized('conflict', 'updates.refuseSituationResolved');
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
      throw AppError.localized('conflict', 'updates.refuseCancel', { status: u.status });
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
