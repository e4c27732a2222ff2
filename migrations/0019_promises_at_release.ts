import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Promises are now made by the release of their update, in its transaction,
  // to the recipients it queued; once the update is sent, the promise job
  // counts the ones it reached, once, and marks that here. Every promise made
  // so far was made from a sent update, so its count is settled already.
  await sql`ALTER TABLE promises ADD COLUMN recipients_counted_at timestamptz`.execute(db);
  await sql`UPDATE promises SET recipients_counted_at = created_at`.execute(db);
  await promiseReleasedUpdates(db);
}

/**
 * An update released by an earlier version, but not sent when it stopped, has
 * no promise yet (the job used to make it once the update was sent, and no
 * longer does): it gets the promise its release would make now. Safe to run
 * again. Exported for its test.
 */
export async function promiseReleasedUpdates(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO promises (situation_id, update_id, due_at, recipients, created_at)
    SELECT u.situation_id, u.id, u.next_update_at,
           (SELECT count(*) FROM deliveries d
             WHERE d.update_id = u.id AND d.status NOT IN ('excluded', 'failed', 'suppressed'))::int,
           coalesce(u.released_at, now())
      FROM updates u
     WHERE u.status IN ('sending', 'sent') AND NOT u.final AND u.next_update_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.update_id = u.id)
    ON CONFLICT (update_id) DO NOTHING`.execute(db);
}
