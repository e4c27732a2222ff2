import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { IdempotencyStore, KeptAnswer, KeyUse } from '../idempotent-request.ts';

export type { KeptAnswer, KeyUse };
import { randomToken } from '../secrets.ts';

/*
 * Idempotent requests. A request that creates or sends something may carry a
 * key (the API's Idempotency-Key header, a page form's one-time token). The
 * first request under a key (per user) claims it in PostgreSQL, does the work
 * and keeps its answer for 24 hours; every repeat in that time gets that answer
 * again and does nothing more. Kept in PostgreSQL so every web process sees it.
 */

/** How long a key and its answer are kept after the first request finished. */
export const KEY_LIFETIME_HOURS = 24;
/** A claim older than this with no answer belongs to a process that died; the key may be claimed again. */
export const ABANDONED_AFTER_MINUTES = 10;

/**
 * Which answers are kept for the key. Answers that say "try again" free the key
 * instead, as they did nothing: a malformed request (400), a rate limit (429),
 * an internal failure (500) and an unavailable provider (503). Everything else
 * (success, a refusal by a rule, a 502 naming the answer kept unsent) is the
 * key's answer for good.
 */
export function isKeptStatus(status: number): boolean {
  return ![400, 429, 500, 503].includes(status);
}

/**
 * Claims the key for this request: a new key, an expired one or one abandoned
 * by a dead process. Answers the claim token, or null when another request
 * holds the key (or answered it already).
 */
export async function claimKey(db: Db, use: KeyUse): Promise<string | null> {
  const claim = randomToken(16);
  const r = await sql<{ claim: string }>`
    INSERT INTO idempotency_keys (user_id, key, method, path, claim, expires_at)
    VALUES (${use.userId}, ${use.key}, ${use.method}, ${use.path}, ${claim}, now() + make_interval(hours => ${KEY_LIFETIME_HOURS}))
    ON CONFLICT (user_id, key) DO UPDATE
       SET method = EXCLUDED.method, path = EXCLUDED.path, claim = EXCLUDED.claim, fingerprint = NULL, status = NULL,
           response_type = NULL, response_location = NULL, response_body = NULL,
           claimed_at = now(), completed_at = NULL, expires_at = EXCLUDED.expires_at
     WHERE idempotency_keys.expires_at <= now()
        OR (idempotency_keys.completed_at IS NULL AND idempotency_keys.claimed_at < now() - make_interval(mins => ${ABANDONED_AFTER_MINUTES}))
    RETURNING claim`.execute(db);
  return r.rows[0]?.claim ?? null;
}

/** Keeps the first request's answer under its key for 24 hours. */
export async function keepAnswer(db: Db, use: KeyUse, claim: string, fingerprint: string, answer: KeptAnswer): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      fingerprint,
      status: answer.status,
      response_type: answer.type,
      response_location: answer.location,
      response_body: answer.body,
      completed_at: sql<Date>`now()`,
      expires_at: sql<Date>`now() + make_interval(hours => ${KEY_LIFETIME_HOURS})`,
    })
    .where('user_id', '=', use.userId)
    .where('key', '=', use.key)
    .where('claim', '=', claim)
    .execute();
}

/** Frees the key: the request under it did nothing, so a retry may run. */
export async function releaseKey(db: Db, use: KeyUse, claim: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', use.userId).where('key', '=', use.key).where('claim', '=', claim).execute();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The answer for a repeat of a key someone claimed: the kept answer once the
 * first request finishes (waiting up to `waitMs` for it). Refused with 422 when
 * the key was used for a different request, and with 409 when the first is
 * still running after the wait or freed the key without an answer.
 */
export async function repeatedAnswer(db: Db, use: KeyUse, fingerprint: string, waitMs = 10_000): Promise<KeptAnswer> {
  const until = Date.now() + waitMs;
  for (let pause = 25; ; pause = Math.min(pause * 2, 250)) {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['method', 'path', 'fingerprint', 'status', 'response_type', 'response_location', 'response_body'])
      .where('user_id', '=', use.userId)
      .where('key', '=', use.key)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', 'the first request with this Idempotency-Key did not finish; nothing was done, so send it again', undefined, 1);
    if (row.method !== use.method || row.path !== use.path || (row.fingerprint !== null && row.fingerprint !== fingerprint)) {
      throw new AppError('idempotency_key_reused', `this Idempotency-Key was used for a different request (${row.method} ${row.path}) in the last ${KEY_LIFETIME_HOURS} hours; use a new key for a new request`);
    }
    if (row.status !== null) return { status: row.status, type: row.response_type, location: row.response_location, body: row.response_body ?? '' };
    if (Date.now() + pause > until) throw new AppError('conflict', 'a request with this Idempotency-Key is still running; ask again shortly for its answer', undefined, 1);
    await sleep(pause);
  }
}

/** Deletes keys whose 24 hours are over (run by the worker's sweep every minute). */
export async function pruneIdempotencyKeys(db: Db): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The store the HTTP layer's `idempotent()` uses, over PostgreSQL. */
export function postgresIdempotency(db: Db): IdempotencyStore {
  return {
    claim: (use) => claimKey(db, use),
    repeated: (use, fingerprint) => repeatedAnswer(db, use, fingerprint),
    keep: (use, claim, fingerprint, answer) => keepAnswer(db, use, claim, fingerprint, answer),
    release: (use, claim) => releaseKey(db, use, claim),
    isKept: isKeptStatus,
  };
}
