import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Per-language variants of what a customer reads around an update, keyed by
  // locale ({"nb": "…"}): a language without its own reads `title` / `role`.
  // (An update's acknowledgement per language lives in its `content`, beside
  // the subject and body it belongs with.)
  await sql`ALTER TABLE situations ADD COLUMN titles jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);
  await sql`ALTER TABLE contact_points ADD COLUMN roles jsonb NOT NULL DEFAULT '{}'::jsonb`.execute(db);
}
