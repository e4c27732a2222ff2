import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A reminder to the situation's officers about one promise: before it falls
  // due ('due_soon') and once it is overdue ('overdue'). The unique key makes
  // "sent once" hold however many workers evaluate promises at the same time;
  // a row whose send failed is retried with the same idempotency key.
  await sql`
    CREATE TABLE promise_reminders (
      id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      promise_id     bigint NOT NULL REFERENCES promises(id),
      kind           text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
      recipients     jsonb NOT NULL DEFAULT '[]',
      claimed_until  timestamptz,
      attempts       integer NOT NULL DEFAULT 0,
      last_error     text,
      sent_at        timestamptz,
      created_at     timestamptz NOT NULL DEFAULT now(),
      UNIQUE (promise_id, kind)
    )`.execute(db);
  await sql`CREATE INDEX promise_reminders_unsent_idx ON promise_reminders (id) WHERE sent_at IS NULL`.execute(db);

  // GDPR article 17: an erased contact keeps its row (so history keeps its
  // shape and counts) with a pseudonym in place of its personal fields.
  await sql`ALTER TABLE contacts ADD COLUMN erased_at timestamptz`.execute(db);

  // History pages are keyset-paginated newest first within an update, and by
  // state across updates; the rare states get a partial index of their own.
  await sql`DROP INDEX deliveries_update_status_idx`.execute(db);
  await sql`CREATE INDEX deliveries_update_status_idx ON deliveries (update_id, status, id)`.execute(db);
  await sql`CREATE INDEX deliveries_update_id_idx ON deliveries (update_id, id)`.execute(db);
  await sql`CREATE INDEX deliveries_uncommon_status_idx ON deliveries (status, id) WHERE status NOT IN ('queued', 'sent', 'delivered')`.execute(db);
}
