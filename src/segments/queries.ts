import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { Segment } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';
import { approvedUpdatesUsingSegment, withdrawApprovalsForSegment, type ApprovedUpdateRef } from '../updates/approval.ts';
import { eligibleCounts, emailListExpression, type SegmentWithCount } from './audience.ts';
import { isNameTaken, isObject, nameTaken, parseCreate, parseEmailList, parseSegmentName } from './input.ts';
import { parseRule } from './rule.ts';

export { MAX_LIST_EMAILS, parseEmailList, parseSegmentName } from './input.ts';
export {
  EXCLUSION_REASONS,
  MAX_SAMPLE,
  previewRule,
  previewSegment,
  previewSummary,
  segmentAudienceExpression,
  type ExclusionReason,
  type Preview,
  type PreviewSample,
  type PreviewTarget,
  type SegmentWithCount,
} from './audience.ts';

export async function listSegments(db: DbOrTx): Promise<Segment[]> {
  return db.selectFrom('segments').selectAll().where('archived_at', 'is', null).orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** The segments of the list page, each with how many customers it reaches now (one counting query for all). */
export async function listSegmentsWithReach(db: DbOrTx): Promise<Array<Segment & { eligible: number }>> {
  const segments = await listSegments(db);
  const counts = await eligibleCounts(db, segments);
  return segments.map((s) => ({ ...s, eligible: counts.get(s.id) ?? 0 }));
}

/** One segment, archived ones included (they stay on the record). */
export async function getSegment(db: DbOrTx, id: number): Promise<SegmentWithCount> {
  const row = await db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.localized('not_found', 'segments.segmentNotFound', { id: String(id) });
  if (row.kind !== 'list') return row;
  const { n } = await db.selectFrom('segment_members').select((eb) => eb.fn.countAll<number>().as('n')).where('segment_id', '=', id).executeTakeFirstOrThrow();
  return { ...row, memberCount: Number(n) };
}

/** Member addresses of a static list, in insertion order of contacts, up to `limit`. */
export async function listMemberEmails(db: DbOrTx, segmentId: number, limit = 10_000): Promise<string[]> {
  const rows = await db
    .selectFrom('segment_members as sm')
    .innerJoin('contacts as c', 'c.id', 'sm.contact_id')
    .select('c.email')
    .where('sm.segment_id', '=', segmentId)
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.email);
}

/** Attribute keys in use, from a sample of contacts (for the builder's suggestions). */
export async function knownAttributeKeys(db: DbOrTx, sampleRows = 2000): Promise<string[]> {
  const r = await sql<{ k: string }>`
    SELECT DISTINCT k FROM (
      SELECT jsonb_object_keys(attributes) AS k FROM (SELECT attributes FROM contacts ORDER BY id DESC LIMIT ${sampleRows}) AS recent
    ) AS keys ORDER BY k LIMIT 200`.execute(db);
  return r.rows.map((row) => row.k);
}

// ---------------------------------------------------------------------------
// Writes (each audited in its own transaction)

async function insertMembers(tx: DbOrTx, segmentId: number, emails: string[]): Promise<{ members: number; unknownEmails: string[] }> {
  const inserted = await sql`
    INSERT INTO segment_members (segment_id, contact_id)
    SELECT ${segmentId}, c.id FROM contacts c WHERE ${emailListExpression(emails)}
    ON CONFLICT DO NOTHING`.execute(tx);
  const unknown = await sql<{ e: string }>`
    SELECT u.e FROM unnest(${emails}::text[]) WITH ORDINALITY AS u(e, n)
    WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.email_lower = lower(u.e))
    ORDER BY u.n`.execute(tx);
  return { members: Number(inserted.numAffectedRows ?? 0n), unknownEmails: unknown.rows.map((r) => r.e) };
}

export interface SegmentWriteResult {
  segment: SegmentWithCount;
  /** Addresses of a static list that match no contact (not added). */
  unknownEmails: string[];
  /** Approved or scheduled updates this change sent back to draft (rule 8). */
  withdrawnApprovals: ApprovedUpdateRef[];
}

/** Creates a rule segment `{ name, rule }` or a static list `{ name, emails }`. */
export async function createSegment(db: Db, actor: Actor, input: unknown, options: Stamp = {}): Promise<SegmentWriteResult> {
  const v = parseCreate(input);
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('segments')
        .values({ name: v.name, kind: v.rule ? 'rule' : 'list', rule: v.rule ? JSON.stringify(v.rule) : null, created_by: actor.userId, ...stamped(options.now, 'created_at', 'updated_at') })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (v.rule) {
        await recordAudit(tx, actor, { action: 'segment.create', subjectType: 'segment', subjectId: row.id, details: { name: v.name, kind: 'rule', rule: v.rule }, at: options.now });
        return { segment: row, unknownEmails: [], withdrawnApprovals: [] };
      }
      const { members, unknownEmails } = await insertMembers(tx, row.id, v.emails);
      await recordAudit(tx, actor, {
        action: 'segment.create',
        subjectType: 'segment',
        subjectId: row.id,
        details: { name: v.name, kind: 'list', members, unknownEmails: unknownEmails.length },
        at: options.now,
      });
      return { segment: { ...row, memberCount: members }, unknownEmails, withdrawnApprovals: [] };
    });
  } catch (err) {
    if (isNameTaken(err)) throw nameTaken(v.name);
    throw err;
  }
}

/**
 * Renames a segment and/or replaces its rule (rule segments) or its members
 * (static lists, `emails`). A segment keeps its kind. A change to who is in it
 * moves its audience version on and, in the same transaction, sends every
 * approved or scheduled update using it back to draft (rule 8); a rename does not.
 */
