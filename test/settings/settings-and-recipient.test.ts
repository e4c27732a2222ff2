import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { postSigned } from '../webhooks/helpers.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();

describe('organisation settings', () => {
  it('an admin changes settings through the API, each change audited; others may read but not change them', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    expect(await (await t.api(officer.token, 'GET', '/api/v1/settings')).json()).toEqual({ allowSelfApproval: false, organisationName: 'tidings', tracking: false, requireTwoFactor: 'off', promiseReminderHours: 24, quietHours: { daytimeStart: 8, daytimeEnd: 20 } });
    expect((await t.api(officer.token, 'PATCH', '/api/v1/settings', { tracking: true })).status).toBe(403);
    const bad = await t.api(admin.token, 'PATCH', '/api/v1/settings', { organisationName: 'Bokklubben\r\nBcc: x@example.org' });
    expect(bad.status).toBe(400);
    const ok = await t.api(admin.token, 'PATCH', '/api/v1/settings', { organisationName: 'Bokklubben', allowSelfApproval: true });
    expect(await ok.json()).toEqual({ allowSelfApproval: true, organisationName: 'Bokklubben', tracking: false, requireTwoFactor: 'off', promiseReminderHours: 24, quietHours: { daytimeStart: 8, daytimeEnd: 20 } });
    const entries = await t.deps.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'setting.change').orderBy('id').execute();
    expect(entries.map((e) => e.subject_id)).toEqual(['allow_self_approval', 'organisation_name']);
    await t.api(admin.token, 'PATCH', '/api/v1/settings', { allowSelfApproval: false });
  });

  it('the promise reminder lead time is a whole number of hours from 1 to 336, audited when changed', async () => {
    const admin = await t.userWithToken('admin');
    for (const bad of [0, 337, 1.5, '24', null]) {
      const res = await t.api(admin.token, 'PATCH', '/api/v1/settings', { promiseReminderHours: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    const ok = await t.api(admin.token, 'PATCH', '/api/v1/settings', { promiseReminderHours: 48 });
    expect(await ok.json()).toMatchObject({ promiseReminderHours: 48 });
    const entry = await t.deps.db.selectFrom('audit_log').select(['details']).where('action', '=', 'setting.change').where('subject_id', '=', 'promise_reminder_hours').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.details).toEqual({ value: 48 });

    const s = await pageSession(t.app, admin.email, admin.password);
    const form = await (await s.get('/settings')).text();
    expect(form).toMatch(/<input[^>]*name="promiseReminderHours"[^>]*value="48"/);
    const refused = await s.post('/settings', { organisationName: 'tidings', promiseReminderHours: '400' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('reminder time must be at most 336 hours');
    const notNumber = await s.post('/settings', { organisationName: 'tidings', promiseReminderHours: 'soon' });
    expect(notNumber.status).toBe(400);
    expect(await notNumber.text()).toContain('reminder time must be a whole number of hours');
    const saved = await s.post('/settings', { organisationName: 'tidings', promiseReminderHours: '12' });
    expect(saved.status).toBe(200);
    expect(await (await t.api(admin.token, 'GET', '/api/v1/settings')).json()).toMatchObject({ promiseReminderHours: 12 });
    await t.api(admin.token, 'PATCH', '/api/v1/settings', { promiseReminderHours: 24 });
  });

  it('the settings page is for admins only and saves without JavaScript', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    const officerSession = await pageSession(t.app, officer.email, officer.password);
    expect((await officerSession.get('/settings')).status).toBe(403);
    const s = await pageSession(t.app, admin.email, admin.password);
    expect(await (await s.get('/settings')).text()).toContain('Show opens and clicks');
    const saved = await s.post('/settings', { organisationName: 'Bokklubben', tracking: 'on' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Settings saved.');
    expect(await (await t.api(admin.token, 'GET', '/api/v1/settings')).json()).toMatchObject({ tracking: true, allowSelfApproval: false });
    await t.api(admin.token, 'PATCH', '/api/v1/settings', { tracking: false });
  });
});

describe('one recipient of an update', () => {
  it('shows what was sent to them and each provider event, and opens only once tracking is turned on', async () => {
    const { updateId, deliveries } = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'recip' }, transport: fake.transport() });
    const d = deliveries[1]!;
    for (const type of ['email.delivered', 'email.opened'] as const) {
      expect((await postSigned(t, signWebhook(secret, fake.emailEvent(type, d.provider_id!)))).status).toBe(200);
    }
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const page = await (await s.get(`/updates/${updateId}/recipient?email=${encodeURIComponent(d.email.toUpperCase())}`)).text();
    expect(page).toContain(d.subject!);
    expect(page).toContain(d.body_hash!);
    expect(page).toMatch(/delivered/i);
    expect(page).not.toMatch(/Opened/);
    expect(page).toContain('Opens and clicks are not tracked');

    const admin = await t.userWithToken('admin');
    await t.api(admin.token, 'PATCH', '/api/v1/settings', { tracking: true });
    const tracked = await (await s.get(`/updates/${updateId}/recipient?email=${encodeURIComponent(d.email)}`)).text();
    expect(tracked).toMatch(/Opened/);

    const missing = await (await s.get(`/updates/${updateId}/recipient?email=nobody%40example.org`)).text();
    expect(missing).toContain('nobody@example.org was not among the recipients');
  });
});
