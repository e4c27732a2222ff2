import { hmac, safeEqual } from './secrets.ts';

/** What a signed customer link grants. */
export type LinkPurpose = 'status' | 'unsubscribe';

export interface SignedLink {
  purpose: LinkPurpose;
  id: number;
  expiresAt: Date;
}

const PURPOSE_CODE: Record<LinkPurpose, string> = { status: 's', unsubscribe: 'u' };
const CODE_PURPOSE: Record<string, LinkPurpose> = { s: 'status', u: 'unsubscribe' };

/**
 * A compact signed token: purpose, subject id and expiry in clear, with an HMAC
 * over them. Deterministic for the same inputs, so a re-rendered email (a
 * retried batch) is byte-identical and the provider's idempotency holds.
 */
export function signLink(secret: string, link: SignedLink): string {
  const body = `${PURPOSE_CODE[link.purpose]}${link.id.toString(36)}.${Math.floor(link.expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${hmac(secret, body).slice(0, 27)}`;
}

export type LinkCheck = { ok: true; link: SignedLink } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong_purpose' };

export function verifyLink(secret: string, token: string, purpose: LinkPurpose, now = new Date()): LinkCheck {
  const m = /^([su])([0-9a-z]{1,12})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{27})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const body = `${m[1]}${m[2]}.${m[3]}`;
  if (!safeEqual(hmac(secret, body).slice(0, 27), m[4]!)) return { ok: false, reason: 'forged' };
  const linkPurpose = CODE_PURPOSE[m[1]!]!;
  if (linkPurpose !== purpose) return { ok: false, reason: 'wrong_purpose' };
  const expiresAt = new Date(parseInt(m[3]!, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, link: { purpose: linkPurpose, id: parseInt(m[2]!, 36), expiresAt } };
}
