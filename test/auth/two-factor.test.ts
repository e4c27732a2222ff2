import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { resetTwoFactor, verifySecondFactor } from '../../src/auth/two-factor.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

const codeAt = (secret: string, at = Date.now()) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate({ timestamp: at });

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

async function audits(action: string, userId: number) {
  return t.deps.db.selectFrom('audit_log').select('details').where('action', '=', action).where('subject_id', '=', String(userId)).execute();
}

/** Enrols a user through their own page; answers the key and the recovery codes. */
async function enrol(person: Awaited<ReturnType<typeof t.userWithToken>>) {
  const s = await pageSession(t.app, person.email, person.password);
  expect((await s.post('/account/two-factor/start', {})).status).toBe(303);
  const page = await (await s.get('/account/two-factor')).text();
  expect(page).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code/);
  const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page)![1]!.replace(/ /g, '');
  const done = await s.post('/account/two-factor/confirm', { code: codeAt(secret) });
  expect(done.status).toBe(200);
  const codes = [...(await done.text()).matchAll(/<li><code>([a-z0-9-]{14})<\/code><\/li>/g)].map((m) => m[1]!);
  return { s, secret, codes };
}

describe('two-factor sign-in: enrolment and codes', () => {
  it('enrols from the user’s own page with a QR code, confirms with a first code and shows ten recovery codes once', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    await s.post('/account/two-factor/start', {});
    const page = await (await s.get('/account/two-factor')).text();
    const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page)![1]!.replace(/ /g, '');

    const wrong = await s.post('/account/two-factor/confirm', { code: '000000' === codeAt(secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(text(await wrong.text())).toContain('That code is not right');
    expect((await t.deps.db.selectFrom('user_two_factor').select('confirmed_at').where('user_id', '=', officer.id).executeTakeFirstOrThrow()).confirmed_at).toBeNull();

    const ok = await s.post('/account/two-factor/confirm', { code: codeAt(secret) });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect([...html.matchAll(/<li><code>([a-z0-9-]{14})<\/code><\/li>/g)]).toHaveLength(10);
    expect(text(html)).toContain('They are shown only now');
    const again = text(await (await s.get('/account/two-factor')).text());
    expect(again).toContain('On. After your password');
    expect(again).toContain('10 unused recovery codes are left');
    // The key is sealed with TIDINGS_SECRET, not stored as typed into the app.
    const row = await t.deps.db.selectFrom('user_two_factor').select('secret_sealed').where('user_id', '=', officer.id).executeTakeFirstOrThrow();
    expect(row.secret_sealed).not.toContain(secret);
    expect(await audits('auth.two_factor_enrolled', officer.id)).toEqual([{ details: { recoveryCodes: 10 } }]);
  });

  it('accepts a code once, a recovery code once, and holds off guessing after five wrong codes', async () => {
    const officer = await t.userWithToken('officer');
    const { secret, codes } = await enrol(officer);
    const user = { id: officer.id, email: officer.email };
    const later = new Date(Date.now() + 60_000);
    await verifySecondFactor(t.deps.db, t.deps.config.secret, user, codeAt(secret, later.getTime()), { now: later });
    await expect(verifySecondFactor(t.deps.db, t.deps.config.secret, user, codeAt(secret, later.getTime()), { now: later })).rejects.toMatchObject({ code: 'unauthenticated' });

    await verifySecondFactor(t.deps.db, t.deps.config.secret, user, codes[0]!.toUpperCase());
    await expect(verifySecondFactor(t.deps.db, t.deps.config.secret, user, codes[0]!)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await audits('auth.recovery_code_used', officer.id)).toHaveLength(1);

    // The reused recovery code was the first wrong code since the last right one; three more, then the fifth.
    for (let i = 0; i < 3; i++) await expect(verifySecondFactor(t.deps.db, t.deps.config.secret, user, '12345')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(verifySecondFactor(t.deps.db, t.deps.config.secret, user, '12345')).rejects.toMatchObject({ code: 'unauthenticated' });
    const locked = verifySecondFactor(t.deps.db, t.deps.config.secret, user, codeAt(secret, Date.now() + 120_000), { now: new Date(Date.now() + 120_000) });
    await expect(locked).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await audits('auth.two_factor_failed', officer.id)).length).toBeGreaterThanOrEqual(6);
  });

  it('turns off with a current code; an admin reset for a lost phone is on the record', async () => {
    const officer = await t.userWithToken('officer');
    const { s, secret } = await enrol(officer);
    const refused = await s.post('/account/two-factor/off', { code: '99999' });
    expect(refused.status).toBe(401);
    const off = await s.post('/account/two-factor/off', { code: codeAt(secret, Date.now() + 30_000) });
    expect(off.status).toBe(303);
    expect(await t.deps.db.selectFrom('user_two_factor').select('user_id').where('user_id', '=', officer.id).execute()).toEqual([]);
    expect(await audits('auth.two_factor_removed', officer.id)).toHaveLength(1);

    const other = await t.userWithToken('officer');
    await enrol(other);
    expect(await resetTwoFactor(t.deps.db, CLI_ACTOR, other.email.toUpperCase())).toBe(true);
    expect(await t.deps.db.selectFrom('user_recovery_codes').select('code_hash').where('user_id', '=', other.id).execute()).toEqual([]);
    expect(await audits('auth.two_factor_reset', other.id)).toHaveLength(1);
    await expect(resetTwoFactor(t.deps.db, CLI_ACTOR, 'nobody@example.org')).rejects.toMatchObject({ code: 'not_found' });
  });
});
