import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE situations (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      title       text NOT NULL,
      summary     text NOT NULL DEFAULT '',
      status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      created_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE updates (
      id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      situation_id     bigint NOT NULL REFERENCES situations(id),
      number           integer,
      status           text NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'pending_approval', 'approved', 'scheduled', 'sending', 'sent', 'cancelled')),
      author_id        bigint REFERENCES users(id),
      approved_by      bigint REFERENCES users(id),
      approved_at      timestamptz,
      self_approved    boolean NOT NULL DEFAULT false,
      contact_point_id bigint REFERENCES contact_points(id),
      ack_kind         text CHECK (ack_kind IN ('apology', 'thanks', 'both')),
      ack_text         text NOT NULL DEFAULT '',
      next_update_at   timestamptz,
      final            boolean NOT NULL DEFAULT false,
      default_locale   text NOT NULL DEFAULT 'en',
      content          jsonb NOT NULL DEFAULT '{}',
      send_at          timestamptz,
      released_at      timestamptz,
      sent_at          timestamptz,
      cancelled_at     timestamptz,
      -- What the emails say about the world at release (contact person, titles),
      -- so a retried batch renders byte for byte the same message.
      release_snapshot jsonb,
      -- The send checkpoint: every queued delivery with a lower id is in a batch.
      claim_cursor     bigint NOT NULL DEFAULT 0,
      version          integer NOT NULL DEFAULT 1,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      UNIQUE (situation_id, number)
    )`.execute(db);
  await sql`CREATE INDEX updates_situation_idx ON updates (situation_id, id)`.execute(db);
  await sql`CREATE INDEX updates_sending_idx ON updates (id) WHERE status = 'sending'`.execute(db);

  await sql`
    CREATE TABLE update_segments (
      update_id  bigint NOT NULL REFERENCES updates(id),
      segment_id bigint NOT NULL REFERENCES segments(id),
      PRIMARY KEY (update_id, segment_id)
    )`.execute(db);

  // A batch is a persisted set of deliveries sent in one provider call. Its id
  // makes the idempotency key, so a retried batch is the same request again.
  await sql`
    CREATE TABLE send_batches (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      update_id       bigint NOT NULL REFERENCES updates(id),
      status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
      member_ids      bigint[] NOT NULL,
      size            integer NOT NULL DEFAULT 0,
      attempts        integer NOT NULL DEFAULT 0,
      worker          text,
      lease_until     timestamptz NOT NULL DEFAULT now(),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error      text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      done_at         timestamptz
    )`.execute(db);
  await sql`CREATE INDEX send_batches_open_idx ON send_batches (update_id, next_attempt_at) WHERE status = 'open'`.execute(db);

  await sql`
    CREATE TABLE deliveries (
      id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      update_id        bigint NOT NULL REFERENCES updates(id),
      contact_id       bigint NOT NULL REFERENCES contacts(id),
      email            text NOT NULL,
      name             text NOT NULL,
      locale           text NOT NULL,
      timezone         text NOT NULL,
      contact_point_id bigint REFERENCES contact_points(id),
      promised_at      timestamptz,
      status           text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'failed', 'excluded')),
      reason           text,
      provider_id      text,
      batch_id         bigint REFERENCES send_batches(id),
      idempotency_key  text NOT NULL,
      subject          text,
      body_hash        text,
      created_at       timestamptz NOT NULL DEFAULT now(),
      sent_at          timestamptz,
      updated_at       timestamptz NOT NULL DEFAULT now(),
      UNIQUE (update_id, contact_id)
    )`.execute(db);
  await sql`CREATE INDEX deliveries_queued_idx ON deliveries (update_id, id) WHERE status = 'queued'`.execute(db);
  await sql`CREATE INDEX deliveries_update_status_idx ON deliveries (update_id, status)`.execute(db);
  // A customer's history across updates (search by email goes through contacts).
  await sql`CREATE INDEX deliveries_contact_idx ON deliveries (contact_id, id)`.execute(db);
  await sql`CREATE UNIQUE INDEX deliveries_provider_idx ON deliveries (provider_id) WHERE provider_id IS NOT NULL`.execute(db);

  // Shared provider rate: every worker on every machine reserves its slot here.
  await sql`
    CREATE TABLE rate_limits (
      name      text PRIMARY KEY,
      next_slot timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`INSERT INTO rate_limits (name) VALUES ('provider')`.execute(db);

  // Local outbox: where mail goes when no RESEND_API_KEY is set.
  await sql`
    CREATE TABLE outbox_messages (
      id              text PRIMARY KEY,
      idempotency_key text,
      to_address      text NOT NULL,
      from_address    text NOT NULL,
      reply_to        text,
      subject         text NOT NULL,
      html            text NOT NULL,
      text            text NOT NULL,
      headers         jsonb NOT NULL DEFAULT '{}',
      tags            jsonb NOT NULL DEFAULT '[]',
      test            boolean NOT NULL DEFAULT false,
      created_at      timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX outbox_idempotency_idx ON outbox_messages (idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(db);
  await sql`CREATE INDEX outbox_created_idx ON outbox_messages (created_at DESC)`.execute(db);
}
