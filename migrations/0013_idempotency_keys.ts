import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A request that creates or sends something may carry a key (the API's
  // Idempotency-Key header, a page form's one-time token). The first request
  // under a key claims this row; its answer is kept here for 24 hours and given
  // again to every repeat, so a double submit does the work once. In PostgreSQL
  // so that every web process sees every key.
  await sql`
    CREATE TABLE idempotency_keys (
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      claim text NOT NULL,
      fingerprint text,
      status integer,
      response_type text,
      response_location text,
      response_body text,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, key)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`.execute(db);
}
