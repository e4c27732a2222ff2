import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The members of grouped audit entries: high-volume records (provider events)
  // are hashed one by one and committed in groups; each group adds ONE entry to
  // the chain (audit_log) holding the Merkle root of its members, found by the
  // group's key. A member is append-only like the chain itself: the root in a
  // keyed chain entry covers its content, so a changed, removed or added member
  // breaks the check of its group.
  await sql`
    CREATE TABLE audit_members (
      id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      group_key    text NOT NULL,
      position     integer NOT NULL CHECK (position >= 0),
      at           timestamptz NOT NULL,
      actor        text NOT NULL,
      action       text NOT NULL,
      subject_type text,
      subject_id   text,
      details      jsonb NOT NULL DEFAULT '{}',
      hash         text NOT NULL,
      UNIQUE (group_key, position)
    )`.execute(db);
  await sql`CREATE INDEX audit_members_subject_idx ON audit_members (subject_type, subject_id)`.execute(db);
  await sql`
    CREATE TRIGGER audit_members_no_update_delete BEFORE UPDATE OR DELETE ON audit_members
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_members_no_truncate BEFORE TRUNCATE ON audit_members
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
}
