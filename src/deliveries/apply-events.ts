import { sql } from 'kysely';
import { recordAuditGroup, type MemberInput } from '../audit/group.ts';
import { nowSql, type Stamp } from '../clock.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { DeliveryStatus } from '../db/types.ts';
import { addSuppression } from '../suppressions/queries.ts';
import { bareAddress, eventShape, PROVIDER_ACTOR, tagValue, trackingEnabled, type EventOutcome, type ProviderEvent } from './events.ts';
import { effectOf, rankOf, rankSql, type EventEffect } from './state.ts';

interface Parsed {
  event: ProviderEvent;
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  emailId: string | null;
  tagId: number | null;
  effect: EventEffect;
  delivery?: { id: number; email: string } | undefined;
}

type Row = { id: number; email: string; provider_id: string | null };

function parse(event: ProviderEvent): Parsed {
  const { type, createdAt, data } = eventShape(event.payload);
  const emailId = typeof data['email_id'] === 'string' ? data['email_id'] : null;
  const tag = tagValue(data['tags'], 'delivery_id');
  const isOutbound = type.startsWith('email.') && type !== 'email.received';
  return {
    event,
    type,
    data,
    occurredAt: createdAt ?? event.receivedAt ?? new Date(),
    emailId: isOutbound ? emailId : null,
    tagId: isOutbound && tag && /^\d{1,15}$/.test(tag) ? Number(tag) : null,
    effect: isOutbound ? effectOf(type, data) : { kind: 'none' },
  };
}

/**
 * The delivery an event is about: by its delivery_id tag (an event can arrive
 * before the send result, and with it the provider id, is stored) when the
 * provider id does not contradict it, else by the provider id.
 */
function matchOf(p: Parsed, byId: Map<number, Row>, byProvider: Map<string, Row>): Row | undefined {
  const tagged = p.tagId === null ? undefined : byId.get(p.tagId);
  if (tagged && (p.emailId === null || tagged.provider_id === null || tagged.provider_id === p.emailId)) return tagged;
  return p.emailId === null ? undefined : byProvider.get(p.emailId);
}

const max = (a: Date | undefined, b: Date): Date => (a && a > b ? a : b);
const min = (a: Date | undefined, b: Date): Date => (a && a < b ? a : b);

/**
 * Stores provider events and applies them, all in the caller's transaction, in
 * a fixed number of statements whatever their number: the event rows (once per
 * Svix id: a redelivery, here or in an earlier batch, changes nothing), each
 * delivery's state (only ever forward, by rank, so events in any order settle
 * on the same state), opens and clicks when tracking is on, a suppression for a
 * hard bounce or a complaint, and the record: one member per stored event, in
 * one group whose root goes on the chain (src/audit/group.ts). Returns each
 * event's outcome in order; a delivery's status is the one after the batch.
 */
