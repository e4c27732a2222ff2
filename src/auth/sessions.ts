import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db, Tx } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { randomToken, sha256 } from '../secrets.ts';

export const SESSION_HOURS = 12;

export function userActor(user: Pick<User, 'id' | 'email'>, via: 'user' | 'token' = 'user'): Actor {
  return { kind: via, userId: user.id, label: `${via}:${user.id} ${user.email}` };
}

/** Opens a session and records the login; returns the cookie value. */
export async function openSession(db: Db, user: User, meta: { ip?: string }): Promise<string> {
  const token = randomToken(32);
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({ id: sha256(token), user_id: user.id, expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000) })
      .execute();
    await recordAudit(tx, userActor(user), { action: 'auth.login', subjectType: 'user', subjectId: user.id, details: { ip: meta.ip ?? null } });
  });
  return token;
}

export async function sessionUser(db: Db, token: string): Promise<User | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .where('s.id', '=', sha256(token))
    .where('s.expires_at', '>', new Date())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function closeSession(db: Db, token: string, user: User): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
    await recordAudit(tx, userActor(user), { action: 'auth.logout', subjectType: 'user', subjectId: user.id });
  });
}

/**
 * Records a failed sign-in, in the transaction that counts it. An email that
 * is no account is kept only as its keyed hash: it may be a stranger's address
 * or a password typed into the wrong field.
 */
export async function recordFailedLogin(tx: Tx, typed: { account: User } | { emailHash: string }, ip: string | undefined): Promise<void> {
  const system = { kind: 'system', userId: null, label: 'system' } as const;
  if ('account' in typed) {
    await recordAudit(tx, system, { action: 'auth.login_failed', subjectType: 'user', subjectId: typed.account.id, details: { email: typed.account.email, ip: ip ?? null } });
  } else {
    await recordAudit(tx, system, { action: 'auth.login_failed', details: { emailHash: typed.emailHash, ip: ip ?? null } });
  }
}
