import { describe, expect, it } from 'vitest';
import { findRoutedAddress, routedAddress, routedExpiry, routedLocalPart, verifyRoutedLocalPart } from '../../src/sending/reply-address.ts';
import { EmailComposer, type UpdateForSending } from '../../src/sending/compose-email.ts';

const SECRET = 'routing-test-secret-routing-test-secret-0123';
const DOMAIN = 'replies.example.org';
const released = new Date('2026-03-01T09:00:00Z');
const expiresAt = routedExpiry(released);
const now = new Date('2026-03-02T09:00:00Z');

describe('routed reply addresses', () => {
  it('round-trips: the address identifies the delivery and is deterministic', () => {
    const a = routedAddress(SECRET, DOMAIN, { deliveryId: 4217, expiresAt });
    expect(a).toMatch(/^r-[0-9a-z]+-[0-9a-z]+-[0-9a-f]{20}@replies\.example\.org$/);
    expect(routedAddress(SECRET, DOMAIN, { deliveryId: 4217, expiresAt })).toBe(a);
    const check = verifyRoutedLocalPart(SECRET, a.split('@')[0]!, now);
    expect(check).toEqual({ ok: true, route: { deliveryId: 4217, expiresAt } });
    // 180 days after the release.
    expect(expiresAt.getTime() - released.getTime()).toBe(180 * 86_400_000);
  });

  it('is all lowercase and survives a mail system changing its case', () => {
    const local = routedLocalPart(SECRET, { deliveryId: 987654321, expiresAt });
    expect(local).toBe(local.toLowerCase());
    expect(verifyRoutedLocalPart(SECRET, local.toUpperCase(), now).ok).toBe(true);
    const found = findRoutedAddress(SECRET, DOMAIN, [`"Ingrid Dahl" <${local.toUpperCase()}@REPLIES.Example.ORG>`], now);
    expect(found).toMatchObject({ found: true, check: { ok: true, route: { deliveryId: 987654321 } } });
  });

  it('refuses an altered address', () => {
    const local = routedLocalPart(SECRET, { deliveryId: 42, expiresAt });
    const last = local.at(-1)!;
    const altered = local.slice(0, -1) + (last === '0' ? '1' : '0');
    expect(verifyRoutedLocalPart(SECRET, altered, now)).toEqual({ ok: false, reason: 'forged' });
    // Another delivery id under the same MAC, and a later expiry under the same MAC.
    const [, , exp, mac] = local.split('-');
    expect(verifyRoutedLocalPart(SECRET, `r-${(43).toString(36)}-${exp}-${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyRoutedLocalPart(SECRET, `r-${(42).toString(36)}-${(parseInt(exp!, 36) + 86_400).toString(36)}-${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyRoutedLocalPart(SECRET, 'r-16-abc-zz', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyRoutedLocalPart(SECRET, 'ingrid', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it("refuses one delivery's id with another delivery's signature", () => {
    const mine = routedLocalPart(SECRET, { deliveryId: 100, expiresAt }).split('-');
    const theirs = routedLocalPart(SECRET, { deliveryId: 101, expiresAt }).split('-');
    expect(verifyRoutedLocalPart(SECRET, [mine[0], mine[1], mine[2], theirs[3]].join('-'), now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses one signed with another secret', () => {
    const local = routedLocalPart('another-secret-another-secret-another', { deliveryId: 100, expiresAt });
    expect(verifyRoutedLocalPart(SECRET, local, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses an expired one', () => {
    const local = routedLocalPart(SECRET, { deliveryId: 100, expiresAt });
    expect(verifyRoutedLocalPart(SECRET, local, new Date(expiresAt.getTime() - 1000)).ok).toBe(true);
    expect(verifyRoutedLocalPart(SECRET, local, expiresAt)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyRoutedLocalPart(SECRET, local, new Date(expiresAt.getTime() + 86_400_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('finds the routed address among several recipients, and reports none when there is none', () => {
    const a = routedAddress(SECRET, DOMAIN, { deliveryId: 7, expiresAt });
    expect(findRoutedAddress(SECRET, DOMAIN, ['someone@example.org', `Ingrid <${a}>`], now)).toMatchObject({ found: true, address: a, check: { ok: true } });
    expect(findRoutedAddress(SECRET, DOMAIN, ['someone@example.org', 'r-7-x-y@elsewhere.example.org'], now)).toEqual({ found: false });
    expect(findRoutedAddress(SECRET, DOMAIN, ['r-7-x-y@replies.example.org'], now)).toMatchObject({ found: true, check: { ok: false, reason: 'malformed' } });
  });
});

const update: UpdateForSending = {
  id: 12,
  situationId: 3,
  releasedAt: released,
  final: false,
  defaultLocale: 'en',
  content: { en: { subject: 'Your membership during the restructuring', body: 'Your membership **continues**.' } },
  ackKind: 'apology',
  ackText: 'We are sorry for the uncertainty this causes you.',
  snapshot: {
    organisation: 'Bokklubben',
    situationTitle: 'Bokklubben restructuring',
    updateNumber: 2,
    contactPoint: { id: 1, name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' },
  },
};
const delivery = { id: 555, email: 'kari@example.no', name: 'Kari Nordmann', locale: 'en', timezone: 'Europe/Oslo', promised_at: new Date('2026-03-08T09:00:00Z'), idempotency_key: 'd-555' };
const base = { secret: SECRET, publicUrl: 'https://tidings.example.org', from: 'Bokklubben <updates@bokklubben.example.org>' };

describe('Reply-To of a composed email', () => {
  it("is the contact person's name with the delivery's routed address when a reply domain is set", async () => {
    const email = await new EmailComposer({ ...base, replyDomain: DOMAIN }).compose(update, delivery);
    const routed = routedAddress(SECRET, DOMAIN, { deliveryId: 555, expiresAt });
    expect(email.replyTo).toBe(`"Ingrid Dahl" <${routed}>`);
    // The body names the same address, and not the person's own.
    expect(email.text).toContain(routed);
    expect(email.html).toContain(routed);
    expect(email.text).not.toContain('ingrid@bokklubben.example.org');
    // A retried batch renders it byte-identically.
    const again = await new EmailComposer({ ...base, replyDomain: DOMAIN }).compose(update, delivery);
    expect(again.replyTo).toBe(email.replyTo);
    expect(again.bodyHash).toBe(email.bodyHash);
  });

  it("is the person's own address without a reply domain", async () => {
    const email = await new EmailComposer({ ...base, replyDomain: undefined }).compose(update, delivery);
    expect(email.replyTo).toBe('"Ingrid Dahl" <ingrid@bokklubben.example.org>');
    expect(email.text).toContain('ingrid@bokklubben.example.org');
    expect(email.text).not.toContain(DOMAIN);
  });
});
