import type { Db } from '../../src/db/connection.ts';

/** Ana (eligible gold), Ben (gold, suppressed after a bounce), Cy (silver, unsubscribed). */
export async function seedBuilderContacts(db: Db): Promise<void> {
  await db
    .insertInto('contacts')
    .values([
      { email: 'ana@example.org', name: 'Ana', locale: 'nb', attributes: JSON.stringify({ refund_claim: 100, tier: 'gold' }) },
      { email: 'ben@example.org', name: 'Ben', locale: 'sv', attributes: JSON.stringify({ refund_claim: 0, tier: 'gold' }) },
      { email: 'cy@example.org', name: 'Cy', locale: 'en', attributes: JSON.stringify({ refund_claim: 7, tier: 'silver' }), unsubscribed_at: new Date() },
    ])
    .execute();
  await db.insertInto('suppressions').values({ email_lower: 'ben@example.org', reason: 'bounced' }).execute();
}
