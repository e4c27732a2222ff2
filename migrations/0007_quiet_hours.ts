import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // An update may hold each recipient's email until daytime in their own time
  // zone. The daytime window (local hours, start inclusive, end exclusive) is
  // copied onto the update at release, so a later settings change does not
  // move emails already held.
  await sql`ALTER TABLE updates ADD COLUMN quiet_hours boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE updates ADD COLUMN daytime_start smallint CHECK (daytime_start BETWEEN 0 AND 23)`.execute(db);
  await sql`ALTER TABLE updates ADD COLUMN daytime_end smallint CHECK (daytime_end BETWEEN 1 AND 24 AND daytime_end > daytime_start)`.execute(db);
  // When a held delivery may be sent (NULL: at once). Releases insert held
  // deliveries in this order, so the claim checkpoint reaches them last.
  await sql`ALTER TABLE deliveries ADD COLUMN not_before timestamptz`.execute(db);
}
