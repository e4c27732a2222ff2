import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Every entry says how its hash was made. The entries already written were
  // hashed with plain SHA-256: adding the column with that default marks them
  // without an UPDATE (which the append-only trigger refuses). The default is
  // then dropped: every later entry is keyed and says so itself, and a writer
  // that does not know of the key fails instead of writing unkeyed entries.
  await sql`ALTER TABLE audit_log ADD COLUMN scheme text NOT NULL DEFAULT 'sha256' CHECK (scheme IN ('sha256', 'hmac-sha256'))`.execute(db);
  await sql`ALTER TABLE audit_log ALTER COLUMN scheme DROP DEFAULT`.execute(db);

  // The daily anchor by email: one row per day and auditor, raised with the
  // chain's head of that moment, so a retry sends the very same email under
  // the same idempotency key, and a sent row is never sent again.
  await sql`
    CREATE TABLE audit_anchor_emails (
      id bigserial PRIMARY KEY,
      day date NOT NULL,
      user_id integer NOT NULL REFERENCES users(id),
      seq bigint NOT NULL,
      hash text NOT NULL,
      intact boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      provider_id text,
      last_error text,
      UNIQUE (day, user_id)
    )`.execute(db);
}
