import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { z } from 'zod';
import { lockAuditChain, recordAudit, type Actor } from '../audit/log.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db, Tx } from '../db/connection.ts';
import type { Role, User } from '../db/types.ts';
import { AppError, parseWith, schemaRefusal } from '../errors.ts';
import { supportedLocale } from '../languages.ts';
import { ROLES } from '../permissions.ts';

export const newUserSchema = z.object({
  email: z.email('is not a valid email address').max(254),
  name: z.string().trim().min(1, 'is required').max(200),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  locale: supportedLocale().optional(),
});
export type NewUser = z.infer<typeof newUserSchema>;

export type PublicUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'locale' | 'created_at' | 'disabled_at'>;

/** A user as the lists show them: with the time of their last sign-in, if any. */
export type UserListing = PublicUser & { last_sign_in_at: Date | null };

/** A user named by id (API, pages) or by email (command line). */
export type UserRef = { id: number } | { email: string };

export function parseNewUser(input: unknown): NewUser {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The code as for any schema (a language tidings does not support is a rule's refusal); the message in this form's words.
    const { code } = schemaRefusal(parsed.error.issues);
    throw new AppError(code, `${issue.path.join('.') || 'user'} ${issue.message}`, parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

export async function createUser(db: Db, actor: Actor, input: unknown, options: Stamp = {}): Promise<PublicUser> {
  const u = parseNewUser(input);
  const passwordHash = await hash(u.password);
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', u.email.toLowerCase()).executeTakeFirst();
    if (taken) throw AppError.localized('conflict', 'auth.emailTaken', { email: u.email });
    const user = await tx
      .insertInto('users')
      .values({ email: u.email, name: u.name, role: u.role, password_hash: passwordHash, ...(u.locale ? { locale: u.locale } : {}), ...stamped(options.now, 'created_at') })
      .returning(['id', 'email', 'name', 'role', 'locale', 'created_at', 'disabled_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'user.create', subjectType: 'user', subjectId: user.id, details: { email: user.email, role: user.role, locale: user.locale }, at: options.now });
    return user;
  });
}

const LISTED = ['u.id', 'u.email', 'u.name', 'u.role', 'u.locale', 'u.created_at', 'u.disabled_at'] as const;

/** The last sign-in is read from the record (`auth.login` entries), which keeps it even after the session has ended. */
function listedUsers(db: Db) {
  return db
    .selectFrom('users as u')
    .select(LISTED)
    .select((eb) =>
      eb
        .selectFrom('audit_log as a')
        .select((a) => a.fn.max('a.at').as('at'))
        .where('a.action', '=', 'auth.login')
        .where('a.subject_type', '=', 'user')
        .whereRef('a.subject_id', '=', sql<string>`u.id::text`)
        .as('last_sign_in_at'),
    );
}

export async function listUsers(db: Db): Promise<UserListing[]> {
  return listedUsers(db).orderBy('u.id').execute();
}

/** One user as listed, or `not_found`. */
export async function getUser(db: Db, ref: UserRef): Promise<UserListing> {
  const q = listedUsers(db);
  const user = await ('id' in ref ? q.where('u.id', '=', ref.id) : q.where(sql`lower(u.email)`, '=', ref.email.trim().toLowerCase())).executeTakeFirst();
  if (!user) throw userNotFound(ref);
  return user;
}

export function userNotFound(ref: UserRef): AppError {
  return 'id' in ref ? AppError.localized('not_found', 'auth.userNotFound', { id: String(ref.id) }) : AppError.localized('not_found', 'auth.noUserWithEmail', { email: ref.email });
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

export const userChangeSchema = z
  .strictObject(
    {
      role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).optional(),
      disabled: z.boolean({ error: 'must be true or false' }).optional(),
      locale: supportedLocale().optional(),
      name: z.string({ error: 'must be text' }).trim().min(1, 'is required').max(200).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `only role, disabled, locale and name can be changed here, not ${issue.keys.join(', ')}` : undefined) },
  )
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'give at least one of role, disabled, locale or name');
export type UserChange = z.infer<typeof userChangeSchema>;

/** Ends every session of a user and revokes every token, for good; returns how many. */
export async function endAccess(tx: Tx, userId: number): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const sessions = await tx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  const tokens = await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return { sessionsEnded: Number(sessions.numDeletedRows), tokensRevoked: Number(tokens.numUpdatedRows) };
}

/**
 * Changes a user's role, name, language or state; each change that differs is
 * recorded. Disabling ends every session and revokes every token at once (and
 * enabling again brings none back). A role change applies from the user's
 * next request, since every request reads the role afresh. The last active
 * admin can be neither disabled nor demoted (`conflict`).
 */
export async function changeUser(db: Db, actor: Actor, ref: UserRef, input: unknown): Promise<UserListing> {
  const change = parseWith(userChangeSchema, input);
  await db.transaction().execute(async (tx) => {
    // The chain's lock first, before any row lock (see lockAuditChain). It also
    // puts changes to users one after the other, so two admins demoting each
    // other at the same moment cannot leave no admin at all.
    await lockAuditChain(tx);
    const q = tx.selectFrom('users').selectAll().forUpdate();
    const user = await ('id' in ref ? q.where('id', '=', ref.id) : q.where(sql`lower(email)`, '=', ref.email.trim().toLowerCase())).executeTakeFirst();
    if (!user) throw userNotFound(ref);
    const role = change.role ?? user.role;
    const disable = change.disabled ?? user.disabled_at !== null;
    if (user.role === 'admin' && !user.disabled_at && (role !== 'admin' || disable)) {
      const others = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).where('id', '!=', user.id).limit(1).execute();
      if (others.length === 0) throw AppError.localized('conflict', disable ? 'auth.lastAdminDisable' : 'auth.lastAdminDemote', { email: user.email });
    }
    const subject = { subjectType: 'user', subjectId: user.id } as const;
    const edits: Record<string, { from: string; to: string }> = {};
    if (change.name !== undefined && change.name !== user.name) edits['name'] = { from: user.name, to: change.name };
    if (change.locale !== undefined && change.locale !== user.locale) edits['locale'] = { from: user.locale, to: change.locale };
    if (Object.keys(edits).length) {
      await tx.updateTable('users').set({ name: change.name ?? user.name, locale: change.locale ?? user.locale }).where('id', '=', user.id).execute();
      await recordAudit(tx, actor, { action: 'user.update', ...subject, details: { email: user.email, ...edits } });
    }
    if (role !== user.role) {
      await tx.updateTable('users').set({ role }).where('id', '=', user.id).execute();
      await recordAudit(tx, actor, { action: 'user.role', ...subject, details: { email: user.email, from: user.role, to: role } });
    }
    if (disable && !user.disabled_at) {
      const ended = await endAccess(tx, user.id);
      await tx.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
      await recordAudit(tx, actor, { action: 'user.disable', ...subject, details: { email: user.email, ...ended } });
    } else if (!disable && user.disabled_at) {
      await tx.updateTable('users').set({ disabled_at: null }).where('id', '=', user.id).execute();
      await recordAudit(tx, actor, { action: 'user.enable', ...subject, details: { email: user.email } });
    }
  });
  return getUser(db, ref);
}

/**
 * A user choosing the language of their own pages and emails: the same change
 * an admin makes (audited the same way), limited to the language.
 */
export async function changeOwnLanguage(db: Db, actor: Actor, userId: number, locale: unknown): Promise<UserListing> {
  return changeUser(db, actor, { id: userId }, { locale });
}

export async function disableUser(db: Db, actor: Actor, userId: number): Promise<void> {
  await changeUser(db, actor, { id: userId }, { disabled: true });
}
