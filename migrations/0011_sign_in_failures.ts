import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Failed sign-ins counted per typed account, per client address and per
  // (account, address) pair, so every web process shares the limits. Keys are
  // HMACs keyed with TIDINGS_SECRET: a mistyped or made-up email is never kept
  // as typed. A counter covers a day from its first failure; then it starts
  // again, and its row is deleted once it blocks no one. Unlogged: after a crash the counters start
  // afresh, which a throttle can afford.
  await sql`
    CREATE UNLOGGED TABLE sign_in_failures (
      scope text NOT NULL CHECK (scope IN ('account', 'address', 'pair')),
      key text NOT NULL,
      failures integer NOT NULL,
      first_failed_at timestamptz NOT NULL,
      last_failed_at timestamptz NOT NULL,
      blocked_until timestamptz,
      PRIMARY KEY (scope, key)
    )`.execute(db);
  await sql`CREATE INDEX sign_in_failures_first_failed ON sign_in_failures (first_failed_at)`.execute(db);
}
