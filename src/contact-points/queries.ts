import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { ContactPoint } from '../db/types.ts';
import { AppError, parseWith } from '../errors.ts';
import { lineVariants } from '../languages.ts';

// Header-bound values (name, email) may never carry line breaks.
const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max)
    .refine((v) => !/[\r\n]/.test(v), 'must be on one line');

export const contactPointInput = z.object({
  name: singleLine(200),
  role: singleLine(200),
  roles: lineVariants(200)
    .optional()
    .meta({ description: 'The role in other languages, keyed by locale ({"nb": "kundeansvarlig"}); customers whose language has none read `role`, taken to be in the default language of the updates. Given on a change, it replaces every other-language role.' }),
  email: z.email('is not a valid email address').max(254),
  phone: singleLine(50).refine((v) => /^[+()0-9 .\-/]{5,}$/.test(v), 'is not a phone number (digits, spaces, + ( ) - . / only)'),
  workingHours: z.string().trim().max(200).optional().nullable(),
  userId: z.number().int().positive().optional().nullable(),
});
export type ContactPointInput = z.infer<typeof contactPointInput>;

export function parseContactPoint(input: unknown): ContactPointInput {
  return parseWith(contactPointInput, input);
}

async function checkResponder(db: Db, userId: number | null | undefined): Promise<void> {
  if (!userId) return;
  const u = await db.selectFrom('users').select(['role', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!u || u.disabled_at) throw AppError.localized('validation_failed', 'contactPoints.responderMissing', { id: String(userId) });
  if (u.role !== 'responder' && u.role !== 'officer' && u.role !== 'admin') throw AppError.localized('validation_failed', 'contactPoints.responderRole', { id: String(userId), role: u.role });
}

export async function createContactPoint(db: Db, actor: Actor, input: unknown, options: Stamp = {}): Promise<ContactPoint> {
  const v = parseContactPoint(input);
  await checkResponder(db, v.userId);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('contact_points')
      .values({ name: v.name, role: v.role, roles: JSON.stringify(v.roles ?? {}), email: v.email, phone: v.phone, working_hours: v.workingHours || null, user_id: v.userId ?? null, ...stamped(options.now, 'created_at', 'updated_at') })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'contact_point.create', subjectType: 'contact_point', subjectId: row.id, details: { name: v.name, role: v.role, ...(v.roles ? { roles: v.roles } : {}), email: v.email }, at: options.now });
    return row;
  });
}

export async function updateContactPoint(db: Db, actor: Actor, id: number, input: unknown): Promise<ContactPoint> {
  const v = parseContactPoint(input);
  await checkResponder(db, v.userId);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('contact_points')
      .set({ name: v.name, role: v.role, ...(v.roles !== undefined ? { roles: JSON.stringify(v.roles) } : {}), email: v.email, phone: v.phone, working_hours: v.workingHours || null, user_id: v.userId ?? null, updated_at: new Date() })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw AppError.localized('not_found', 'contactPoints.notFound', { id: String(id) });
    await recordAudit(tx, actor, { action: 'contact_point.update', subjectType: 'contact_point', subjectId: id, details: { name: v.name, role: v.role, ...(v.roles ? { roles: v.roles } : {}), email: v.email, phone: v.phone } });
    return row;
  });
}

export async function archiveContactPoint(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('contact_points').set({ archived_at: new Date() }).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw AppError.localized('not_found', 'contactPoints.notFound', { id: String(id) });
    await recordAudit(tx, actor, { action: 'contact_point.archive', subjectType: 'contact_point', subjectId: id });
  });
}

export async function listContactPoints(db: Db): Promise<ContactPoint[]> {
  return db.selectFrom('contact_points').selectAll().where('archived_at', 'is', null).orderBy('name').execute();
}

export async function getContactPoint(db: Db, id: number): Promise<ContactPoint> {
  const row = await db.selectFrom('contact_points').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.localized('not_found', 'contactPoints.notFound', { id: String(id) });
  return row;
}

export async function listResponderCandidates(db: Db) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('disabled_at', 'is', null).where('role', 'in', ['responder', 'officer', 'admin']).orderBy('name').execute();
}

export type ResponderCandidate = Awaited<ReturnType<typeof listResponderCandidates>>[number];

/** The contact points page: every active contact point, and who may answer in tidings for a new one. */
export async function contactPointsOverview(db: Db): Promise<{ points: ContactPoint[]; candidates: ResponderCandidate[] }> {
  const [points, candidates] = await Promise.all([listContactPoints(db), listResponderCandidates(db)]);
  return { points, candidates };
}

/** One contact point to edit, with who may answer in tidings for it. */
export async function contactPointForEdit(db: Db, id: number): Promise<{ contactPoint: ContactPoint; candidates: ResponderCandidate[] }> {
  const contactPoint = await getContactPoint(db, id);
  return { contactPoint, candidates: await listResponderCandidates(db) };
}
