import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { closeSession, openSession, recordFailedLogin, sessionUser } from './sessions.ts';
import { checkPassword } from './users.ts';

// Slows password guessing per address; a per-process window is enough to make
// online guessing impractical without locking real users out for long.
const failures = new Map<string, { count: number; until: number }>();
const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

export interface SignInAttempt {
  email: string;
  password: string;
  ip?: string | undefined;
}

/**
 * Checks a password sign-in and opens a session; returns the session cookie
 * value. Refuses with `rate_limited` while an address is locked after repeated
 * failures, and with `unauthenticated` (recorded) when the password is wrong.
 */
export async function signIn(db: Db, attempt: SignInAttempt): Promise<string> {
  const key = attempt.email.toLowerCase();
  const state = failures.get(key);
  if (state && state.count >= MAX_FAILURES && state.until > Date.now()) {
    throw new AppError('rate_limited', 'Too many failed attempts for this address. Wait 15 minutes and try again.');
  }
  const user = attempt.email && attempt.password ? await checkPassword(db, attempt.email, attempt.password) : undefined;
  if (!user) {
    failures.set(key, { count: (state && state.until > Date.now() ? state.count : 0) + 1, until: Date.now() + LOCK_MS });
    await recordFailedLogin(db, attempt.email, attempt.ip);
    throw new AppError('unauthenticated', 'That email and password do not match an active account.');
  }
  failures.delete(key);
  return openSession(db, user, { ip: attempt.ip });
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
  if (/[\r\n]/.test(next)) throw new AppError('invalid_input', 'next: the page to return to must not contain a line break');
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
