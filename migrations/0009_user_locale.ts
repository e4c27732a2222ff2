import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The language of the emails tidings writes to staff (promise reminders).
  await sql`ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'nb', 'sv', 'nl', 'hu'))`.execute(db);
}
