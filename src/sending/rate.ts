import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/**
 * Slots are spaced a little wider than 1/rate: a provider counting requests in
 * a sliding window sees network jitter, and pacing at exactly the limit would
 * now and then cross it and cost a 429 and its retry-after.
 */
export const RATE_MARGIN = 0.97;

/**
 * One provider rate shared by every worker on every machine: each call reserves
 * the next free slot in a single row (slots 1/rate apart), then waits for it.
 * A 429 pushes the next slot past the provider's retry-after for everyone.
 */
export async function acquireSendSlot(db: Db, requestsPerSecond: number): Promise<void> {
  const interval = 1 / (requestsPerSecond * RATE_MARGIN);
  // After a pause the first request pays for a fresh connection and arrives
  // late, squeezing the provider's window against the next ones: the slot after
  // an idle start is set half an interval further out.
  const r = await sql<{ wait_ms: number }>`
    WITH cur AS (SELECT next_slot, clock_timestamp() AS now FROM rate_limits WHERE name = 'provider' FOR UPDATE)
    UPDATE rate_limits r
       SET next_slot = CASE WHEN cur.next_slot < cur.now THEN cur.now + make_interval(secs => ${interval * 1.5})
                            ELSE cur.next_slot + make_interval(secs => ${interval}) END
      FROM cur
     WHERE r.name = 'provider'
    RETURNING GREATEST(0, EXTRACT(EPOCH FROM (GREATEST(cur.next_slot, cur.now) - cur.now)) * 1000)::float8 AS wait_ms`.execute(db);
  const wait = r.rows[0]?.wait_ms ?? 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

export async function holdSendsFor(db: Db, seconds: number): Promise<void> {
  await sql`
    UPDATE rate_limits
       SET next_slot = GREATEST(next_slot, clock_timestamp() + make_interval(secs => ${seconds}))
     WHERE name = 'provider'`.execute(db);
}
