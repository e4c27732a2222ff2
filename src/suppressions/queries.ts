import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import { hmac } from '../secrets.ts';
import { stamped } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import { AppError } from '../errors.ts';

export type SuppressionReason = 'bounced' | 'complained' | 'manual';

export interface Suppression {
  email: string;
  reason: SuppressionReason;
  source: string | null;
  createdAt: Date;
}

/**
 * Adds an address to the suppression list (inside the caller's transaction).
 * An address already suppressed keeps its first reason and source. Returns
 * whether it was added now.
 */
export async function addSuppression(tx: DbOrTx, email: string, reason: SuppressionReason, source: string | null, now?: Date): Promise<boolean> {
  const r = await tx
    .insertInto('suppressions')
    .values({ email_lower: email.trim().toLowerCase(), reason, source, ...stamped(now, 'created_at') })
    .onConflict((oc) => oc.column('email_lower').doNothing())
    .returning('email_lower')
    .executeTakeFirst();
  return r !== undefined;
}

export interface SuppressionPage {
  suppressions: Suppression[];
  /** Keyset of the last row: created_at (exact text) and email. */
  next: { at: string; email: string } | null;
}

/** The cursor's shape for the one codec (src/db/cursor.ts): created_at exactly as PostgreSQL prints it, and the address. */
export const SUPPRESSION_CURSOR = { at: 'timestamp', email: 'text' } as const;

/** Newest first, keyset-paginated on (created_at, email). */
export async function listSuppressions(db: DbOrTx, options: { after?: { at: string; email: string } | undefined; limit?: number; search?: string | undefined } = {}): Promise<SuppressionPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  // The cursor keeps created_at as PostgreSQL's text (microseconds and offset), so it reads back exactly.
  let q = db.selectFrom('suppressions').select(['email_lower', 'reason', 'source', 'created_at', sql<string>`created_at::text`.as('at_text')]);
  if (options.after) q = q.where(sql<boolean>`(created_at, email_lower) < (${options.after.at}::timestamptz, ${options.after.email})`);
  if (options.search) q = q.where('email_lower', 'like', `%${options.search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  const rows = await q.orderBy('created_at', 'desc').orderBy('email_lower', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    suppressions: page.map((r) => ({ email: r.email_lower, reason: r.reason, source: r.source, createdAt: r.created_at })),
    next: rows.length > limit && last ? { at: last.at_text, email: last.email_lower } : null,
  };
}

/**
 * How the audit log names a suppressed address without holding it (the log
 * cannot be changed, and an erased customer's address must not stay in it):
 * the contact with that address when there is one, else a keyed hash of the
 * address, which the same address always gives and no one can reverse without
 * the secret.
 */
export async function suppressionSubject(tx: DbOrTx, secret: string, address: string): Promise<{ subjectType: 'contact' | 'suppression'; subjectId: string }> {
  const contact = await tx.selectFrom('contacts').select('id').where('email_lower', '=', address).executeTakeFirst();
  if (contact) return { subjectType: 'contact', subjectId: String(contact.id) };
  return { subjectType: 'suppression', subjectId: `hmac:${hmac(secret, `suppression-address:${address}`)}` };
}

/** Lifts a suppression: the address may be mailed again. The reason is required and audited with what was lifted. */
export async function liftSuppression(db: Db, actor: Actor, email: string, reason: string, secret: string): Promise<Suppression> {
  const why = reason.trim();
  if (!why) throw AppError.localized('validation_failed', 'suppressions.reasonMissing').with({ details: { field: 'reason' } });
  if (why.length > 1000) throw AppError.localized('validation_failed', 'suppressions.reasonTooLong').with({ details: { field: 'reason' } });
  const address = email.trim().toLowerCase();
  return db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('suppressions').where('email_lower', '=', address).returningAll().executeTakeFirst();
    if (!row) throw AppError.localized('not_found', 'suppressions.notFound', { email: address });
    await recordAudit(tx, actor, {
      action: 'suppression.lift',
      ...(await suppressionSubject(tx, secret, address)),
      details: { reason: why, was: { reason: row.reason, source: row.source, since: row.created_at.toISOString() } },
    });
    return { email: row.email_lower, reason: row.reason, source: row.source, createdAt: row.created_at };
  });
}
