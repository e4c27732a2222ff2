import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { checkThrottle, countFailure, forgetClientFailures, throttleKeys, type ThrottleRefusal } from './login-throttle.ts';
import { afterPassword, type PasswordOutcome } from './second-step.ts';
import { closeSession, recordFailedLogin, sessionUser } from './sessions.ts';
import { checkPassword, findUserByEmail } from './users.ts';

export interface SignInAttempt {
  email: string;
  password: string;
  ip?: string | undefined;
}

function throttled(refusal: ThrottleRefusal): AppError {
  const minutes = Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60));
  return AppError.localized('rate_limited', refusal.scope === 'address' ? 'auth.throttledAddress' : 'auth.throttledAccount', { minutes }).with({ retryAfterSeconds: refusal.retryAfterSeconds });
}

/**
 * Checks a password sign-in; opens a session (its cookie value), or, for
 * someone with two-factor sign-in on or required, hands over to the code step. Refuses with `rate_limited` while the throttle (login-throttle.ts)
 * holds this client back, and with `unauthenticated` (counted and recorded)
 * when the password is wrong. The check, the password and the count happen
 * under the throttle's locks, so concurrent guesses cannot slip past it.
 */
export async function signIn(db: Db, secret: string, attempt: SignInAttempt): Promise<PasswordOutcome> {
  const keys = throttleKeys(secret, attempt.email, attempt.ip);
  const outcome = await db.transaction().execute(async (tx) => {
    const now = new Date();
    const refusal = await checkThrottle(tx, keys, now);
    if (refusal) return { refusal };
    const user = attempt.email && attempt.password ? await checkPassword(tx, attempt.email, attempt.password) : undefined;
    if (!user) {
      await countFailure(tx, keys, now);
      const account = attempt.email ? await findUserByEmail(tx, attempt.email) : undefined;
      await recordFailedLogin(tx, account ? { account } : { emailHash: keys.account }, attempt.ip);
      return {};
    }
    await forgetClientFailures(tx, keys);
    return { user };
  });
  if (outcome.refusal) throw throttled(outcome.refusal);
  if (!outcome.user) throw AppError.localized('unauthenticated', 'auth.wrongPassword');
  return afterPassword(db, secret, outcome.user, { ip: attempt.ip });
}

const SITE = 'http://tidings.invalid';

/**
 * Where a sign-in leads: only a path of this site, anything else goes home.
 * Browsers read `\` as `/` and drop tabs and line breaks inside a URL, so
 * `/\evil.example` or `/<tab>/evil.example` would leave the site: any
 * backslash or control character sends the user home. A line break is refused
 * outright (it could only be an attempt to split the response's headers), and
 * this is checked before anything is written.
 */
export function signInTarget(next: string | undefined): string {
  if (!next) return '/';
  if (/[\r\n]/.test(next)) throw AppError.localized('invalid_input', 'auth.nextLineBreak');
  if (!next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const resolved = new URL(next, SITE);
  return resolved.origin === SITE ? next : '/';
}

/** Ends the session the cookie names, if it is still open. */
export async function signOut(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  const user = await sessionUser(db, token);
  if (user) await closeSession(db, token, user);
}