export async function updateSegment(db: Db, actor: Actor, id: number, input: unknown): Promise<SegmentWriteResult> {
  if (!isObject(input)) throw invalid('body: must be an object { name?, rule? } or { name?, emails? }');
  const name = input['name'] === undefined ? undefined : parseSegmentName(input['name']);
  const hasRule = input['rule'] !== undefined && input['rule'] !== null;
  const hasEmails = input['emails'] !== undefined && input['emails'] !== null;
  if (hasRule && hasEmails) throw invalid('emails: give either a rule or a list of emails, not both', [{ field: 'emails', message: 'give either a rule or a list of emails, not both' }]);
  const rule = hasRule ? parseRule(input['rule']) : undefined;
  const emails = hasEmails ? parseEmailList(input['emails']) : undefined;
  if (name === undefined && !rule && !emails) throw invalid('body: nothing to change; give name, rule or emails', [{ field: 'body', message: 'give name, rule or emails' }]);
  try {
    return await db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('segments').selectAll().where('id', '=', id).where('archived_at', 'is', null).forUpdate().executeTakeFirst();
      if (!before) throw AppError.localized('not_found', 'segments.segmentNotFound', { id: String(id) });
      if (rule && before.kind !== 'rule') throw invalid('rule: this segment is a static list; send emails to change its members, or create a rule segment', [{ field: 'rule', message: 'this segment is a static list' }]);
      if (emails && before.kind !== 'list') throw invalid('emails: this segment is rule-based; send a rule, or create a static list segment', [{ field: 'emails', message: 'this segment is rule-based' }]);
      let row = await tx
        .updateTable('segments')
        .set({ name: name ?? before.name, ...(rule ? { rule: JSON.stringify(rule) } : {}), updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const details: Record<string, unknown> = { name: row.name, kind: row.kind };
      if (name !== undefined && name !== before.name) details['previousName'] = before.name;
      let unknownEmails: string[] = [];
      let memberCount: number | undefined;
      let audienceChanged = false;
      if (row.kind === 'rule') {
        details['rule'] = row.rule;
        if (rule) {
          details['previousRule'] = before.rule;
          audienceChanged = JSON.stringify(row.rule) !== JSON.stringify(before.rule);
        }
      }
      if (emails) {
        const membersBefore = await memberIds(tx, id);
        await tx.deleteFrom('segment_members').where('segment_id', '=', id).execute();
        const r = await insertMembers(tx, id, emails);
        unknownEmails = r.unknownEmails;
        memberCount = r.members;
        details['members'] = r.members;
        details['unknownEmails'] = unknownEmails.length;
        audienceChanged = membersBefore !== (await memberIds(tx, id));
      }
      let withdrawnApprovals: ApprovedUpdateRef[] = [];
      if (audienceChanged) {
        row = await tx.updateTable('segments').set({ audience_version: sql`audience_version + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        withdrawnApprovals = await withdrawApprovalsForSegment(tx, actor, { id, name: row.name });
        details['audienceVersion'] = row.audience_version;
        if (withdrawnApprovals.length) details['withdrewApprovalOf'] = withdrawnApprovals.map((u) => u.id);
      }
      await recordAudit(tx, actor, { action: 'segment.update', subjectType: 'segment', subjectId: id, details });
      if (row.kind === 'list' && memberCount === undefined) {
        const { n } = await tx.selectFrom('segment_members').select((eb) => eb.fn.countAll<number>().as('n')).where('segment_id', '=', id).executeTakeFirstOrThrow();
        memberCount = Number(n);
      }
      return { segment: { ...row, memberCount }, unknownEmails, withdrawnApprovals };
    });
  } catch (err) {
    if (isNameTaken(err)) throw nameTaken(name ?? '');
    throw err;
  }
}

/** The member ids of a static list as one comparable string (lists hold at most MAX_LIST_EMAILS). */
async function memberIds(tx: DbOrTx, segmentId: number): Promise<string> {
  const r = await sql<{ ids: string | null }>`SELECT string_agg(contact_id::text, ',' ORDER BY contact_id) AS ids FROM segment_members WHERE segment_id = ${segmentId}`.execute(tx);
  return r.rows[0]?.ids ?? '';
}

/**
 * Archives a segment: it leaves the list but stays on the record (and its name
 * is free again). Approved updates that would send to it go back to draft.
 */
export async function archiveSegment(db: Db, actor: Actor, id: number): Promise<ApprovedUpdateRef[]> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('segments')
      .set({ archived_at: new Date(), audience_version: sql`audience_version + 1` })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returning(['name', 'kind', 'rule'])
      .executeTakeFirst();
    if (!row) throw AppError.localized('not_found', 'segments.segmentNotFound', { id: String(id) });
    const withdrawn = await withdrawApprovalsForSegment(tx, actor, { id, name: row.name });
    await recordAudit(tx, actor, { action: 'segment.archive', subjectType: 'segment', subjectId: id, details: { name: row.name, kind: row.kind, rule: row.rule, ...(withdrawn.length ? { withdrewApprovalOf: withdrawn.map((u) => u.id) } : {}) } });
    return withdrawn;
  });
}

/** A segment with the approved or scheduled updates a change to its audience would send back to draft (shown before saving). */
export async function segmentWithApprovals(db: DbOrTx, id: number): Promise<{ segment: SegmentWithCount; approvedUpdates: ApprovedUpdateRef[] }> {
  const segment = await getSegment(db, id);
  return { segment, approvedUpdates: await approvedUpdatesUsingSegment(db, id) };
}
