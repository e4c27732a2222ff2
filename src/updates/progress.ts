import type { Db } from '../db/connection.ts';
import { deliveryTimelines, type TimelineEvent } from '../deliveries/events.ts';
import { NOT_DELIVERED_STATUSES } from '../deliveries/state.ts';
import { heldForQuietHours, type Held } from '../sending/batches.ts';
import { loadUpdate, type UpdateWithRelations } from './model.ts';
import { deliveryCounts } from './workflow.ts';

export const RECIPIENT_LIST_LIMIT = 50;

/** Where the sending of an update stands: deliveries per status, and those held for quiet hours. */
export interface DeliveryState {
  counts: Record<string, number>;
  held: Held;
}

export async function deliveryState(db: Db, updateId: number): Promise<DeliveryState> {
  const [counts, held] = await Promise.all([deliveryCounts(db, updateId), heldForQuietHours(db, updateId)]);
  return { counts, held };
}

/** An update with where its sending stands, for the live progress numbers. */
export async function updateProgress(db: Db, updateId: number): Promise<DeliveryState & { update: UpdateWithRelations }> {
  const update = await loadUpdate(db, updateId);
  return { update, ...(await deliveryState(db, updateId)) };
}

export interface RecipientRow {
  id: number;
  email: string;
  name: string;
  status: string;
  reason: string | null;
  /** The provider's events for this recipient, in the order they happened. */
  events?: TimelineEvent[];
}

export interface ProblemRecipients {
  notDelivered: RecipientRow[];
  excluded: RecipientRow[];
}

/** The first recipients who did not get the email, with the reason: failures are shown, never hidden. */
export async function problemRecipients(db: Db, updateId: number): Promise<ProblemRecipients> {
  const q = (statuses: readonly string[]) =>
    db
      .selectFrom('deliveries')
      .select(['id', 'email', 'name', 'status', 'reason'])
      .where('update_id', '=', updateId)
      .where('status', 'in', statuses as string[] as ('failed' | 'excluded')[])
      .orderBy('id')
      .limit(RECIPIENT_LIST_LIMIT)
      .execute();
  const [notDelivered, excluded] = await Promise.all([q(NOT_DELIVERED_STATUSES), q(['excluded'])]);
  const timelines = await deliveryTimelines(db, notDelivered.map((r) => r.id));
  return { notDelivered: notDelivered.map((r) => ({ ...r, events: timelines.get(r.id) ?? [] })), excluded };
}
