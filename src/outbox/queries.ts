import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connection.ts';

export const OUTBOX_PAGE_SIZE = 50;

/** What an outbox message id may look like; anything else is no message of ours. */
export const MESSAGE_ID_RE = /^[A-Za-z0-9_-]{1,100}$/;

export interface OutboxListItem {
  id: string;
  to_address: string;
  subject: string;
  created_at: Date;
  test: boolean;
}

export interface OutboxPage {
  messages: OutboxListItem[];
  /** Older messages exist after the last one. */
  more: boolean;
}

/** One page of the outbox, newest first, starting after the message `before` (exclusive). */
export async function listOutbox(db: Db, before: string | undefined): Promise<OutboxPage> {
  let q = db.selectFrom('outbox_messages').select(['id', 'to_address', 'subject', 'created_at', 'test']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(OUTBOX_PAGE_SIZE + 1);
  // Keyset pagination: the position of the last message shown, compared exactly in the database.
  if (before) q = q.where(sql<SqlBool>`(created_at, id) < (SELECT o2.created_at, o2.id FROM outbox_messages o2 WHERE o2.id = ${before})`);
  const rows = await q.execute();
  return { messages: rows.slice(0, OUTBOX_PAGE_SIZE), more: rows.length > OUTBOX_PAGE_SIZE };
}

export async function findOutboxMessage(db: Db, id: string) {
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOutboxHtml(db: Db, id: string): Promise<string | undefined> {
  const m = await db.selectFrom('outbox_messages').select('html').where('id', '=', id).executeTakeFirst();
  return m?.html;
}
