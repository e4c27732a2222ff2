import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import type { Role, User } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';
import { SUPPORTED_LOCALES } from '../config.ts';
import { ROLES } from '../permissions.ts';

export const newUserSchema = z.object({
  email: z.email('is not a valid email address').max(254),
  name: z.string().trim().min(1, 'is required').max(200),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  locale: z.enum(SUPPORTED_LOCALES, { error: `must be one of ${SUPPORTED_LOCALES.join(', ')}` }).optional(),
});
export type NewUser = z.infer<typeof newUserSchema>;

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'locale' | 'created_at' | 'disabled_at'>;

export function parseNewUser(input: unknown): NewUser {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || 'user'} ${issue.message}`, parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

export async function createUser(db: Db, actor: Actor, input: unknown): Promise<PublicUser> {
  const u = parseNewUser(input);
  const passwordHash = await hash(u.password);
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', u.email.toLowerCase()).executeTakeFirst();
    if (taken) throw new AppError('conflict', `a user with email ${u.email} already exists`);
    const user = await tx
      .insertInto('users')
      .values({ email: u.email, name: u.name, role: u.role, password_hash: passwordHash, ...(u.locale ? { locale: u.locale } : {}) })
      .returning(['id', 'email', 'name', 'role', 'locale', 'created_at', 'disabled_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'user.create', subjectType: 'user', subjectId: user.id, details: { email: user.email, role: user.role, locale: user.locale } });
    return user;
  });
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  return db.selectFrom('users').select(['id', 'email', 'name', 'role', 'locale', 'created_at', 'disabled_at']).orderBy('id').execute();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
}

// Verifying against a fixed hash when the user is unknown keeps the response
// time the same, so timing does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export async function checkPassword(db: Db, email: string, password: string): Promise<User | undefined> {
  const user = await findUserByEmail(db, email);
  dummyHash ??= hash('not a real password, only for timing');
  const ok = await verify(user?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!user || !ok || user.disabled_at) return undefined;
  return user;
}

export async function setUserRole(db: Db, actor: Actor, userId: number, role: Role): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set({ role }).where('id', '=', userId).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw new AppError('not_found', `user ${userId} not found`);
    await recordAudit(tx, actor, { action: 'user.role', subjectType: 'user', subjectId: userId, details: { role } });
  });
}

export async function disableUser(db: Db, actor: Actor, userId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw new AppError('not_found', `active user ${userId} not found`);
    await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    await recordAudit(tx, actor, { action: 'user.disable', subjectType: 'user', subjectId: userId });
  });
}
