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

  // History pages are keyset-paginated per update on (update_id, contact_id),
  // which the unique key already indexes; a state filter needs the state in
  // between. (Ordering by delivery id instead lets the planner walk the primary
  // key and filter, which reads most of the table when ids and updates correlate.)
  await sql`DROP INDEX deliveries_update_status_idx`.execute(db);
  await sql`CREATE INDEX deliveries_update_status_idx ON deliveries (update_id, status, contact_id)`.execute(db);
}
