import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { AppError } from '../errors.ts';

/**
 * The responder rule, in one place. A responder sees and acts on the customers
 * of their own contact points only (the contact points whose `user_id` is
 * theirs); officers and admins see and act on everyone's, auditors read
 * everyone's. Every query and action on conversations and follow-ups (list,
 * thread, answer, resend, mark answered, hand over, flag, resolve, the
 * dashboard's counts) takes its condition from here.
 *
 * Something outside a person's scope is answered exactly like something that
 * does not exist (`not_found`, 404, the same message), so a responder cannot
 * learn which ids exist by probing them.
 */

/** Whose conversations a person sees: a responder their own contact points', others everyone's or one contact point's. */
export type InboxScope = { kind: 'all' } | { kind: 'user'; userId: number } | { kind: 'contact_point'; contactPointId: number };

/** Who acts: the signed-in person (for the responder rule) and how the audit log names them. */
export interface Acting {
  user: User;
  actor: Actor;
}

/** A responder is always held to their own; others may narrow the view to theirs (`mine`) or to one contact point. */
export function scopeFor(user: User, filter?: { contactPointId?: number | undefined; mine?: boolean | undefined }): InboxScope {
  if (user.role === 'responder' || filter?.mine) return { kind: 'user', userId: user.id };
  if (filter?.contactPointId) return { kind: 'contact_point', contactPointId: filter.contactPointId };
  return { kind: 'all' };
}

/** The scope as a condition on a conversation row (`alias`.contact_point_id); one with no contact point is only in scope 'all'. */
export function conversationInScope(scope: InboxScope, alias = 'cv'): RawBuilder<SqlBool> {
  const contactPointId = sql.ref(`${alias}.contact_point_id`);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'user':
      return sql<SqlBool>`${contactPointId} IN (SELECT scope_cp.id FROM contact_points scope_cp WHERE scope_cp.user_id = ${scope.userId})`;
    case 'contact_point':
      return sql<SqlBool>`${contactPointId} = ${scope.contactPointId}`;
  }
}

/** The scope as a condition on a follow-up flag (`alias`.conversation_id): its conversation must be in scope. */
export function followUpInScope(scope: InboxScope, alias = 'f'): RawBuilder<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`true`;
  return sql<SqlBool>`${sql.ref(`${alias}.conversation_id`)} IN (SELECT scope_cv.id FROM conversations scope_cv WHERE ${conversationInScope(scope, 'scope_cv')})`;
}

export const noSuchConversation = () => AppError.localized('not_found', 'conversations.noSuchConversation');

/** Throws `not_found` unless the conversation exists and is in the person's scope. */
export async function assertConversationInScope(db: Db, user: User, conversationId: number): Promise<void> {
  const row = await db.selectFrom('conversations as cv').select('cv.id').where('cv.id', '=', conversationId).where(conversationInScope(scopeFor(user))).executeTakeFirst();
  if (!row) throw noSuchConversation();
}
