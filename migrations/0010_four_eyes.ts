import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Rule 8: everyone who wrote or changed an update is one of its editors, and
  // no editor approves it. The author of every existing update is its first.
  await sql`
    CREATE TABLE update_editors (
      update_id integer NOT NULL REFERENCES updates(id),
      user_id integer NOT NULL REFERENCES users(id),
      first_edited_at timestamptz NOT NULL DEFAULT now(),
      last_edited_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (update_id, user_id)
    )`.execute(db);
  await sql`INSERT INTO update_editors (update_id, user_id, first_edited_at, last_edited_at)
            SELECT id, author_id, created_at, updated_at FROM updates WHERE author_id IS NOT NULL`.execute(db);

  // A segment's audience definition (its rule or its member list) has a version
  // that every change moves on; an approval records the versions it covered.
  await sql`ALTER TABLE segments ADD COLUMN audience_version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE update_segments ADD COLUMN approved_version integer`.execute(db);
  // The digest of exactly what was approved: content and acknowledgement in
  // every language, contact point, date or final flag, quiet hours, and the
  // audience versions. Release refuses an update whose state no longer matches.
  await sql`ALTER TABLE updates ADD COLUMN approved_digest text`.execute(db);
  await sql`UPDATE update_segments us SET approved_version = 1 FROM updates u WHERE u.id = us.update_id AND u.status IN ('approved', 'scheduled', 'sending', 'sent')`.execute(db);
  await sql`CREATE INDEX update_segments_segment ON update_segments (segment_id)`.execute(db);
}
