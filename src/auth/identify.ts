import type { Actor } from '../actor.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { sessionUser, userActor } from './sessions.ts';
import { authenticateToken } from './tokens.ts';

type Identity = { user: User; actor: Actor } | { refused: string } | undefined;

/** Whose API token this is, or why it is refused. */
export async function identifyToken(db: Db, token: string): Promise<Identity> {
  const check = await authenticateToken(db, token);
  return check.ok ? { user: check.user, actor: userActor(check.user, 'token') } : { refused: check.reason };
}

/** Whose open session this cookie value names. */
export async function identifySession(db: Db, token: string): Promise<Identity> {
  const user = await sessionUser(db, token);
  return user ? { user, actor: userActor(user) } : undefined;
}
