import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Questions asked on status pages, per limiter key (a link or a contact), so
  // the limit holds across every web process. Rows older than the window are
  // deleted as keys are checked. Unlogged: after a crash the window simply
  // starts afresh, which a rate limit can afford.
  await sql`
    CREATE UNLOGGED TABLE portal_attempts (
      key text NOT NULL,
      at  timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX portal_attempts_key_idx ON portal_attempts (key, at)`.execute(db);

  // An answer's Reply-To as sent, so sending it again rebuilds the very same
  // email under the same idempotency key.
  await sql`ALTER TABLE messages ADD COLUMN reply_to text`.execute(db);
}
