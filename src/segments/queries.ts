import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { Segment } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';
import { compileRule, parseRule, type Rule } from './rule.ts';

export const MAX_LIST_EMAILS = 100_000;
export const MAX_SAMPLE = 100;

/** Why a matching contact will not receive an update. A contact that is both counts as suppressed. */
export const EXCLUSION_REASONS = ['suppressed', 'unsubscribed'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface SegmentWithCount extends Segment {
  /** Members of a static list; undefined for rule segments. */
  memberCount?: number | undefined;
}

export interface PreviewSample {
  id: number;
  email: string;
  name: string;
  locale: string;
}

export interface Preview {
  eligible: number;
  excluded: Record<ExclusionReason, number>;
  sample: PreviewSample[];
}

/** What previewSegment accepts: a saved segment, a parsed rule, or unsaved list addresses. */
export type PreviewTarget = Pick<Segment, 'id' | 'kind' | 'rule'> | Rule | { emails: string[] };

// ---------------------------------------------------------------------------
// Input validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseSegmentName(v: unknown, field = 'name'): string {
  if (v === undefined || v === null) throw invalid(`${field}: is required`, [{ field, message: 'is required' }]);
  if (typeof v !== 'string') throw invalid(`${field}: must be a string`, [{ field, message: 'must be a string' }]);
  const name = v.trim();
  const problem = name.length === 0 ? 'is required' : name.length > 200 ? `is ${name.length} characters long; the limit is 200` : /[\r\n\t]/.test(name) ? 'must be on one line' : undefined;
  if (problem) throw invalid(`${field}: ${problem}`, [{ field, message: problem }]);
  return name;
}

/**
 * Validates a list of addresses for a static segment: trims, drops blanks and
 * duplicates (case-insensitively). Addresses are matched against contacts, so
 * a malformed one simply comes back as unknown.
 */
export function parseEmailList(v: unknown, field = 'emails'): string[] {
  if (!Array.isArray(v)) throw invalid(`${field}: must be a list of email addresses`, [{ field, message: 'must be a list of email addresses' }]);
  if (v.length > MAX_LIST_EMAILS) throw invalid(`${field}: has ${v.length} addresses; the limit is ${MAX_LIST_EMAILS}`, [{ field, message: `the limit is ${MAX_LIST_EMAILS}` }]);
  const seen = new Set<string>();
  const out: string[] = [];
  v.forEach((e: unknown, i) => {
    if (typeof e !== 'string') throw invalid(`${field}[${i}]: must be a string`, [{ field: `${field}[${i}]`, message: 'must be a string' }]);
    const email = e.trim();
    if (email.length === 0) return;
    if (email.length > 254) throw invalid(`${field}[${i}]: is longer than 254 characters`, [{ field: `${field}[${i}]`, message: 'is longer than 254 characters' }]);
    const key = email.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(email);
  });
  if (out.length === 0) throw invalid(`${field}: give at least one email address`, [{ field, message: 'give at least one email address' }]);
  return out;
}

type CreateInput = { name: string; rule: Rule; emails?: undefined } | { name: string; emails: string[]; rule?: undefined };

function parseCreate(input: unknown): CreateInput {
  if (!isObject(input)) throw invalid('body: must be an object { name, rule } or { name, emails }');
  const name = parseSegmentName(input['name']);
  const hasRule = input['rule'] !== undefined && input['rule'] !== null;
  const hasEmails = input['emails'] !== undefined && input['emails'] !== null;
  if (hasRule && hasEmails) throw invalid('emails: give either a rule or a list of emails, not both', [{ field: 'emails', message: 'give either a rule or a list of emails, not both' }]);
  if (hasEmails) return { name, emails: parseEmailList(input['emails']) };
  if (!hasRule) throw invalid('rule: is required (or emails, for a static list)', [{ field: 'rule', message: 'is required (or emails, for a static list)' }]);
  return { name, rule: parseRule(input['rule']) };
}

function isNameTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | undefined;
  return e?.code === '23505' && e.constraint === 'segments_name_key';
}

function nameTaken(name: string): AppError {
  return new AppError('conflict', `a segment named "${name}" already exists; choose another name or edit that segment`, [{ field: 'name', message: 'is already taken' }]);
}

// ---------------------------------------------------------------------------
// Audience expressions (shared with the sending pipeline)

/** `c` is in the static list of segment `id`. */
export function listMembershipExpression(segmentId: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`c.id IN (SELECT sm.contact_id FROM segment_members sm WHERE sm.segment_id = ${segmentId})`;
}