export async function applyProviderEvents(tx: DbOrTx, events: ProviderEvent[]): Promise<EventOutcome[]> {
  const parsed = events.map(parse);
  const tagIds = [...new Set(parsed.flatMap((p) => (p.tagId === null ? [] : [p.tagId])))];
  const emailIds = [...new Set(parsed.flatMap((p) => (p.emailId === null ? [] : [p.emailId])))];
  const byId = new Map<number, Row>();
  const byProvider = new Map<string, Row>();
  if (tagIds.length) for (const r of await tx.selectFrom('deliveries').select(['id', 'email', 'provider_id']).where('id', 'in', tagIds).execute()) byId.set(r.id, r);
  if (emailIds.length) for (const r of await tx.selectFrom('deliveries').select(['id', 'email', 'provider_id']).where('provider_id', 'in', emailIds).execute()) byProvider.set(r.provider_id!, r);
  for (const p of parsed) {
    const d = matchOf(p, byId, byProvider);
    if (d) p.delivery = { id: d.id, email: d.email };
  }

  // The event rows: the first of each id in this batch; the database keeps out those stored before.
  const firsts = new Map<string, Parsed>();
  for (const p of parsed) if (!firsts.has(p.event.id)) firsts.set(p.event.id, p);
  // In id order, so two batches inserting the same ids (a replay racing its original) wait for each other in one order, never in a cycle.
  const rows = [...firsts.values()].sort((a, b) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
  const inserted = await sql<{ provider_event_id: string }>`
    INSERT INTO delivery_events (provider_event_id, type, provider_email_id, delivery_id, occurred_at, payload, received_at)
    SELECT e.id, e.type, e.email_id, e.delivery_id, e.occurred_at, e.payload::jsonb, COALESCE(e.received_at, now())
      FROM unnest(${rows.map((p) => p.event.id)}::text[], ${rows.map((p) => p.type)}::text[],
                  ${rows.map((p) => (typeof p.data['email_id'] === 'string' ? p.data['email_id'] : null))}::text[],
                  ${rows.map((p) => p.delivery?.id ?? null)}::bigint[], ${rows.map((p) => p.occurredAt)}::timestamptz[],
                  ${rows.map((p) => JSON.stringify(p.event.payload))}::text[], ${rows.map((p) => p.event.receivedAt ?? null)}::timestamptz[])
           AS e(id, type, email_id, delivery_id, occurred_at, payload, received_at)
    ON CONFLICT (provider_event_id) DO NOTHING
    RETURNING provider_event_id`.execute(tx);
  const stored = new Set(inserted.rows.map((r) => r.provider_event_id));
  const fresh = [...firsts.values()].filter((p) => stored.has(p.event.id));
  const stamp = fresh.reduce<Date | undefined>((at, p) => (p.event.receivedAt ? max(at, p.event.receivedAt) : at), undefined);

  // Per delivery: the highest-ranked state among its new events (the first of equals), and the times.
  const states = new Map<number, { p: Parsed; rank: number; last: Date }>();
  const tracked = new Map<number, { opened?: Date; clicked?: Date; last: Date }>();
  for (const p of fresh) {
    if (!p.delivery) continue;
    const id = p.delivery.id;
    if (p.effect.kind === 'state') {
      const rank = rankOf(p.effect.state)!;
      const s = states.get(id);
      if (!s) states.set(id, { p, rank, last: p.occurredAt });
      else {
        s.last = max(s.last, p.occurredAt);
        if (rank > s.rank) Object.assign(s, { p, rank });
      }
    } else if (p.effect.kind === 'opened' || p.effect.kind === 'clicked') {
      const s = tracked.get(id) ?? { last: p.occurredAt };
      s.last = max(s.last, p.occurredAt);
      s[p.effect.kind] = min(s[p.effect.kind], p.occurredAt);
      tracked.set(id, s);
    }
  }
  const tracking = tracked.size > 0 && (await trackingEnabled(tx));
  const touched = [...new Set([...states.keys(), ...(tracking ? tracked.keys() : [])])].sort((a, b) => a - b);
  const statusOf = new Map<number, DeliveryStatus>();
  if (touched.length) {
    // Row locks in id order, so two batches touching the same deliveries cannot deadlock over them.
    await sql`SELECT id FROM deliveries WHERE id = ANY(${touched}::bigint[]) ORDER BY id FOR UPDATE`.execute(tx);
  }
  if (states.size) {
    const list = [...states.entries()];
    const eff = (s: { p: Parsed }) => s.p.effect as Extract<EventEffect, { kind: 'state' }>;
    const current = rankSql(sql.ref('d.status'), sql.ref('d.bounce_type'));
    const advance = sql<boolean>`(${current} < v.rank)`;
    const updated = await sql<{ id: number; status: DeliveryStatus }>`
      UPDATE deliveries d
         SET status = CASE WHEN ${advance} THEN v.status ELSE d.status END,
             bounce_type = CASE WHEN ${advance} THEN v.bounce_type ELSE d.bounce_type END,
             reason = CASE WHEN ${advance} THEN v.reason ELSE d.reason END,
             last_event_at = GREATEST(d.last_event_at, v.last_at),
             updated_at = ${nowSql(stamp)}
        FROM unnest(${list.map(([id]) => id)}::bigint[], ${list.map(([, s]) => s.rank)}::int[], ${list.map(([, s]) => eff(s).state.status)}::text[],
                    ${list.map(([, s]) => eff(s).state.bounceType)}::text[], ${list.map(([, s]) => eff(s).reason)}::text[], ${list.map(([, s]) => s.last)}::timestamptz[])
             AS v(id, rank, status, bounce_type, reason, last_at)
       WHERE d.id = v.id AND d.status <> 'excluded'
      RETURNING d.id, d.status`.execute(tx);
    for (const r of updated.rows) statusOf.set(Number(r.id), r.status);
  }
  if (tracking) {
    const list = [...tracked.entries()];
    await sql`
      UPDATE deliveries d
         SET opened_at = CASE WHEN v.opened IS NULL THEN d.opened_at ELSE LEAST(COALESCE(d.opened_at, v.opened), v.opened) END,
             clicked_at = CASE WHEN v.clicked IS NULL THEN d.clicked_at ELSE LEAST(COALESCE(d.clicked_at, v.clicked), v.clicked) END,
             last_event_at = GREATEST(d.last_event_at, v.last_at), updated_at = ${nowSql(stamp)}
        FROM unnest(${list.map(([id]) => id)}::bigint[], ${list.map(([, s]) => s.opened ?? null)}::timestamptz[],
                    ${list.map(([, s]) => s.clicked ?? null)}::timestamptz[], ${list.map(([, s]) => s.last)}::timestamptz[])
             AS v(id, opened, clicked, last_at)
       WHERE d.id = v.id`.execute(tx);
  }

  // Suppressions: rare (a hard bounce, a complaint), one statement each.
  const suppressed = new Map<string, string>();
  for (const p of fresh) {
    if (p.effect.kind !== 'state' || !p.effect.suppress) continue;
    const to = p.data['to'];
    const address = p.delivery?.email.toLowerCase() ?? (Array.isArray(to) ? bareAddress(to[0]) : bareAddress(to));
    if (address && (await addSuppression(tx, address, p.effect.suppress, p.event.id, p.event.receivedAt))) suppressed.set(p.event.id, address);
  }

  const members: MemberInput[] = fresh.map((p) => ({
    actor: PROVIDER_ACTOR,
    action: 'delivery.event',
    subjectType: 'delivery_event',
    subjectId: p.event.id,
    details: { eventId: p.event.id, type: p.type, deliveryId: p.delivery?.id ?? null, ...(suppressed.has(p.event.id) ? { suppressed: true } : {}) },
    at: p.event.receivedAt,
  }));
  await recordAuditGroup(tx, members, { at: stamp });

  return parsed.map((p) => {
    const isNew = firsts.get(p.event.id) === p && stored.has(p.event.id);
    const deliveryId = p.delivery?.id ?? null;
    if (!isNew) return { duplicate: true, type: p.type, deliveryId, status: null, suppressed: null };
    const status = deliveryId !== null && p.effect.kind === 'state' ? (statusOf.get(deliveryId) ?? 'excluded') : null;
    return { duplicate: false, type: p.type, deliveryId, status, suppressed: suppressed.get(p.event.id) ?? null };
  });
}

/**
 * Stores one provider event and applies it, in one transaction: the event row
 * (once per Svix id: a redelivery changes nothing), the delivery's state (only
 * ever forward), a suppression for a hard bounce or a complaint, and its record
 * (src/deliveries/apply-events.ts, which does the same for many at once).
 * `now` is when the event is received (src/clock.ts).
 */
export function recordProviderEvent(db: Db, event: ProviderEvent, options: Stamp = {}): Promise<EventOutcome> {
  return db.transaction().execute((tx) => applyProviderEvent(tx, event, options));
}

/** The body of recordProviderEvent, inside a transaction the caller owns. */
export async function applyProviderEvent(tx: DbOrTx, event: ProviderEvent, options: Stamp = {}): Promise<EventOutcome> {
  const [outcome] = await applyProviderEvents(tx, [options.now ? { ...event, receivedAt: options.now } : event]);
  return outcome!;
}
