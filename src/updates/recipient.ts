import { sql } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';
import type { Delivery, Situation } from '../db/types.ts';
import { deliveryTimelines, trackingEnabled, type TimelineEvent } from '../deliveries/events.ts';
import type { ReleaseSnapshot } from '../db/types.ts';
import { loadUpdate, type UpdateWithRelations } from './model.ts';

/** One recipient of one update: what was sent to them and every provider event since. */
export interface RecipientLookup {
  update: UpdateWithRelations;
  situation: Pick<Situation, 'id' | 'title'>;
  /** The email looked for, trimmed; empty when none was asked for. */
  email: string;
  /** Undefined when no email was asked for, or it was not among the recipients. */
  delivery: Delivery | undefined;
  events: TimelineEvent[];
  /** Whether opens and clicks are tracked (otherwise the events leave them out). */
  tracking: boolean;
  /** The contact point as the email named it at release, even if the person's details changed since. */
  contactPoint: ReleaseSnapshot['contactPoint'] | undefined;
}

export async function findRecipient(db: DbOrTx, updateId: number, emailAsked: string): Promise<RecipientLookup> {
  const update = await loadUpdate(db, updateId);
  const email = emailAsked.trim();
  const delivery = email
    ? await db
        .selectFrom('deliveries')
        .selectAll()
        .where('update_id', '=', updateId)
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst()
    : undefined;
  const tracking = await trackingEnabled(db);
  const situation = await db.selectFrom('situations').select(['id', 'title']).where('id', '=', update.situation_id).executeTakeFirstOrThrow();
  const contactPoint = (update.release_snapshot as ReleaseSnapshot | null)?.contactPoint;
  const events = delivery ? ((await deliveryTimelines(db, [delivery.id], { tracking })).get(delivery.id) ?? []) : [];
  return { update, situation, email, delivery, events, tracking, contactPoint };
}
