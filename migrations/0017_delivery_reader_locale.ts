import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // deliveries.locale is the language of the content a customer received (their
  // own, or the update's default when it had no version in theirs); the email
  // around it (greeting, labels, the promise, the links) is in the customer's
  // own language, kept here at release so a retry renders the same message.
  // Rows from before read their content locale for both, as they were sent.
  await sql`ALTER TABLE deliveries ADD COLUMN reader_locale text`.execute(db);
}
