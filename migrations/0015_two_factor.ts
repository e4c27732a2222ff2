import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Time-based one-time codes (RFC 6238). The shared secret is stored encrypted
  // with a key derived from TIDINGS_SECRET, which the database does not hold;
  // `last_step` refuses a code used twice; failures slow guessing per account.
  await sql`
    CREATE TABLE user_two_factor (
      user_id integer PRIMARY KEY REFERENCES users(id),
      secret_sealed text NOT NULL,
      confirmed_at timestamptz,
      last_step bigint NOT NULL DEFAULT 0,
      failed_codes integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Ten one-time recovery codes per enrolment, kept only as keyed hashes.
  await sql`
    CREATE TABLE user_recovery_codes (
      user_id integer NOT NULL REFERENCES users(id),
      code_hash text NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    )`.execute(db);
}
