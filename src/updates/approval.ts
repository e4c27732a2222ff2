import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/log.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { UpdateStatus } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { getSetting } from '../settings/queries.ts';
import { missingElements, refuseMissing } from './checklist.ts';
import { loadUpdate, type UpdateWithRelations } from './model.ts';

/**
 * Rule 8, four eyes, bound to what was reviewed. An approval records a digest of
 * everything a recipient's email depends on and the audience version of every
 * segment used; any change to either withdraws it (`withdrawApproval`), and the
 * release refuses an update whose state no longer matches its digest.
 */

/** Statuses that carry an approval a change must withdraw. */
export const APPROVED_STATUSES: readonly UpdateStatus[] = ['approved', 'scheduled'];

export interface SegmentVersion {
  id: number;
  version: number;
}

/** What an approval covers, in a stable order, so equal states give equal digests. */
function approvedState(u: UpdateWithRelations, segments: readonly SegmentVersion[]) {
  const content = (u.content ?? {}) as ContentMap;
  return {
    content: Object.keys(content)
      .sort()
      // A language's own acknowledgement only when it has one: approvals recorded
      // before there were any keep their digests.
      .map((l) => {
        const words = [l, content[l]?.subject ?? '', content[l]?.body ?? ''];
        return content[l]?.acknowledgement === undefined ? words : [...words, content[l]!.acknowledgement];
      }),
    defaultLocale: u.default_locale,
    acknowledgement: [u.ack_kind, u.ack_text],
    contactPointId: u.contact_point_id,
    nextUpdateAt: u.next_update_at?.toISOString() ?? null,
    final: u.final,
    quietHours: u.quiet_hours,
    segments: [...segments].sort((a, b) => a.id - b.id).map((s) => [s.id, s.version]),
  };
}

type ContentMap = Record<string, { subject: string; body: string; acknowledgement?: string } | undefined>;

/** The fields an edit changed, named as the audit record and the review page name them. */
export function changedFields(before: UpdateWithRelations, after: UpdateWithRelations): ApprovalChange[] {
  const changes: ApprovalChange[] = [];
  const a = (before.content ?? {}) as ContentMap;
  const b = (after.content ?? {}) as ContentMap;
  for (const locale of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    for (const part of ['subject', 'body', 'acknowledgement'] as const) {
      if ((a[locale]?.[part] ?? '') !== (b[locale]?.[part] ?? '')) changes.push({ field: `content.${locale}.${part}` });
    }
  }
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (!same([before.ack_kind, before.ack_text], [after.ack_kind, after.ack_text])) changes.push({ field: 'acknowledgement' });
  if (before.contact_point_id !== after.contact_point_id) changes.push({ field: 'contactPoint' });
  if (!same(before.next_update_at?.toISOString() ?? null, after.next_update_at?.toISOString() ?? null)) changes.push({ field: 'nextUpdateAt' });
  if (before.final !== after.final) changes.push({ field: 'final' });
  if (before.quiet_hours !== after.quiet_hours) changes.push({ field: 'quietHours' });
  if (before.default_locale !== after.default_locale) changes.push({ field: 'defaultLocale' });
  if (!same(before.segmentIds, after.segmentIds)) changes.push({ field: 'segments' });
  return changes;
}

export function approvalDigest(u: UpdateWithRelations, segments: readonly SegmentVersion[]): string {
  return createHash('sha256').update(JSON.stringify(approvedState(u, segments))).digest('hex');
}

/**
 * Locks the update's segments for share, in id order, before the update row:
 * a segment change (which locks its segment, then the updates using it) then
 * either finishes before the approval reads the versions or waits for it.
 */
async function lockSegmentVersions(tx: DbOrTx, segmentIds: readonly number[]): Promise<SegmentVersion[]> {
  if (segmentIds.length === 0) return [];
  const rows = await tx.selectFrom('segments').select(['id', 'audience_version']).where('id', 'in', segmentIds).orderBy('id').forShare().execute();
  return rows.map((r) => ({ id: r.id, version: r.audience_version }));
}

