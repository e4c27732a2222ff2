import { hmac, randomToken, safeEqual } from '../secrets.ts';

/**
 * Between the password and the second factor a person holds no session, only
 * this: a short-lived value, signed with TIDINGS_SECRET, naming who passed the
 * password step. It opens nothing by itself.
 */
export const PENDING_MINUTES = 5;

export function pendingSignIn(secret: string, userId: number, now = new Date()): string {
  const body = `${userId}.${now.getTime() + PENDING_MINUTES * 60_000}.${randomToken(9)}`;
  return `${body}.${hmac(secret, `pending-sign-in:${body}`)}`;
}

/** The user id a pending sign-in names, while it is genuine and fresh. */
export function readPendingSignIn(secret: string, value: string | undefined, now = new Date()): number | undefined {
  if (!value) return undefined;
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  const [id, expires, nonce, signature] = parts as [string, string, string, string];
  if (!safeEqual(signature, hmac(secret, `pending-sign-in:${id}.${expires}.${nonce}`))) return undefined;
  if (!/^\d+$/.test(id) || !/^\d+$/.test(expires) || Number(expires) <= now.getTime()) return undefined;
  return Number(id);
}
