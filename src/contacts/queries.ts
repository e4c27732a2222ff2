import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Contact } from '../db/types.ts';
import { decodeCursor, encodeCursor } from '../db/cursor.ts';
import { AppError } from '../errors.ts';

export interface ListContactsOptions {
  /** Case-insensitive substring of the email or the name. */
  q?: string | undefined;
  /** Keyset cursor: only contacts whose address sorts after this one (lower-cased). */
  afterEmail?: string | undefined;
  limit: number;
}

export interface ContactPage {
  contacts: Contact[];
  /** The lower-cased address to continue after, or null on the last page. */
  nextAfterEmail: string | null;
}

/** Escapes LIKE's metacharacters so the search text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/**
 * Contacts in alphabetical order of address, one page at a time (keyset),
 * optionally filtered by a search text. A person scans the list for an address;
 * the id order it had read as alphabetical anyway (an import adds each batch in
 * lock order, sorted by address) while the page said "in the order they were added".
 */
export async function listContacts(db: Db, opts: ListContactsOptions): Promise<ContactPage> {
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit)));
  // email_lower is unique (contacts_email_lower_key), so it alone is a keyset.
  let query = db.selectFrom('contacts').selectAll().orderBy('email_lower').limit(limit + 1);
  if (opts.afterEmail !== undefined) query = query.where('email_lower', '>', opts.afterEmail);
  const q = opts.q?.trim();
  if (q) {
    // The same expression as the trigram index contacts_search_trgm, so it is used.
    query = query.where(sql<boolean>`(email_lower || ' ' || lower(name)) LIKE '%' || lower(${escapeLike(q)}) || '%'`);
  }
  const rows = await query.execute();
  const more = rows.length > limit;
  const contacts = more ? rows.slice(0, limit) : rows;
  return { contacts, nextAfterEmail: more ? contacts[contacts.length - 1]!.email_lower : null };
}

export async function getContact(db: Db, id: number): Promise<Contact> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.localized('not_found', 'contacts.contactNotFound', { id: String(id) });
  return row;
}

export async function countContacts(db: Db): Promise<number> {
  const r = await db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The address a list cursor continues after; a cursor this list did not give out is refused (400 invalid_input). */
const afterEmailOf = (cursor: string | undefined): string | undefined => decodeCursor(cursor, { email: 'text' })?.email;

export interface ContactListing {
  contacts: Contact[];
  /** The opaque cursor of the next page, or null on the last page. */
  nextCursor: string | null;
  /** Whether this page continues from a cursor (is not the first page). */
  continued: boolean;
}

/** A page of contacts as the API and the page list them: after an opaque cursor, optionally searched. */
export async function contactListing(db: Db, opts: { q?: string | undefined; cursor?: string | undefined; limit: number }): Promise<ContactListing> {
  const afterEmail = afterEmailOf(opts.cursor);
  const page = await listContacts(db, { q: opts.q, afterEmail, limit: opts.limit });
  return { contacts: page.contacts, nextCursor: page.nextAfterEmail === null ? null : encodeCursor({ email: page.nextAfterEmail }), continued: afterEmail !== undefined };
}

/** The contacts page: a page of the listing and how many contacts there are in all. */
export async function contactsOverview(db: Db, opts: { q: string; cursor?: string | undefined; limit: number }): Promise<ContactListing & { total: number }> {
  const [listing, total] = await Promise.all([contactListing(db, opts), countContacts(db)]);
  return { ...listing, total };
}