/** The current digest of an update, as an approval now would record it (the review page shows it and sends it back). */
export async function currentDigest(db: DbOrTx, u: UpdateWithRelations): Promise<string> {
  const rows = u.segmentIds.length ? await db.selectFrom('segments').select(['id', 'audience_version']).where('id', 'in', u.segmentIds).execute() : [];
  return approvalDigest(u, rows.map((r) => ({ id: r.id, version: r.audience_version })));
}

/** Records that a person wrote or changed the update; CLI and system actors are nobody's editors. */
export async function recordEditor(tx: DbOrTx, actor: Actor, updateId: number, now?: Date): Promise<void> {
  if (actor.userId === null) return;
  await tx
    .insertInto('update_editors')
    .values({ update_id: updateId, user_id: actor.userId, ...stamped(now, 'first_edited_at', 'last_edited_at') })
    .onConflict((oc) => oc.columns(['update_id', 'user_id']).doUpdateSet({ last_edited_at: now ?? new Date() }))
    .execute();
}

export async function editorsOf(db: DbOrTx, updateId: number): Promise<number[]> {
  const rows = await db.selectFrom('update_editors').select('user_id').where('update_id', '=', updateId).orderBy('first_edited_at').orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/**
 * Approves exactly the state the approver reviewed. Nobody who wrote or changed
 * the update approves it (403 `four_eyes`), unless an admin allowed
 * self-approval for a team of one, and then the record says so. `reviewed` is
 * the digest the review page showed: if the update or an audience changed
 * since, the approval is refused and the approver reviews again.
 */
export async function approveUpdate(db: Db, actor: Actor, updateId: number, options: { reviewed?: string } & Stamp = {}): Promise<UpdateWithRelations> {
  return db.transaction().execute(async (tx) => {
    const peek = await loadUpdate(tx, updateId);
    const segments = await lockSegmentVersions(tx, peek.segmentIds);
    const u = await loadUpdate(tx, updateId, { forUpdate: true });
    if (u.status !== 'draft' && u.status !== 'pending_approval') throw AppError.localized('conflict', 'updates.refuseApproveState', { status: u.status });
    if (u.segmentIds.join() !== peek.segmentIds.join()) throw AppError.localized('conflict', 'updates.refuseSegmentsChanged');
    const editors = await editorsOf(tx, updateId);
    const selfApproval = actor.userId !== null && editors.includes(actor.userId);
    if (selfApproval && !(await getSetting(tx, 'allow_self_approval'))) {
      throw AppError.localized('four_eyes', u.author_id === actor.userId ? 'updates.refuseFourEyesWrote' : 'updates.refuseFourEyesChanged').with({ details: { editors } });
    }
    refuseMissing(await missingElements(tx, u, options.now), 'approved');
    const digest = approvalDigest(u, segments);
    if (options.reviewed !== undefined && options.reviewed !== digest) {
      throw AppError.localized('conflict', 'updates.refuseReviewStale');
    }
    await tx
      .updateTable('updates')
      .set({ status: 'approved', approved_by: actor.userId, approved_at: options.now ?? new Date(), self_approved: selfApproval, approved_digest: digest, updated_at: options.now ?? new Date() })
      .where('id', '=', updateId)
      .execute();
    for (const s of segments) {
      await tx.updateTable('update_segments').set({ approved_version: s.version }).where('update_id', '=', updateId).where('segment_id', '=', s.id).execute();
    }
    await recordAudit(tx, actor, {
      action: 'update.approve',
      subjectType: 'update',
      subjectId: updateId,
      details: {
        version: u.version,
        digest,
        segments,
        editors,
        selfApproved: selfApproval,
        ...(selfApproval ? { note: 'approved by one of its editors under the admin setting allow_self_approval' } : {}),
      },
      at: options.now,
    });
    return loadUpdate(tx, updateId);
  });
}

/** What changed, as the withdrawal's audit entry names it: fields of the update, or a segment's audience. */
export type ApprovalChange = { field: string } | { segment: { id: number; name: string } };

/**
 * Sends an approved or scheduled update back to draft because something the
 * approval covered changed; a scheduled send is cancelled with it (the release
 * job then finds a draft and does nothing). The caller holds the update's row lock.
 */
export async function withdrawApproval(tx: DbOrTx, actor: Actor, u: Pick<UpdateWithRelations, 'id' | 'status' | 'send_at' | 'approved_by'>, changes: readonly ApprovalChange[]): Promise<void> {
  await tx
    .updateTable('updates')
    .set({ status: 'draft', approved_by: null, approved_at: null, self_approved: false, approved_digest: null, send_at: null, updated_at: new Date() })
    .where('id', '=', u.id)
    .execute();
  await tx.updateTable('update_segments').set({ approved_version: null }).where('update_id', '=', u.id).execute();
  await recordAudit(tx, actor, {
    action: 'update.approval_withdrawn',
    subjectType: 'update',
    subjectId: u.id,
    details: {
      was: u.status,
      approvedBy: u.approved_by,
      ...(u.status === 'scheduled' ? { cancelledSendAt: u.send_at?.toISOString() ?? null } : {}),
      changed: changes.map((c) => ('field' in c ? c.field : `segment ${c.segment.id} (${c.segment.name})`)),
      ...(changes.some((c) => 'segment' in c) ? { segments: changes.flatMap((c) => ('segment' in c ? [c.segment] : [])) } : {}),
    },
  });
}

export interface ApprovedUpdateRef {
  id: number;
  situationId: number;
  status: UpdateStatus;
  subject: string;
  sendAt: Date | null;
  approvedBy: number | null;
}

/** Approved or scheduled updates that send to a segment: a change to its audience sends them back to draft. */
export async function approvedUpdatesUsingSegment(db: DbOrTx, segmentId: number, options: { lock?: boolean } = {}): Promise<ApprovedUpdateRef[]> {
  let q = db
    .selectFrom('updates as u')
    .innerJoin('update_segments as us', 'us.update_id', 'u.id')
    .select(['u.id', 'u.situation_id', 'u.status', 'u.content', 'u.default_locale', 'u.send_at', 'u.approved_by'])
    .where('us.segment_id', '=', segmentId)
    .where('u.status', 'in', APPROVED_STATUSES)
    .orderBy('u.id');
  if (options.lock) q = q.forUpdate('u');
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    situationId: r.situation_id,
    status: r.status,
    subject: ((r.content ?? {}) as Record<string, { subject?: string } | undefined>)[r.default_locale]?.subject ?? '',
    sendAt: r.send_at,
    approvedBy: r.approved_by,
  }));
}

