import { sql, type Kysely } from 'kysely';

// Forward-only. Migrations never import from src/: they describe the schema as it
// was on the day they were written.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE users (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email         text NOT NULL,
      name          text NOT NULL,
      role          text NOT NULL CHECK (role IN ('officer', 'responder', 'auditor', 'admin')),
      password_hash text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      disabled_at   timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id           text PRIMARY KEY,
      user_id      bigint NOT NULL REFERENCES users(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id      bigint NOT NULL REFERENCES users(id),
      name         text NOT NULL,
      token_hash   text NOT NULL UNIQUE,
      prefix       text NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz,
      revoked_at   timestamptz,
      last_used_at timestamptz
    )`.execute(db);

  // The audit log: append-only, hash chained. The trigger makes the database
  // itself refuse changes, so no application bug (or SQL injection) can rewrite
  // history; only a superuser disabling the trigger could, and the chain shows it.
  await sql`
    CREATE TABLE audit_log (
      id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at           timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor        text NOT NULL,
      actor_user_id bigint,
      action       text NOT NULL,
      subject_type text,
      subject_id   text,
      details      jsonb NOT NULL DEFAULT '{}',
      prev_hash    text NOT NULL,
      hash         text NOT NULL UNIQUE
    )`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action, id)`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log (actor, id)`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE contacts (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email           text NOT NULL,
      email_lower     text GENERATED ALWAYS AS (lower(email)) STORED,
      name            text NOT NULL DEFAULT '',
      locale          text NOT NULL DEFAULT 'en',
      timezone        text NOT NULL DEFAULT 'UTC',
      attributes      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
      unsubscribed_at timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contacts_email_lower_key ON contacts (email_lower)`.execute(db);
  // jsonb_ops (not jsonb_path_ops) so that both @> (eq/in) and ? (exists) use it.
  await sql`CREATE INDEX contacts_attributes_gin ON contacts USING gin (attributes)`.execute(db);
  await sql`CREATE INDEX contacts_locale_idx ON contacts (locale)`.execute(db);
  await sql`CREATE INDEX contacts_search_trgm ON contacts USING gin ((email_lower || ' ' || lower(name)) gin_trgm_ops)`.execute(db);

  await sql`
    CREATE TABLE suppressions (
      email_lower text PRIMARY KEY,
      reason      text NOT NULL CHECK (reason IN ('bounced', 'complained', 'manual')),
      source      text,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE segments (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name        text NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('rule', 'list')),
      rule        jsonb,
      created_by  bigint REFERENCES users(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      CHECK ((kind = 'rule') = (rule IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX segments_name_key ON segments (lower(name)) WHERE archived_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE segment_members (
      segment_id bigint NOT NULL REFERENCES segments(id),
      contact_id bigint NOT NULL REFERENCES contacts(id),
      PRIMARY KEY (segment_id, contact_id)
    )`.execute(db);

  await sql`
    CREATE TABLE contact_points (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name          text NOT NULL,
      role          text NOT NULL,
      email         text NOT NULL,
      phone         text NOT NULL,
      working_hours text,
      user_id       bigint REFERENCES users(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      archived_at   timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE settings (
      key        text PRIMARY KEY,
      value      jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
