import { sql } from 'kysely';
import type { Db, DbOrTx } from '../db/connection.ts';
import { notLeftList } from './reach.ts';

/** What of an update decides the promise it makes. */
export interface PromisingUpdate {
  id: number;
  situation_id: number;
  final: boolean;
  next_update_at: Date | null;
}

/**
 * The promise an update makes ("you will hear from us again by next_update_at"),
 * made in the transaction that releases it: the dashboard and the API show it
 * from the moment the first email can leave, and a release that rolls back
 * leaves none. A final update, or one without a next date, makes none.
 * `recipients` is what the release queued for sending; once the update is
 * sent, the promise job replaces it with the number the update reached
 * (countSentRecipients), since a recipient whose email failed was never told.
 * Returns the promise's id, or null when the update makes none.
 */
export async function makePromise(tx: DbOrTx, update: PromisingUpdate, recipients: number, now: Date): Promise<number | null> {
  if (update.final || !update.next_update_at) return null;
  // A release runs once (it locks the update and finds it no longer scheduled), so
  // the conflict is only a guard against a promise the migration already made.
  const made = await tx
    .insertInto('promises')
    .values({ situation_id: update.situation_id, update_id: update.id, due_at: update.next_update_at, recipients, created_at: now })
    .onConflict((oc) => oc.column('update_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return made ? Number(made.id) : null;
}

/**
 * Settles the recipient count of each promise whose update has finished
 * sending: the deliveries that left (a failed or excluded one told no one).
 * Runs in the promise job before the promises are evaluated, once per promise
 * (`recipients_counted_at` marks it); several workers at once count each once.
 */
export async function countSentRecipients(db: Db, now: Date): Promise<number> {
  const counted = await sql<{ id: number }>`
    UPDATE promises p
       SET recipients = (SELECT count(*) FROM deliveries d WHERE d.update_id = p.update_id AND d.status NOT IN (${notLeftList()}))::int,
           recipients_counted_at = ${now}
      FROM updates u
     WHERE u.id = p.update_id AND u.status = 'sent' AND p.recipients_counted_at IS NULL
    RETURNING p.id`.execute(db);
  return counted.rows.length;
}
