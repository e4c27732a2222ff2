import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';

/** Delivery statuses that mean the message never left for the recipient. */
export const NOT_LEFT = ['excluded', 'failed', 'queued', 'suppressed'] as const;

export function notLeftList(): RawBuilder<unknown> {
  return sql.join(NOT_LEFT.map((s) => sql.lit(s)));
}

/**
 * Later updates of the promising update's situation, sent after it and by
 * `cutoff`. An update held for quiet hours counts from its release: the team
 * wrote on time, and each customer's copy waits only for their morning (the
 * promise date accounts for quiet hours).
 */
export function laterUpdates(updateId: number, cutoff: Date): RawBuilder<unknown> {
  return sql`
    SELECT u2.id, u2.final, CASE WHEN u2.quiet_hours THEN u2.released_at ELSE u2.sent_at END AS sent_at FROM updates u2, updates u1
     WHERE u1.id = ${updateId} AND u2.situation_id = u1.situation_id AND u2.id <> u1.id
       AND (   (u2.status = 'sent' AND u2.sent_at IS NOT NULL AND u2.sent_at > u1.sent_at AND u2.sent_at <= ${cutoff})
            OR (u2.quiet_hours AND u2.status IN ('sending', 'sent') AND u2.released_at > u1.sent_at AND u2.released_at <= ${cutoff}))`;
}

/**
 * A later update's delivery reached its recipient: it left, or it waits only
 * for quiet hours to end, or the customer had asked not to be written to by
 * then (unsubscribed, or an address that bounced or complained: excluded with
 * that reason). The team wrote to everyone it may still write to; a customer's
 * own choice to stop the emails does not break the promise made to them.
 */
const REACHED = sql`(d2.status NOT IN (${notLeftList()}) OR (d2.status = 'queued' AND d2.not_before IS NOT NULL) OR d2.status = 'excluded')`;

/**
 * How many of the recipients promised by `updateId` a later update of the same
 * situation reached by `cutoff` (the due date, or earlier for a reminder's
 * "so far"). Depends only on what was sent by then, so asking again gives the same count.
 */
export async function reachedBy(db: DbOrTx, updateId: number, cutoff: Date): Promise<number> {
  const r = await sql<{ reached: number }>`
    WITH later AS (${laterUpdates(updateId, cutoff)})
    SELECT count(DISTINCT d1.contact_id)::int AS reached FROM deliveries d1
     WHERE d1.update_id = ${updateId} AND d1.status NOT IN (${notLeftList()})
       AND EXISTS (SELECT 1 FROM deliveries d2 JOIN later l ON l.id = d2.update_id
                    WHERE d2.contact_id = d1.contact_id AND ${REACHED})`.execute(db);
  return Number(r.rows[0]?.reached ?? 0);
}

