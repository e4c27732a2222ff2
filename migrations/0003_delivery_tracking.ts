import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Every provider webhook, stored once by its Svix id, raw payload kept.
  await sql`
    CREATE TABLE delivery_events (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      provider_event_id text NOT NULL UNIQUE,
      type              text NOT NULL,
      provider_email_id text,
      delivery_id       bigint REFERENCES deliveries(id),
      occurred_at       timestamptz NOT NULL,
      received_at       timestamptz NOT NULL DEFAULT now(),
      payload           jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX delivery_events_delivery_idx ON delivery_events (delivery_id, occurred_at) WHERE delivery_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX delivery_events_email_idx ON delivery_events (provider_email_id) WHERE delivery_id IS NULL`.execute(db);

  await sql`ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check`.execute(db);
  await sql`
    ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
      CHECK (status IN ('queued', 'sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'failed', 'suppressed', 'excluded'))`.execute(db);
  // Hard and soft bounces are kept apart; opens and clicks only when tracking is on.
  await sql`ALTER TABLE deliveries ADD COLUMN bounce_type text CHECK (bounce_type IN ('hard', 'soft'))`.execute(db);
  await sql`ALTER TABLE deliveries ADD COLUMN last_event_at timestamptz`.execute(db);
  await sql`ALTER TABLE deliveries ADD COLUMN opened_at timestamptz`.execute(db);
  await sql`ALTER TABLE deliveries ADD COLUMN clicked_at timestamptz`.execute(db);

  // "Stop telling me about this matter": per situation, the default unsubscribe.
  await sql`
    CREATE TABLE situation_unsubscribes (
      situation_id bigint NOT NULL REFERENCES situations(id),
      contact_id   bigint NOT NULL REFERENCES contacts(id),
      delivery_id  bigint REFERENCES deliveries(id),
      source       text NOT NULL CHECK (source IN ('one-click', 'page')),
      created_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (situation_id, contact_id)
    )`.execute(db);
}
