import { sql, type RawBuilder } from 'kysely';
import { nowSql } from '../clock.ts';
import type { DbOrTx } from '../db/connection.ts';
import type { Candidate } from './import-rows.ts';

/*
 * The set-based upsert of one batch: every row in one statement, keyed on the
 * case-insensitive email.
 *
 * Concurrency: the batch locks its rows in one order (sorted by lower-cased
 * email), so two imports that overlap cannot deadlock, and attributes are
 * merged in SQL (`contacts.attributes || EXCLUDED.attributes`) on the locked,
 * latest row version, so two imports setting different attributes on the same
 * contact both survive.
 */

export interface UpsertCounts {
  created: number;
  updated: number;
}

/** Upserts a batch (sorting it into lock order); run it inside the batch's transaction. */
export async function upsertContacts(tx: DbOrTx, batch: Candidate[], now?: Date): Promise<UpsertCounts> {
  // One lock order for every import: overlapping imports wait, never deadlock.
  batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO contacts (email, name, locale, timezone, attributes, created_at, updated_at)
    SELECT s.email, s.name, s.locale, s.timezone, s.attributes, ${nowSql(now)}, ${nowSql(now)}
    FROM unnest(
      ${batch.map((c) => c.email)}::text[],
      ${batch.map((c) => c.name)}::text[],
      ${batch.map((c) => c.locale ?? 'en')}::text[],
      ${batch.map((c) => c.timezone ?? 'UTC')}::text[],
      ${batch.map((c) => JSON.stringify(c.attributes))}::jsonb[]
    ) WITH ORDINALITY AS s(email, name, locale, timezone, attributes, ord)
    ORDER BY s.ord
    ON CONFLICT (email_lower) DO UPDATE SET
      name = CASE WHEN EXCLUDED.name <> '' THEN EXCLUDED.name ELSE contacts.name END,
      locale = ${keepUnlessGiven('locale', batch, (c) => c.locale !== null)},
      timezone = ${keepUnlessGiven('timezone', batch, (c) => c.timezone !== null)},
      attributes = contacts.attributes || EXCLUDED.attributes,
      updated_at = ${nowSql(now)}
    RETURNING (xmax = 0) AS inserted`.execute(tx);
  let created = 0;
  for (const r of result.rows) if (r.inserted) created++;
  return { created, updated: result.rows.length - created };
}

/**
 * The SET expression for locale/timezone: the file's value where it gave one,
 * the contact's own where the cell was empty. EXCLUDED holds only table columns,
 * so "was it given" travels as the set of emails whose cell was empty.
 */
function keepUnlessGiven(column: 'locale' | 'timezone', batch: Candidate[], given: (c: Candidate) => boolean): RawBuilder<unknown> {
  const col = sql.ref(column);
  const missing = batch.filter((c) => !given(c)).map((c) => c.key);
  if (missing.length === 0) return sql`EXCLUDED.${col}`;
  if (missing.length === batch.length) return sql`contacts.${col}`;
  return sql`CASE WHEN lower(EXCLUDED.email) IN (SELECT unnest(${missing}::text[])) THEN contacts.${col} ELSE EXCLUDED.${col} END`;
}
