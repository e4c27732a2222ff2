import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { Jobs } from '../jobs.ts';
import { getSetting } from '../settings/queries.ts';
import { loadUpdate, missingElements, type UpdateWithRelations } from './compose.ts';

function refuseMissing(missing: Awaited<ReturnType<typeof missingElements>>, what: string): void {
  if (missing.length) {
    throw new AppError('validation_failed', `this update cannot be ${what} yet: ${missing.map((m) => m.message).join('; ')}`, missing);
  }
}

/** Asks a colleague to approve: the checklist must be complete. */
export async function submitForApproval(db: Db, actor: Actor, updateId: number): Promise<UpdateWithRelations> {
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'draft') throw new AppError('conflict', `only a draft can be submitted; this update is ${u.status}`);
    refuseMissing(await missingElements(tx, u), 'submitted');
    await tx.updateTable('updates').set({ status: 'pending_approval', updated_at: new Date() }).where('id', '=', updateId).execute();
    await recordAudit(tx, actor, { action: 'update.submit', subjectType: 'update', subjectId: updateId });
    return loadUpdate(tx, updateId);
  });
}

/**
 * Rule 8, four eyes: someone other than the author approves, unless an admin
 * allowed self-approval for a team of one, and then the record says so.
 */
export async function approveUpdate(db: Db, actor: Actor, updateId: number): Promise<UpdateWithRelations> {
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'draft' && u.status !== 'pending_approval') throw new AppError('conflict', `this update is ${u.status}; only a draft or an update waiting for approval can be approved`);
    const selfApproval = u.author_id !== null && u.author_id === actor.userId;
    if (selfApproval && !(await getSetting(tx, 'allow_self_approval'))) {
      throw new AppError('forbidden', 'you wrote this update, so a colleague must approve it (four eyes)');
    }
    refuseMissing(await missingElements(tx, u), 'approved');
    await tx
      .updateTable('updates')
      .set({ status: 'approved', approved_by: actor.userId, approved_at: new Date(), self_approved: selfApproval, updated_at: new Date() })
      .where('id', '=', updateId)
      .execute();
    await recordAudit(tx, actor, {
      action: 'update.approve',
      subjectType: 'update',
      subjectId: updateId,
      details: { version: u.version, selfApproved: selfApproval, ...(selfApproval ? { note: 'approved by its author under the admin setting allow_self_approval' } : {}) },
    });
    return loadUpdate(tx, updateId);
  });
}

/** Sends an approved update now, or schedules it; the release runs as a job. */
export async function sendUpdate(db: Db, jobs: Jobs, actor: Actor, updateId: number, options: { at?: Date } = {}): Promise<UpdateWithRelations> {
  const now = new Date();
  const at = options.at && options.at.getTime() > now.getTime() ? options.at : now;
  return db.transaction().execute(async (tx) => {
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'approved') {
      throw new AppError(u.status === 'draft' || u.status === 'pending_approval' ? 'validation_failed' : 'conflict', `only an approved update can be sent; this update is ${u.status.replace('_', ' ')}`);
    }
    const situation = await tx.selectFrom('situations').select('status').where('id', '=', u.situation_id).executeTakeFirstOrThrow();
    if (situation.status !== 'open') throw new AppError('conflict', 'the situation is resolved');
    refuseMissing(await missingElements(tx, u, at), 'sent');
    await tx.updateTable('updates').set({ status: 'scheduled', send_at: at, updated_at: now }).where('id', '=', updateId).execute();
    await jobs.scheduleRelease(tx, updateId, at);
    await recordAudit(tx, actor, { action: at === now ? 'update.send' : 'update.schedule', subjectType: 'update', subjectId: updateId, details: { at: at.toISOString() } });
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
