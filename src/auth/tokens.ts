import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { randomToken, sha256 } from '../secrets.ts';
import { findUserByEmail, listUsers, type UserListing } from './users.ts';

export const TOKEN_PREFIX = 'tid_';

export interface CreatedToken {
  id: number;
  /** Shown once; only its hash is kept. */
  token: string;
  userId: number;
  name: string;
  expiresAt: Date | null;
}

/** Parses "90d", "12h", "30m" or "never". */
export function parseDuration(text: string): number | null {
  if (text === 'never') return null;
  const m = /^(\d+)\s*([dhm])$/.exec(text.trim());
  if (!m) throw AppError.localized('validation_failed', 'auth.badExpiry', { text });
  const n = Number(m[1]);
  return n * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
}

export async function createToken(db: Db, actor: Actor, input: { userEmail: string; name: string; expiresIn?: string }): Promise<CreatedToken> {
  const name = input.name.trim();
  if (!name) throw AppError.localized('validation_failed', 'auth.tokenNameRequired');
  const user = await findUserByEmail(db, input.userEmail);
  if (!user) throw AppError.localized('not_found', 'auth.noUserWithEmail', { email: input.userEmail });
  if (user.disabled_at) throw AppError.localized('validation_failed', 'auth.tokenUserDisabled', { email: input.userEmail });
  const ms = parseDuration(input.expiresIn ?? '90d');
  const expiresAt = ms === null ? null : new Date(Date.now() + ms);
  const token = TOKEN_PREFIX + randomToken(32);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({ user_id: user.id, name, token_hash: sha256(token), prefix: token.slice(0, 10), expires_at: expiresAt })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'token.create', subjectType: 'api_token', subjectId: row.id, details: { user: user.email, name, expiresAt } });
    return { id: row.id, token, userId: user.id, name, expiresAt };
  });
}

export async function revokeToken(db: Db, actor: Actor, tokenId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw AppError.localized('not_found', 'auth.tokenNotFound', { id: String(tokenId) });
    await recordAudit(tx, actor, { action: 'token.revoke', subjectType: 'api_token', subjectId: tokenId });
  });
}

export type TokenCheck = { ok: true; user: User; tokenId: number } | { ok: false; reason: string };

export async function authenticateToken(db: Db, token: string): Promise<TokenCheck> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select(['t.id as token_id', 't.expires_at as token_expires_at', 't.revoked_at as token_revoked_at'])
    .where('t.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'the bearer token is not known' };
  if (row.token_revoked_at) return { ok: false, reason: 'the bearer token was revoked' };
  if (row.token_expires_at && row.token_expires_at.getTime() <= Date.now()) return { ok: false, reason: 'the bearer token has expired' };
  if (row.disabled_at) return { ok: false, reason: 'the token belongs to a disabled user' };
  const { token_id, token_expires_at: _e, token_revoked_at: _r, ...user } = row;
  // Last use is informative only; it must never slow down or fail a request.
  void db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', token_id).execute().catch(() => {});
  return { ok: true, user, tokenId: token_id };
}

export async function listTokens(db: Db) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.prefix', 't.created_at', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.email as user_email'])
    .orderBy('t.id', 'desc')
    .execute();
}

export type TokenListing = Awaited<ReturnType<typeof listTokens>>[number];

/** Everyone who may sign in and every API token: what the users page lists. */
export async function listUsersAndTokens(db: Db): Promise<{ users: UserListing[]; tokens: TokenListing[] }> {
  const [users, tokens] = await Promise.all([listUsers(db), listTokens(db)]);
  return { users, tokens };
}
