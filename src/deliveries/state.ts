import { sql, type RawBuilder } from 'kysely';
import type { DeliveryStatus } from '../db/types.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';

/**
 * The delivery state machine, driven by provider events that may arrive in any
 * order, more than once, or before the send result is stored.
 *
 * Every state a provider event can set has a rank, and an event only ever moves a
 * delivery to a HIGHER rank. The ranks form a total order, so the final state is
 * the maximum of the events seen: the same whatever order they came in.
 *
 *   queued 0 < sent 10 < delivery_delayed 20 < delivered 30
 *     < failed 40 < suppressed 50 < bounced (soft) 60 < bounced (hard) 70 < complained 80
 *
 * Decisions:
 * - delivery_delayed is progress after sent; a later delivered settles it.
 * - A bounce or a complaint overrides delivered: bounces can be asynchronous
 *   (the receiving server accepted and then returned the mail), and a complaint
 *   always comes after delivery. Both matter more to the sender than "delivered".
 * - The final outcomes are ordered too (failed < suppressed < soft bounce <
 *   hard bounce < complaint) so two of them still settle the same either way:
 *   the most consequential one wins (a complaint, then a hard bounce, which add a
 *   suppression, are never hidden behind a softer outcome).
 * - 'excluded' deliveries were never handed over; events never change them.
 * - Opens and clicks never change the status (they only set opened_at/clicked_at,
 *   and only when tracking is on).
 */
export type BounceType = 'hard' | 'soft';

export interface DeliveryState {
  status: DeliveryStatus;
  bounceType: BounceType | null;
}

/** What one provider event means for a delivery. */
export type EventEffect =
  | { kind: 'state'; state: DeliveryState; reason: string | null; suppress: 'bounced' | 'complained' | null }
  | { kind: 'opened' }
  | { kind: 'clicked' }
  | { kind: 'none' };

export const RANK = {
  queued: 0,
  sent: 10,
  delivery_delayed: 20,
  delivered: 30,
  failed: 40,
  suppressed: 50,
  bounced_soft: 60,
  bounced_hard: 70,
  complained: 80,
} as const;

/** The rank of a state; null for 'excluded', which events never touch. */
export function rankOf(s: DeliveryState): number | null {
  switch (s.status) {
    case 'excluded':
      return null;
    case 'bounced':
      return s.bounceType === 'hard' ? RANK.bounced_hard : RANK.bounced_soft;
    default:
      return RANK[s.status];
  }
}

/** The state after applying an event's state to the current one (pure; the SQL in rankSql does the same). */
export function applyState(current: DeliveryState, next: DeliveryState): DeliveryState {
  const from = rankOf(current);
  const to = rankOf(next);
  if (from === null || to === null) return current;
  return to > from ? next : current;
}

