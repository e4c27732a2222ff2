import { createHmac } from 'node:crypto';
import { safeEqual } from '../secrets.ts';

/**
 * Routed reply addresses (DESIGN.md rule 3): each email's Reply-To is
 * `r-<delivery id>-<expiry>-<mac>@<TIDINGS_REPLY_DOMAIN>`, which identifies the
 * delivery (and through it the customer, the update and the contact point).
 *
 * - delivery id and expiry (seconds since epoch) in base 36, the MAC the first
 *   20 hex characters (80 bits) of HMAC-SHA256 over them with `config.secret`;
 * - all lowercase and made of [0-9a-z-] only, so a mail system that lowercases
 *   local parts (many do) cannot break it, and it is a valid dot-atom local part;
 * - deterministic for the same delivery and expiry, so a retried batch renders
 *   a byte-identical email.
 */

/** How long a routed address accepts replies after the update's release. */
export const ROUTED_ADDRESS_LIFETIME_MS = 180 * 86_400_000;

export interface RoutedAddress {
  deliveryId: number;
  expiresAt: Date;
}

export type RoutedCheck = { ok: true; route: RoutedAddress } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

function mac(secret: string, id36: string, exp36: string): string {
  return createHmac('sha256', secret).update(`tidings-reply:${id36}.${exp36}`).digest('hex').slice(0, 20);
}

/** The local part for a delivery's routed address. */
export function routedLocalPart(secret: string, route: RoutedAddress): string {
  const id36 = route.deliveryId.toString(36);
  const exp36 = Math.floor(route.expiresAt.getTime() / 1000).toString(36);
  return `r-${id36}-${exp36}-${mac(secret, id36, exp36)}`;
}

/** The full routed address on the reply domain. */
export function routedAddress(secret: string, domain: string, route: RoutedAddress): string {
  return `${routedLocalPart(secret, route)}@${domain.trim().toLowerCase()}`;
}

/** When a delivery's routed address expires: a fixed time after the update's release. */
export function routedExpiry(releasedAt: Date): Date {
  return new Date(releasedAt.getTime() + ROUTED_ADDRESS_LIFETIME_MS);
}

const LOCAL = /^r-([0-9a-z]{1,12})-([0-9a-z]{1,10})-([0-9a-f]{20})$/;

/** Verifies a routed local part (case-insensitive). */
export function verifyRoutedLocalPart(secret: string, localPart: string, now = new Date()): RoutedCheck {
  const m = LOCAL.exec(localPart.trim().toLowerCase());
  if (!m) return { ok: false, reason: 'malformed' };
  const [, id36, exp36, given] = m as unknown as [string, string, string, string];
  if (!safeEqual(mac(secret, id36, exp36), given)) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(parseInt(exp36, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const deliveryId = parseInt(id36, 36);
  if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0) return { ok: false, reason: 'malformed' };
  return { ok: true, route: { deliveryId, expiresAt } };
}

/** The bare, lowercased address in `Name <a@b>` or `a@b`; null when there is none. */
export function bareAddress(value: string): string | null {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const a = (m ? m[1]! : value).trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(a) ? a : null;
}

export type RoutedLookup =
  | { found: true; address: string; check: RoutedCheck }
  | { found: false };

/**
 * Finds the first address on the reply domain among the recipients and checks
 * it. `found: false` when no recipient is on the reply domain.
 */
export function findRoutedAddress(secret: string, domain: string, recipients: readonly string[], now = new Date()): RoutedLookup {
  const suffix = `@${domain.trim().toLowerCase()}`;
  const candidates = recipients.map(bareAddress).filter((a): a is string => a !== null && a.endsWith(suffix));
  if (candidates.length === 0) return { found: false };
  // Prefer one that verifies (a customer may have copied two routed addresses).
  let first: RoutedLookup | undefined;
  for (const address of candidates) {
    const check = verifyRoutedLocalPart(secret, address.slice(0, -suffix.length), now);
    if (check.ok) return { found: true, address, check };
    first ??= { found: true, address, check };
  }
  return first!;
}