/**
 * A segment's audience changed inside `tx` (which holds the segment's row lock):
 * every approved or scheduled update using it goes back to draft, audited.
 */
export async function withdrawApprovalsForSegment(tx: DbOrTx, actor: Actor, segment: { id: number; name: string }): Promise<ApprovedUpdateRef[]> {
  const affected = await approvedUpdatesUsingSegment(tx, segment.id, { lock: true });
  for (const u of affected) await withdrawApproval(tx, actor, { id: u.id, status: u.status, send_at: u.sendAt, approved_by: u.approvedBy }, [{ segment }]);
  return affected;
}

/**
 * What differs between an approved update and what it would send now: segments
 * whose audience version moved on, or (through the digest) anything else the
 * approval covered. Empty for an update approved before approvals had digests.
 */
export async function approvalDrift(tx: DbOrTx, u: UpdateWithRelations): Promise<ApprovalChange[]> {
  if (!u.approved_digest) return [];
  const rows = await tx
    .selectFrom('update_segments as us')
    .innerJoin('segments as s', 's.id', 'us.segment_id')
    .select(['s.id', 's.name', 's.audience_version', 'us.approved_version'])
    .where('us.update_id', '=', u.id)
    .orderBy('s.id')
    .execute();
  const changes: ApprovalChange[] = rows.filter((r) => r.approved_version !== r.audience_version).map((r) => ({ segment: { id: r.id, name: r.name } }));
  if (changes.length === 0 && approvalDigest(u, rows.map((r) => ({ id: r.id, version: r.audience_version }))) !== u.approved_digest) changes.push({ field: 'approved state' });
  return changes;
}
