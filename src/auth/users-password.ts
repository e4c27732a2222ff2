import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { AppError, parseWith } from '../errors.ts';
import { sha256 } from '../secrets.ts';
import { userNotFound, type UserRef } from './users.ts';

const passwordSchema = z.string({ error: 'is required' }).min(12, 'must be at least 12 characters').max(1024, 'must be at most 1024 characters');

const ownChangeSchema = z
  .object({
    current: z.string({ error: 'is required' }).min(1, 'is required'),
    password: passwordSchema,
    repeat: z.string().optional(),
  })
  .refine((c) => c.repeat === undefined || c.repeat === c.password, { path: ['repeat'], message: 'does not match the new password' });

/** A password for someone to change later: 16 random characters, printed once. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * An admin (or the command line) sets a user's password, e.g. after they lost
 * it. Every open session of that user ends, since whoever knew the old
 * password may hold one; their API tokens are separate credentials and stay.
 */
export async function setPassword(db: Db, actor: Actor, ref: UserRef, password: unknown): Promise<{ email: string; sessionsEnded: number }> {
  const passwordHash = await hash(parseWith(z.object({ password: passwordSchema }), { password }).password);
  return db.transaction().execute(async (tx) => {
    const q = tx.updateTable('users').set({ password_hash: passwordHash });
    const user = await ('id' in ref ? q.where('id', '=', ref.id) : q.where((eb) => eb(eb.fn('lower', ['email']), '=', ref.email.trim().toLowerCase())))
      .returning(['id', 'email'])
      .executeTakeFirst();
    if (!user) throw userNotFound(ref);
    const ended = await tx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const sessionsEnded = Number(ended.numDeletedRows);
    await recordAudit(tx, actor, { action: 'user.password', subjectType: 'user', subjectId: user.id, details: { email: user.email, by: 'admin', sessionsEnded } });
    return { email: user.email, sessionsEnded };
  });
}

/**
 * A user changes their own password, giving the current one. Their other
 * sessions end (the one they are using, named by its cookie value, stays);
 * their API tokens stay.
 */
export async function changeOwnPassword(db: Db, actor: Actor, userId: number, input: unknown, keepSession?: string): Promise<{ sessionsEnded: number }> {
  const change = parseWith(ownChangeSchema, input);
  const user = await db.selectFrom('users').select(['id', 'email', 'password_hash']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
  if (!user) throw userNotFound({ id: userId });
  if (!(await verify(user.password_hash, change.current).catch(() => false))) {
    throw AppError.localized('invalid_input', 'account.wrongCurrentPassword').with({ details: [{ field: 'current', message: 'that is not your current password' }] });
  }
  if (change.password === change.current) throw AppError.localized('invalid_input', 'account.samePassword').with({ details: [{ field: 'password', message: 'is the same as the current one' }] });
  const passwordHash = await hash(change.password);
  return db.transaction().execute(async (tx) => {
    // Only if nobody changed it meanwhile: the current password was checked against this hash.
    const r = await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).where('password_hash', '=', user.password_hash).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw AppError.localized('conflict', 'account.passwordChangedMeanwhile');
    let ended = tx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keepSession) ended = ended.where('id', '!=', sha256(keepSession));
    const sessionsEnded = Number((await ended.executeTakeFirst()).numDeletedRows);
    await recordAudit(tx, actor, { action: 'user.password', subjectType: 'user', subjectId: user.id, details: { email: user.email, by: 'self', sessionsEnded } });
    return { sessionsEnded };
  });
}
