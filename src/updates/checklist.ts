import type { Locale } from '../config.ts';
import type { DbOrTx } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { UpdateContent, UpdateWithRelations } from './model.ts';

export interface MissingElement {
  element: 'segments' | 'contact_point' | 'acknowledgement' | 'next_update' | 'content';
  message: string;
}

/**
 * Rule 1: an update carries a named person, an acknowledgement and the date of
 * the next update (or says it is the last one), and it must have an audience
 * and words to send. `sendAt` is when it would go out.
 */
export async function missingElements(db: DbOrTx, u: UpdateWithRelations, sendAt: Date = new Date()): Promise<MissingElement[]> {
  const missing: MissingElement[] = [];
  if (u.segmentIds.length === 0) missing.push({ element: 'segments', message: 'choose at least one segment to send to' });
  else {
    const live = await db.selectFrom('segments').select('id').where('id', 'in', u.segmentIds).where('archived_at', 'is', null).execute();
    if (live.length !== u.segmentIds.length) missing.push({ element: 'segments', message: 'a chosen segment was archived; choose the segments again' });
  }
  if (!u.contact_point_id) missing.push({ element: 'contact_point', message: 'name a contact person customers can reach' });
  else {
    const cp = await db.selectFrom('contact_points').select(['archived_at']).where('id', '=', u.contact_point_id).executeTakeFirst();
    if (!cp || cp.archived_at) missing.push({ element: 'contact_point', message: 'the chosen contact person was archived; choose another' });
  }
  if (!u.ack_kind || !u.ack_text.trim()) missing.push({ element: 'acknowledgement', message: 'write an apology, a thanks, or both' });
  if (!u.final) {
    if (!u.next_update_at) missing.push({ element: 'next_update', message: 'promise the date of the next update, or mark this update as final' });
    else if (u.next_update_at.getTime() <= sendAt.getTime()) {
      missing.push({ element: 'next_update', message: `the next-update date ${u.next_update_at.toISOString()} is not after the send time ${sendAt.toISOString()}` });
    }
  }
  const content = (u.content ?? {}) as UpdateContent;
  const main = content[u.default_locale as Locale];
  if (!main || !main.subject.trim() || !main.body.trim()) {
    missing.push({ element: 'content', message: `write a subject and a body in the default language (${u.default_locale})` });
  }
  for (const [locale, c] of Object.entries(content)) {
    if (c && (!c.subject.trim() !== !c.body.trim())) missing.push({ element: 'content', message: `the ${locale} version needs both a subject and a body` });
  }
  return missing;
}

/** Refuses a step of the workflow while the checklist is incomplete, naming every missing element. */
export function refuseMissing(missing: readonly MissingElement[], what: string): void {
  if (missing.length) {
    throw new AppError('validation_failed', `this update cannot be ${what} yet: ${missing.map((m) => m.message).join('; ')}`, missing);
  }
}
