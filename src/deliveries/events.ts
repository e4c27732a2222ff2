import { getSetting } from '../settings/queries.ts';
import type { Actor } from '../audit/log.ts';
import type { Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { DeliveryStatus } from '../db/types.ts';

export const PROVIDER_ACTOR: Actor = { kind: 'provider', userId: null, label: 'provider resend' };

/** A verified provider event: its Svix id and the parsed payload `{ type, created_at, data }`. */
export interface ProviderEvent {
  id: string;
  payload: unknown;
  /** When it was received, if not now: a story replayed in order (src/demo/) stamps each event with its own time. */
  receivedAt?: Date | undefined;
}

export interface EventOutcome {
  /** The event id was seen before: nothing was changed. */
  duplicate: boolean;
  type: string;
  deliveryId: number | null;
  /** The delivery's status after the event (null when no delivery matched). */
  status: DeliveryStatus | null;
  /** An address added to the suppression list by this event. */
  suppressed: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Tags arrive as an object (Resend's webhook shape); an array of { name, value } is accepted too. */
export function tagValue(tags: unknown, name: string): string | undefined {
  if (Array.isArray(tags)) {
    const t = tags.find((x) => isObject(x) && x['name'] === name) as Record<string, unknown> | undefined;
    return typeof t?.['value'] === 'string' ? t['value'] : undefined;
  }
  if (isObject(tags)) return typeof tags[name] === 'string' ? (tags[name] as string) : undefined;
  return undefined;
}

export function bareAddress(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(v);
  const a = (m ? m[1]! : v).trim().toLowerCase();
  return a.includes('@') ? a : null;
}

function timeOf(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Reads the organisation's tracking setting (opens and clicks), off unless turned on. */
export async function trackingEnabled(db: DbOrTx): Promise<boolean> {
  return (await getSetting(db, 'tracking')) === true;
}

/** Checks the parsed payload has the shape every Resend event has; throws a message otherwise. */
export function eventShape(payload: unknown): { type: string; createdAt: Date | null; data: Record<string, unknown> } {
  if (!isObject(payload)) throw new Error('the event is not a JSON object');
  const type = payload['type'];
  if (typeof type !== 'string' || !type || type.length > 100) throw new Error('the event has no type');
  const data = payload['data'];
  if (data !== undefined && !isObject(data)) throw new Error('the event data is not an object');
  return { type, createdAt: timeOf(payload['created_at']), data: data ?? {} };
}

/** An inbound email (`email.received`): handled by src/conversations/inbound.ts, not here. */
export function isInboundEvent(event: ProviderEvent): boolean {
  return eventShape(event.payload).type === 'email.received';
}

export interface TimelineEvent {
  deliveryId: number;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
}

/** The events of some deliveries in the order they happened (opens and clicks only when tracking is on). */
export async function deliveryTimelines(db: DbOrTx, deliveryIds: number[], options: { tracking?: boolean } = {}): Promise<Map<number, TimelineEvent[]>> {
  const out = new Map<number, TimelineEvent[]>();
  if (deliveryIds.length === 0) return out;
  const tracking = options.tracking ?? (await trackingEnabled(db));
  let q = db
    .selectFrom('delivery_events')
    .select(['delivery_id', 'type', 'occurred_at', 'received_at'])
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('delivery_id')
    .orderBy('occurred_at')
    .orderBy('id');
  if (!tracking) q = q.where('type', 'not in', ['email.opened', 'email.clicked']);
  for (const r of await q.execute()) {
    const list = out.get(r.delivery_id!) ?? [];
    list.push({ deliveryId: r.delivery_id!, type: r.type, occurredAt: r.occurred_at, receivedAt: r.received_at });
    out.set(r.delivery_id!, list);
  }
  return out;
}
