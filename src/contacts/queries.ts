import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Contact } from '../db/types.ts';
import { notFound } from '../errors.ts';

export interface ListContactsOptions {
  /** Case-insensitive substring of the email or the name. */
  q?: string | undefined;
  /** Keyset cursor: only contacts with a larger id. */
  afterId?: number | undefined;
  limit: number;
}

export interface ContactPage {
  contacts: Contact[];
  /** The id to continue after, or null on the last page. */
  nextAfterId: number | null;
}

/** Escapes LIKE's metacharacters so the search text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** Contacts in id order, one page at a time (keyset), optionally filtered by a search text. */
export async function listContacts(db: Db, opts: ListContactsOptions): Promise<ContactPage> {
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit)));
  let query = db.selectFrom('contacts').selectAll().orderBy('id').limit(limit + 1);
  if (opts.afterId !== undefined) query = query.where('id', '>', opts.afterId);
  const q = opts.q?.trim();
  if (q) {
    // The same expression as the trigram index contacts_search_trgm, so it is used.
    query = query.where(sql<boolean>`(email_lower || ' ' || lower(name)) LIKE '%' || lower(${escapeLike(q)}) || '%'`);
  }
  const rows = await query.execute();
  const more = rows.length > limit;
  const contacts = more ? rows.slice(0, limit) : rows;
  return { contacts, nextAfterId: more ? contacts[contacts.length - 1]!.id : null };
}

export async function getContact(db: Db, id: number): Promise<Contact> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`contact ${id}`);
  return row;
}

export async function countContacts(db: Db): Promise<number> {
  const r = await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
