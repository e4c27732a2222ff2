import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One thread per customer and situation, owned by a contact point (a person).
  await sql`
    CREATE TABLE conversations (
      id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      contact_id               bigint NOT NULL REFERENCES contacts(id),
      situation_id             bigint NOT NULL REFERENCES situations(id),
      update_id                bigint REFERENCES updates(id),
      contact_point_id         bigint REFERENCES contact_points(id),
      status                   text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
      last_customer_message_at timestamptz,
      answered_at              timestamptz,
      created_at               timestamptz NOT NULL DEFAULT now(),
      updated_at               timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX conversations_thread_key ON conversations (contact_id, situation_id)`.execute(db);
  await sql`CREATE INDEX conversations_inbox_idx ON conversations (contact_point_id, status, last_customer_message_at)`.execute(db);

  await sql`
    CREATE TABLE messages (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      conversation_id bigint NOT NULL REFERENCES conversations(id),
      direction       text NOT NULL CHECK (direction IN ('in', 'out')),
      channel         text NOT NULL CHECK (channel IN ('email', 'portal')),
      classification  text NOT NULL DEFAULT 'human' CHECK (classification IN ('human', 'auto_reply', 'bounce')),
      from_address    text NOT NULL,
      to_address      text NOT NULL,
      subject         text NOT NULL DEFAULT '',
      text            text NOT NULL DEFAULT '',
      visible_text    text NOT NULL DEFAULT '',
      html            text,
      provider_id     text,
      message_id      text,
      in_reply_to     text,
      references_ids  text,
      author_user_id  bigint REFERENCES users(id),
      created_at      timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX messages_conversation_idx ON messages (conversation_id, id)`.execute(db);
  await sql`CREATE UNIQUE INDEX messages_provider_idx ON messages (provider_id) WHERE provider_id IS NOT NULL AND direction = 'in'`.execute(db);

  // Mail that matched no routed address: kept for an officer, never dropped.
  await sql`
    CREATE TABLE inbound_unmatched (
      id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      provider_email_id text NOT NULL UNIQUE,
      to_address        text NOT NULL,
      from_address      text NOT NULL,
      subject           text NOT NULL DEFAULT '',
      reason            text NOT NULL,
      payload           jsonb NOT NULL,
      received_at       timestamptz NOT NULL DEFAULT now(),
      handled_at        timestamptz,
      handled_by        bigint REFERENCES users(id)
    )`.execute(db);

  // Rule 5: customers a responder wants the organisation to reach out to.
  await sql`
    CREATE TABLE follow_up_flags (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      contact_id      bigint NOT NULL REFERENCES contacts(id),
      conversation_id bigint REFERENCES conversations(id),
      note            text NOT NULL,
      flagged_by      bigint REFERENCES users(id),
      created_at      timestamptz NOT NULL DEFAULT now(),
      resolved_at     timestamptz,
      resolved_by     bigint REFERENCES users(id)
    )`.execute(db);
  await sql`CREATE INDEX follow_up_open_idx ON follow_up_flags (created_at) WHERE resolved_at IS NULL`.execute(db);
}