/** The same ranking as rankOf, as a SQL expression over a deliveries row (alias d). */
export function rankSql(status: RawBuilder<unknown>, bounceType: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(CASE ${status}
    WHEN 'queued' THEN ${sql.lit(RANK.queued)}
    WHEN 'sent' THEN ${sql.lit(RANK.sent)}
    WHEN 'delivery_delayed' THEN ${sql.lit(RANK.delivery_delayed)}
    WHEN 'delivered' THEN ${sql.lit(RANK.delivered)}
    WHEN 'failed' THEN ${sql.lit(RANK.failed)}
    WHEN 'suppressed' THEN ${sql.lit(RANK.suppressed)}
    WHEN 'bounced' THEN (CASE WHEN ${bounceType} = 'hard' THEN ${sql.lit(RANK.bounced_hard)} ELSE ${sql.lit(RANK.bounced_soft)} END)
    WHEN 'complained' THEN ${sql.lit(RANK.complained)}
    ELSE NULL END)`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 500) : null);

/**
 * Reads a Resend bounce type: 'Permanent' is a hard bounce; 'Transient' and
 * 'Undetermined' (or anything else) are soft, so an address is only suppressed
 * when the provider is sure it will never accept mail.
 */
export function bounceTypeOf(bounce: unknown): BounceType {
  const type = bounce && typeof bounce === 'object' ? (bounce as { type?: unknown }).type : undefined;
  return typeof type === 'string' && type.toLowerCase() === 'permanent' ? 'hard' : 'soft';
}

/** What a Resend event type (with its data) does to a delivery. Unknown types do nothing. */
export function effectOf(type: string, data: Record<string, unknown>): EventEffect {
  const state = (status: DeliveryStatus, reason: string | null = null, bounceType: BounceType | null = null, suppress: 'bounced' | 'complained' | null = null): EventEffect => ({
    kind: 'state',
    state: { status, bounceType },
    reason,
    suppress,
  });
  switch (type) {
    case 'email.sent':
      return state('sent');
    case 'email.delivery_delayed':
      return state('delivery_delayed');
    case 'email.delivered':
      return state('delivered');
    case 'email.bounced': {
      const bounce = data['bounce'] as Record<string, unknown> | undefined;
      const bt = bounceTypeOf(bounce);
      const reason = [bt === 'hard' ? 'hard bounce' : 'soft bounce', str(bounce?.['message'])].filter(Boolean).join(': ');
      return state('bounced', reason, bt, bt === 'hard' ? 'bounced' : null);
    }
    case 'email.complained':
      return state('complained', 'the customer marked it as spam', null, 'complained');
    case 'email.failed':
      return state('failed', str((data['failed'] as Record<string, unknown> | undefined)?.['reason']) ?? 'the provider could not send it');
    case 'email.suppressed':
      return state('suppressed', str((data['suppressed'] as Record<string, unknown> | undefined)?.['message']) ?? 'on the provider suppression list');
    case 'email.opened':
      return { kind: 'opened' };
    case 'email.clicked':
      return { kind: 'clicked' };
    default:
      return { kind: 'none' };
  }
}

/** Delivery statuses in the order a sending moves through them. */
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'delivery_delayed', 'bounced', 'complained', 'failed', 'suppressed', 'excluded'] as const;
/*
 * The outcome vocabulary: the one set of words and counts every page uses for
 * where an update's deliveries stand (the situation's timeline, the update's
 * progress, the history's state filter).
 * - sent: handed over to the provider, whatever it reported since;
 * - delivered: the provider says the receiving server took it;
 * - not delivered: bounced, marked as spam, failed or suppressed by the
 *   provider, always shown with that breakdown (a bounced or complained email
 *   was handed over, so it counts as sent too);
 * - excluded: never handed over (suppressed, unsubscribed or without an address
 *   at release).
 */
export const HANDED_OVER_STATUSES = ['sent', 'delivery_delayed', 'delivered', 'bounced', 'complained'] as const;
export const NOT_DELIVERED_STATUSES = ['bounced', 'complained', 'failed', 'suppressed'] as const;
/** The history's state filter: one delivery state, or every state of "not delivered". */
export const NOT_DELIVERED = 'not_delivered';
export const STATUS_FILTERS = [NOT_DELIVERED, ...DELIVERY_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** How each state of "not delivered" reads in its breakdown ("2 bounced, 1 marked as spam"). */
const BREAKDOWN_KEYS = {
  bounced: 'deliveries.partBounced',
  complained: 'deliveries.partComplained',
  failed: 'deliveries.partFailed',
  suppressed: 'deliveries.partSuppressed',
} as const satisfies Record<(typeof NOT_DELIVERED_STATUSES)[number], MessageKey>;

export interface Outcome {
  total: number;
  queued: number;
  handedOver: number;
  delivered: number;
  notDelivered: number;
  excluded: number;
  /** Not delivered per state, in the order of NOT_DELIVERED_STATUSES. */
  breakdown: { status: (typeof NOT_DELIVERED_STATUSES)[number]; count: number }[];
}

/** The outcome of an update from its deliveries per state. */
export function outcomeOf(counts: Record<string, number>): Outcome {
  const n = (k: string) => counts[k] ?? 0;
  const sum = (ks: readonly string[]) => ks.reduce((total, k) => total + n(k), 0);
  return {
    total: sum(DELIVERY_STATUSES),
    queued: n('queued'),
    handedOver: sum(HANDED_OVER_STATUSES),
    delivered: n('delivered'),
    notDelivered: sum(NOT_DELIVERED_STATUSES),
    excluded: n('excluded'),
    breakdown: NOT_DELIVERED_STATUSES.map((status) => ({ status, count: n(status) })),
  };
}

/** "3 not delivered (2 bounced, 1 marked as spam)", or "0 not delivered", in the reader's language. */
export function notDeliveredText(o: Outcome): string {
  const parts = o.breakdown.filter((b) => b.count > 0).map((b) => t(BREAKDOWN_KEYS[b.status], { count: b.count }));
  return parts.length ? t('deliveries.notDeliveredBreakdown', { count: o.notDelivered, breakdown: parts.join(', ') }) : t('deliveries.notDelivered', { count: o.notDelivered });
}

/** "10 sent · 2 delivered · 0 excluded · 4 not delivered (3 bounced, 1 marked as spam)", and those still queued: the counts line of a situation's timeline, in the reader's language. */
export function outcomeCountsText(o: Outcome): string {
  const parts = [t('deliveries.partSent', { count: o.handedOver }), t('deliveries.partDelivered', { count: o.delivered }), t('deliveries.partExcluded', { count: o.excluded }), notDeliveredText(o)];
  if (o.queued) parts.push(t('deliveries.partQueued', { count: o.queued }));
  return parts.join(' · ');
}
