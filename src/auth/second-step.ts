import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { pendingSignIn, readPendingSignIn } from './pending-sign-in.ts';
import { openSession, userActor } from './sessions.ts';
import { confirmEnrolment, pendingEnrolment, startEnrolment, twoFactorState, verifySecondFactor, type Enrolment } from './two-factor.ts';

/** What a correct password leads to: a session, or the second step of the sign-in. */
export type PasswordOutcome = { session: string } | { pending: string; enrol: boolean };

/**
 * After the password: someone with two-factor sign-in on, or whose role the
 * setting requires it for, gets a pending sign-in instead of a session.
 */
export async function afterPassword(db: Db, secret: string, user: User, meta: { ip?: string | undefined }): Promise<PasswordOutcome> {
  const state = await twoFactorState(db, user);
  if (!state.enrolled && !state.required) return { session: await openSession(db, user, meta) };
  return { pending: pendingSignIn(secret, user.id), enrol: !state.enrolled };
}

async function pendingUser(db: Db, secret: string, pending: string | undefined): Promise<User> {
  const id = readPendingSignIn(secret, pending);
  const user = id === undefined ? undefined : await db.selectFrom('users').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
  if (!user) throw AppError.localized('unauthenticated', 'auth.signInExpired');
  return user;
}

/** What the second step shows: the code form, or an enrolment when the setting requires one. */
export async function secondStep(db: Db, secret: string, pending: string | undefined): Promise<{ enrolment?: Enrolment }> {
  const user = await pendingUser(db, secret, pending);
  if ((await twoFactorState(db, user)).enrolled) return {};
  return { enrolment: (await pendingEnrolment(db, secret, user)) ?? (await startEnrolment(db, secret, user)) };
}

/**
 * The second step: a code (or recovery code) opens the session; for someone
 * setting up at sign-in, the first code confirms the enrolment and the recovery
 * codes are shown once.
 */
export async function finishSignIn(db: Db, secret: string, pending: string | undefined, code: string, meta: { ip?: string | undefined }): Promise<{ session: string; recoveryCodes?: string[] }> {
  const user = await pendingUser(db, secret, pending);
  if ((await twoFactorState(db, user)).enrolled) {
    await verifySecondFactor(db, secret, user, code, meta);
    return { session: await openSession(db, user, meta) };
  }
  const recoveryCodes = await confirmEnrolment(db, secret, userActor(user), user, code);
  return { session: await openSession(db, user, meta), recoveryCodes };
}
