import { getSetting } from '../settings/queries.ts';
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import { nowSql, stamped, type Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { DeliveryStatus } from '../db/types.ts';
import { addSuppression } from '../suppressions/queries.ts';
import { effectOf, rankOf, rankSql } from './state.ts';

export const PROVIDER_ACTOR: Actor = { kind: 'provider', userId: null, label: 'provider resend' };

/** A verified provider event: its Svix id and the parsed payload `{ type, created_at, data }`. */
export interface ProviderEvent {
  id: string;
  payload: unknown;
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
function tagValue(tags: unknown, name: string): string | undefined {
  if (Array.isArray(tags)) {
    const t = tags.find((x) => isObject(x) && x['name'] === name) as Record<string, unknown> | undefined;
    return typeof t?.['value'] === 'string' ? t['value'] : undefined;
  }
  if (isObject(tags)) return typeof tags[name] === 'string' ? (tags[name] as string) : undefined;
  return undefined;
}

function bareAddress(v: unknown): string | null {
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

/**
 * Stores one provider event and applies it, in one transaction: the event row
 * (once per Svix id: a redelivery changes nothing), the delivery's state (only
 * ever forward, by rank, in a single UPDATE so concurrent events for the same
 * delivery cannot regress it), a suppression for a hard bounce or a complaint,
 * and the audit entry.
 */
export function recordProviderEvent(db: Db, event: ProviderEvent, options: Stamp = {}): Promise<EventOutcome> {
  return db.transaction().execute((tx) => applyProviderEvent(tx, event, options));
}

/**
 * The body of recordProviderEvent, inside a transaction the caller owns (one
 * event, or a batch of them). `now` is when the event is received (src/clock.ts).
 */
export async function applyProviderEvent(tx: DbOrTx, event: ProviderEvent, options: Stamp = {}): Promise<EventOutcome> {
  const { type, createdAt, data } = eventShape(event.payload);
  const occurredAt = createdAt ?? options.now ?? new Date();
  const emailId = typeof data['email_id'] === 'string' ? data['email_id'] : null;
  const tag = tagValue(data['tags'], 'delivery_id');
  const tagId = tag && /^\d{1,15}$/.test(tag) ? Number(tag) : null;
  const isOutbound = type.startsWith('email.') && type !== 'email.received';

  // Match: the delivery_id tag (an event can arrive before the send result,
  // and with it the provider id, is stored), else the provider id.
  let delivery: { id: number; email: string } | undefined;
  if (isOutbound && (tagId !== null || emailId !== null)) {
    delivery = await tx
      .selectFrom('deliveries')
      .select(['id', 'email'])
      .where((eb) => {
        const byTag = tagId === null ? null : eb.and([eb('id', '=', tagId), emailId === null ? eb.lit(true) : eb.or([eb('provider_id', 'is', null), eb('provider_id', '=', emailId)])]);
        const byProvider = emailId === null ? null : eb('provider_id', '=', emailId);
        return eb.or([byTag, byProvider].filter((x) => x !== null));
      })
      .orderBy(sql`(id = ${tagId ?? -1})`, 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  const inserted = await tx
    .insertInto('delivery_events')
    .values({
      provider_event_id: event.id,
      type,
      provider_email_id: emailId,
      delivery_id: delivery?.id ?? null,
      occurred_at: occurredAt,
      payload: JSON.stringify(event.payload),
      ...stamped(options.now, 'received_at'),
    })
    .onConflict((oc) => oc.column('provider_event_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { duplicate: true, type, deliveryId: delivery?.id ?? null, status: null, suppressed: null };

  const effect = isOutbound ? effectOf(type, data) : ({ kind: 'none' } as const);
  let status: DeliveryStatus | null = null;
  let suppressed: string | null = null;

  if (delivery && effect.kind === 'state') {
    const to = rankOf(effect.state)!;
    const current = rankSql(sql.ref('d.status'), sql.ref('d.bounce_type'));
    const advance = sql<boolean>`(${current} < ${to})`;
    const row = await sql<{ status: DeliveryStatus }>`
      UPDATE deliveries d
         SET status = CASE WHEN ${advance} THEN ${effect.state.status} ELSE d.status END,
             bounce_type = CASE WHEN ${advance} THEN ${effect.state.bounceType}::text ELSE d.bounce_type END,
             reason = CASE WHEN ${advance} THEN ${effect.reason}::text ELSE d.reason END,
             last_event_at = GREATEST(d.last_event_at, ${occurredAt}::timestamptz),
             updated_at = ${nowSql(options.now)}
       WHERE d.id = ${delivery.id} AND d.status <> 'excluded'
      RETURNING d.status`.execute(tx);
    status = row.rows[0]?.status ?? 'excluded';
  } else if (delivery && (effect.kind === 'opened' || effect.kind === 'clicked')) {
    if (await trackingEnabled(tx)) {
      const column = effect.kind === 'opened' ? sql.ref('opened_at') : sql.ref('clicked_at');
      await sql`
        UPDATE deliveries SET ${column} = LEAST(COALESCE(${column}, ${occurredAt}::timestamptz), ${occurredAt}::timestamptz),
               last_event_at = GREATEST(last_event_at, ${occurredAt}::timestamptz), updated_at = ${nowSql(options.now)}
         WHERE id = ${delivery.id}`.execute(tx);
    }
  }

  if (effect.kind === 'state' && effect.suppress) {
    const address = delivery?.email.toLowerCase() ?? (Array.isArray(data['to']) ? bareAddress(data['to'][0]) : bareAddress(data['to']));
    if (address && (await addSuppression(tx, address, effect.suppress, event.id, options.now))) suppressed = address;
  }

  await recordAudit(tx, PROVIDER_ACTOR, {
    action: 'delivery.event',
    subjectType: delivery ? 'delivery' : 'delivery_event',
    subjectId: delivery?.id ?? event.id,
    details: { eventId: event.id, type, deliveryId: delivery?.id ?? null, ...(suppressed ? { suppressed: true } : {}) },
    at: options.now,
  });
  return { duplicate: false, type, deliveryId: delivery?.id ?? null, status, suppressed };
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
