import { recordAudit, type Actor } from '../audit/log.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { PROVIDER_ACTOR } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';
import { bareAddress } from '../sending/reply-address.ts';

// Inbound mail no routed address matched: kept for an officer to read and settle, never dropped.

/**
 * Why mail was not matched: no recipient on the reply domain, an address on it
 * that is not a routed address, a routed address with a wrong signature, one
 * past its expiry, one for a delivery that does not exist, no reply domain set, or
 * a message the provider refused to give us for good (its answer in the payload).
 */
export type UnmatchedReason = 'no_routed_address' | 'unknown_address' | 'forged' | 'expired' | 'unknown_delivery' | 'contact_erased' | 'reply_domain_not_configured' | 'provider_refused';

export interface UnmatchedInput {
  id: string;
  to: string[];
  from: string;
  subject: string;
  payload: unknown;
}

/** Keeps mail tidings could not match for an officer (never dropped), once per inbound email, audited. */
export async function keepUnmatched(db: Db, m: UnmatchedInput, reason: UnmatchedReason, options: Stamp = {}): Promise<{ duplicate: false; matched: false; reason: UnmatchedReason }> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('inbound_unmatched')
      .values({
        provider_email_id: m.id,
        to_address: m.to.map((a) => bareAddress(a) ?? a).join(', ').slice(0, 2000),
        from_address: m.from.slice(0, 1000),
        subject: m.subject.slice(0, 1000),
        reason,
        payload: JSON.stringify(m.payload),
        ...stamped(options.now, 'received_at'),
      })
      .onConflict((oc) => oc.column('provider_email_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) {
      await recordAudit(tx, PROVIDER_ACTOR, {
        action: 'conversation.inbound_unmatched',
        subjectType: 'inbound_unmatched',
        subjectId: row.id,
        details: { providerEmailId: m.id, reason },
        at: options.now,
      });
    }
  });
  return { duplicate: false, matched: false, reason };
}

/** The mail still to deal with (or all of it), newest first. */
export function listUnmatched(db: Db, opts: { withHandled: boolean }) {
  let q = db.selectFrom('inbound_unmatched').selectAll().orderBy('received_at', 'desc').limit(200);
  if (!opts.withHandled) q = q.where('handled_at', 'is', null);
  return q.execute();
}

export type UnmatchedRow = Awaited<ReturnType<typeof listUnmatched>>[number];

/** Marks one unmatched message as dealt with, on the record; a message already dealt with is not found. */
export async function markUnmatchedHandled(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('inbound_unmatched').set({ handled_at: new Date(), handled_by: actor.userId }).where('id', '=', id).where('handled_at', 'is', null).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw AppError.localized('not_found', 'conversations.noUnmatchedWaiting', { id: String(id) });
    await recordAudit(tx, actor, { action: 'conversation.unmatched_handled', subjectType: 'inbound_unmatched', subjectId: id });
  });
}