/** `c` has one of these addresses (case-insensitive). */
export function emailListExpression(emails: string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`c.email_lower IN (SELECT lower(e) FROM unnest(${emails}::text[]) AS u(e))`;
}

/** Erased contacts (GDPR art. 17) are in no audience: not eligible, not counted as excluded. */
function notErased(expr: RawBuilder<SqlBool>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(c.erased_at IS NULL AND (${expr}))`;
}

/**
 * The WHERE expression selecting a segment's audience from `contacts c`
 * (suppressions and unsubscribes are NOT applied here: the caller decides
 * whether to exclude or record them; erased contacts are left out entirely).
 * For use in set-based SQL, e.g.
 *   INSERT INTO deliveries (...) SELECT ... FROM contacts c
 *   LEFT JOIN suppressions s ON s.email_lower = c.email_lower WHERE ${expr}
 */
export function segmentAudienceExpression(segment: Pick<Segment, 'id' | 'kind' | 'rule'>): RawBuilder<SqlBool> {
  if (segment.kind === 'list') return notErased(listMembershipExpression(segment.id));
  return notErased(compileRule(parseRule(segment.rule)));
}

function targetExpression(target: PreviewTarget): RawBuilder<SqlBool> {
  if ('kind' in target) return segmentAudienceExpression(target);
  if ('emails' in target) return notErased(emailListExpression(target.emails));
  return notErased(compileRule(target));
}

// ---------------------------------------------------------------------------
// Preview

/**
 * Counts who a segment reaches: one aggregate query over the matching
 * contacts, then (only if anyone is eligible) one small query for a sample of
 * eligible recipients. Nothing is loaded into memory beyond the sample.
 */
export async function previewSegment(db: DbOrTx, target: PreviewTarget, options: { sampleSize?: number } = {}): Promise<Preview> {
  const sampleSize = Math.max(0, Math.min(MAX_SAMPLE, Math.floor(options.sampleSize ?? 10)));
  const where = targetExpression(target);
  const counts = await sql<{ eligible: number; suppressed: number; unsubscribed: number; approx_contacts: number }>`
    SELECT count(*) FILTER (WHERE s.email_lower IS NULL AND c.unsubscribed_at IS NULL) AS eligible,
           count(*) FILTER (WHERE s.email_lower IS NOT NULL) AS suppressed,
           count(*) FILTER (WHERE s.email_lower IS NULL AND c.unsubscribed_at IS NOT NULL) AS unsubscribed,
           (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'contacts'::regclass) AS approx_contacts
    FROM contacts c
    LEFT JOIN suppressions s ON s.email_lower = c.email_lower
    WHERE ${where}`.execute(db);
  const row = counts.rows[0] ?? { eligible: 0, suppressed: 0, unsubscribed: 0, approx_contacts: 0 };
  const eligible = Number(row.eligible);
  let sample: PreviewSample[] = [];
  if (sampleSize > 0 && eligible > 0) {
    // Walking the primary key in order and stopping after `sampleSize` hits is
    // instant when matches are common, but reads the whole table when they are
    // rare; then a scan with a top-N sort is bounded by the table's size.
    // (reltuples is unknown until the table is first analysed.)
    const approx = Number(row.approx_contacts);
    const dense = approx > 0 ? eligible * 1000 >= approx : eligible >= 1000;
    const order = dense ? sql`c.id` : sql`c.id + 0`;
    const r = await sql<PreviewSample>`
      SELECT c.id, c.email, c.name, c.locale
      FROM contacts c
      WHERE ${where}
        AND c.unsubscribed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_lower = c.email_lower)
      ORDER BY ${order}
      LIMIT ${sampleSize}`.execute(db);
    sample = r.rows.map((x) => ({ id: Number(x.id), email: x.email, name: x.name, locale: x.locale }));
  }
  return {
    eligible,
    excluded: { suppressed: Number(row.suppressed), unsubscribed: Number(row.unsubscribed) },
    sample,
  };
}

/** Parses untrusted rule input and previews it in one call (used by the benchmark and the live count). */
export async function previewRule(db: DbOrTx, rule: unknown, options: { sampleSize?: number } = {}): Promise<Preview> {
  return previewSegment(db, parseRule(rule), options);
}

/** "1,234 customers will receive this; 12 excluded (suppressed 10, unsubscribed 2)". */
export function previewSummary(p: Pick<Preview, 'eligible' | 'excluded'>): string {
  const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);
  const excluded = p.excluded.suppressed + p.excluded.unsubscribed;
  const who = p.eligible === 1 ? '1 customer will receive this' : `${fmt(p.eligible)} customers will receive this`;
  if (excluded === 0) return `${who}; none excluded`;
  return `${who}; ${fmt(excluded)} excluded (suppressed ${fmt(p.excluded.suppressed)}, unsubscribed ${fmt(p.excluded.unsubscribed)})`;
}

// ---------------------------------------------------------------------------
// Reads

export async function listSegments(db: DbOrTx): Promise<Segment[]> {
  return db.selectFrom('segments').selectAll().where('archived_at', 'is', null).orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** One segment, archived ones included (they stay on the record). */
export async function getSegment(db: DbOrTx, id: number): Promise<SegmentWithCount> {
  const row = await db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `segment ${id} not found`);
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
}

/** Creates a rule segment `{ name, rule }` or a static list `{ name, emails }`. */
export async function createSegment(db: Db, actor: Actor, input: unknown): Promise<SegmentWriteResult> {
  const v = parseCreate(input);
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('segments')
        .values({ name: v.name, kind: v.rule ? 'rule' : 'list', rule: v.rule ? JSON.stringify(v.rule) : null, created_by: actor.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (v.rule) {
        await recordAudit(tx, actor, { action: 'segment.create', subjectType: 'segment', subjectId: row.id, details: { name: v.name, kind: 'rule', rule: v.rule } });
        return { segment: row, unknownEmails: [] };
      }
      const { members, unknownEmails } = await insertMembers(tx, row.id, v.emails);
      await recordAudit(tx, actor, {
        action: 'segment.create',
        subjectType: 'segment',
        subjectId: row.id,
        details: { name: v.name, kind: 'list', members, unknownEmails: unknownEmails.length },
      });
      return { segment: { ...row, memberCount: members }, unknownEmails };
    });
  } catch (err) {
    if (isNameTaken(err)) throw nameTaken(v.name);
    throw err;
  }
}

/**
 * Renames a segment and/or replaces its rule (rule segments) or its members
 * (static lists, `emails`). A segment keeps its kind.
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
      if (!before) throw new AppError('not_found', `segment ${id} not found`);
      if (rule && before.kind !== 'rule') throw invalid('rule: this segment is a static list; send emails to change its members, or create a rule segment', [{ field: 'rule', message: 'this segment is a static list' }]);
      if (emails && before.kind !== 'list') throw invalid('emails: this segment is rule-based; send a rule, or create a static list segment', [{ field: 'emails', message: 'this segment is rule-based' }]);
      const row = await tx
        .updateTable('segments')
        .set({ name: name ?? before.name, ...(rule ? { rule: JSON.stringify(rule) } : {}), updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const details: Record<string, unknown> = { name: row.name, kind: row.kind };
      if (name !== undefined && name !== before.name) details['previousName'] = before.name;
      let unknownEmails: string[] = [];
      let memberCount: number | undefined;
      if (row.kind === 'rule') {
        details['rule'] = row.rule;
        if (rule) details['previousRule'] = before.rule;
      }
      if (emails) {
        await tx.deleteFrom('segment_members').where('segment_id', '=', id).execute();
        const r = await insertMembers(tx, id, emails);
        unknownEmails = r.unknownEmails;
        memberCount = r.members;
        details['members'] = r.members;
        details['unknownEmails'] = unknownEmails.length;
      }
      await recordAudit(tx, actor, { action: 'segment.update', subjectType: 'segment', subjectId: id, details });
      if (row.kind === 'list' && memberCount === undefined) {
        const { n } = await tx.selectFrom('segment_members').select((eb) => eb.fn.countAll<number>().as('n')).where('segment_id', '=', id).executeTakeFirstOrThrow();
        memberCount = Number(n);
      }
      return { segment: { ...row, memberCount }, unknownEmails };
    });
  } catch (err) {
    if (isNameTaken(err)) throw nameTaken(name ?? '');
    throw err;
  }
}

/** Archives a segment: it leaves the list but stays on the record (and its name is free again). */
export async function archiveSegment(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx.updateTable('segments').set({ archived_at: new Date() }).where('id', '=', id).where('archived_at', 'is', null).returning(['name', 'kind', 'rule']).executeTakeFirst();
    if (!row) throw new AppError('not_found', `segment ${id} not found`);
    await recordAudit(tx, actor, { action: 'segment.archive', subjectType: 'segment', subjectId: id, details: { name: row.name, kind: row.kind, rule: row.rule } });
  });
}
