import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { addSuppression } from '../../src/suppressions/queries.ts';
import { generateWebhookSecret, signWebhook } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { postSigned } from '../webhooks/helpers.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();

const post = async (payload: unknown) => {
  const res = await postSigned(t, signWebhook(secret, payload));
  expect(res.status).toBe(200);
  return res;
};

describe('bounce → suppression → excluded next time', () => {
  it('a hard bounce and a complaint suppress the address (source = event id); a soft bounce does not; the next release excludes and the preview counts them', async () => {
    const { deliveries } = await buildUpdate(t, { newCustomers: { n: 6, prefix: 'supp' }, transport: fake.transport() });
    const [hard, complaint, soft, fine] = deliveries as [(typeof deliveries)[0], (typeof deliveries)[0], (typeof deliveries)[0], (typeof deliveries)[0]];
    const hardSigned = signWebhook(secret, fake.emailEvent('email.bounced', hard.provider_id!));
    expect((await postSigned(t, hardSigned)).status).toBe(200);
    const complaintSigned = signWebhook(secret, fake.emailEvent('email.complained', complaint.provider_id!));
    expect((await postSigned(t, complaintSigned)).status).toBe(200);
    await post(fake.emailEvent('email.bounced', soft.provider_id!, { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'full' } }));
    await post(fake.emailEvent('email.delivered', fine.provider_id!));

    const rows = await t.deps.db.selectFrom('suppressions').selectAll().where('email_lower', 'like', 'supp%').orderBy('email_lower').execute();
    expect(rows.map((r) => [r.email_lower, r.reason, r.source])).toEqual([
      [hard.email.toLowerCase(), 'bounced', hardSigned.headers['svix-id']],
      [complaint.email.toLowerCase(), 'complained', complaintSigned.headers['svix-id']],
    ]);
    const audit = await t.deps.db.selectFrom('audit_members').select('details').where('action', '=', 'delivery.event').where('subject_id', '=', hardSigned.headers['svix-id']!).execute();
    expect(audit.map((a) => a.details)).toContainEqual({ eventId: hardSigned.headers['svix-id'], type: 'email.bounced', deliveryId: hard.id, suppressed: true });

    // The segment preview shows them as suppressed before anyone approves.
    const officer = await t.userWithToken('officer');
    const { segment } = await createSegment(t.deps.db, CLI_ACTOR, { name: 'supp again', rule: { all: [{ attribute: 'email', op: 'contains', value: 'supp' }] } });
    const preview = await t.api(officer.token, 'GET', `/api/v1/segments/${segment.id}/preview`);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ eligible: 4, excluded: { suppressed: 2 } });

    // The next update's release records them excluded with the reason.
    const { updateId: next } = await buildUpdate(t, { newCustomers: { n: 0, prefix: 'supp' }, until: 'released' });
    const second = await t.deps.db.selectFrom('deliveries').select(['email', 'status', 'reason']).where('update_id', '=', next).orderBy('id').execute();
    expect(second).toHaveLength(6);
    expect(second.find((d) => d.email === hard.email)).toMatchObject({ status: 'excluded', reason: 'suppressed:bounced' });
    expect(second.find((d) => d.email === complaint.email)).toMatchObject({ status: 'excluded', reason: 'suppressed:complained' });
    expect(second.find((d) => d.email === soft.email)).toMatchObject({ status: 'queued', reason: null });
    expect(second.filter((d) => d.status === 'queued')).toHaveLength(4);
  });

  it('a second hard bounce for a suppressed address keeps the first reason and source', async () => {
    await addSuppression(t.deps.db, 'Twice@Example.org', 'manual', 'by hand');
    await post({ type: 'email.bounced', created_at: new Date().toISOString(), data: { email_id: 'nobody-knows', to: ['twice@example.org'], bounce: { type: 'Permanent', subType: 'General', message: 'x' } } });
    const r = await t.deps.db.selectFrom('suppressions').selectAll().where('email_lower', '=', 'twice@example.org').executeTakeFirstOrThrow();
    expect(r).toMatchObject({ reason: 'manual', source: 'by hand' });
  });
});

describe('lifting a suppression', () => {
  it('an admin lifts one with a reason (audited); the address is mailed in the next release', async () => {
    const admin = await t.userWithToken('admin');
    await addSuppression(t.deps.db, 'liftme1@example.org', 'bounced', 'msg_old');
    const res = await t.api(admin.token, 'DELETE', `/api/v1/suppressions/${encodeURIComponent('LiftMe1@example.org')}`, { reason: 'Customer called: mailbox fixed' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ lifted: { email: 'liftme1@example.org', reason: 'bounced', source: 'msg_old' } });
    const entry = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'suppression.lift').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    // The address never enters the (unalterable) log: it is no contact yet, so a keyed hash names it.
    expect(entry.subject_type).toBe('suppression');
    expect(entry.subject_id).toMatch(/^hmac:[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(entry)).not.toContain('liftme1');
    expect(entry.actor_user_id).toBe(admin.id);
    expect(entry.details).toMatchObject({ reason: 'Customer called: mailbox fixed', was: { reason: 'bounced', source: 'msg_old' } });
    const again = await t.api(admin.token, 'DELETE', `/api/v1/suppressions/liftme1@example.org`, { reason: 'twice' });
    expect(again.status).toBe(404);
    // liftme1 is a contact (seeded), and now receives the next update.
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 1, prefix: 'liftme' }, until: 'released' });
    const d = await t.deps.db.selectFrom('deliveries').select(['status']).where('update_id', '=', updateId).executeTakeFirstOrThrow();
    expect(d.status).toBe('queued');
  });

  it("names the contact with the address in the audit log, or a keyed hash that is the same for the same address, never the address", async () => {
    const admin = await t.userWithToken('admin');
    const lastLift = () => t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'suppression.lift').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await addSuppression(t.deps.db, 'nocontact@example.org', 'manual', null);
    expect((await t.api(admin.token, 'DELETE', '/api/v1/suppressions/nocontact@example.org', { reason: 'asked by phone' })).status).toBe(200);
    const first = await lastLift();
    expect(first.subject_type).toBe('suppression');
    expect(JSON.stringify(first)).not.toContain('nocontact');
    await addSuppression(t.deps.db, 'NoContact@example.org', 'manual', null);
    await t.api(admin.token, 'DELETE', '/api/v1/suppressions/nocontact@example.org', { reason: 'again' });
    expect((await lastLift()).subject_id).toBe(first.subject_id);

    await t.deps.db.insertInto('contacts').values({ email: 'IsContact@example.org', attributes: '{}' }).execute();
    const contact = await t.deps.db.selectFrom('contacts').select('id').where('email_lower', '=', 'iscontact@example.org').executeTakeFirstOrThrow();
    await addSuppression(t.deps.db, 'iscontact@example.org', 'complained', 'msg_c');
    expect((await t.api(admin.token, 'DELETE', '/api/v1/suppressions/iscontact@example.org', { reason: 'wants updates again' })).status).toBe(200);
    const entry = await lastLift();
    expect(entry).toMatchObject({ subject_type: 'contact', subject_id: String(contact.id) });
    expect(JSON.stringify(entry)).not.toContain('iscontact');
  });

  it('needs a reason, and only admins may lift', async () => {
    const admin = await t.userWithToken('admin');
    const officer = await t.userWithToken('officer');
    await addSuppression(t.deps.db, 'keep@example.org', 'complained', 'msg_k');
    expect((await t.api(admin.token, 'DELETE', '/api/v1/suppressions/keep@example.org', { reason: '   ' })).status).toBe(400);
    expect((await t.api(admin.token, 'DELETE', '/api/v1/suppressions/keep@example.org', {})).status).toBe(400);
    expect((await t.api(officer.token, 'DELETE', '/api/v1/suppressions/keep@example.org', { reason: 'please' })).status).toBe(403);
    expect(await t.deps.db.selectFrom('suppressions').select('email_lower').where('email_lower', '=', 'keep@example.org').executeTakeFirst()).toBeDefined();
  });

  it('lists suppressions newest first with a keyset cursor', async () => {
    const officer = await t.userWithToken('officer');
    for (let i = 0; i < 5; i++) await addSuppression(t.deps.db, `page${i}@example.org`, 'manual', null);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.api(officer.token, 'GET', `/api/v1/suppressions?q=page&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { suppressions: { email: string }[]; nextCursor: string | null };
      seen.push(...body.suppressions.map((s) => s.email));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['page0@example.org', 'page1@example.org', 'page2@example.org', 'page3@example.org', 'page4@example.org']);
    expect((await t.api(officer.token, 'GET', '/api/v1/suppressions?cursor=garbage')).status).toBe(400);
  });

  it('the /suppressions page lists them; admins get a lift form with a reason, others do not', async () => {
    const admin = await t.userWithToken('admin');
    const auditor = await t.userWithToken('auditor');
    await addSuppression(t.deps.db, 'pagelift@example.org', 'bounced', 'msg_p');
    const a = await pageSession(t.app, admin.email, admin.password);
    const html = await (await a.get('/suppressions?q=pagelift')).text();
    expect(html).toContain('pagelift@example.org');
    expect(html).toContain('action="/suppressions/lift"');
    const missing = await a.post('/suppressions/lift', { email: 'pagelift@example.org', reason: '' });
    expect(missing.status).toBe(400);
    const ok = await a.post('/suppressions/lift', { email: 'pagelift@example.org', reason: 'Verified with the customer' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Lifted the suppression of pagelift@example.org');

    await addSuppression(t.deps.db, 'pagekeep@example.org', 'bounced', 'msg_q');
    const au = await pageSession(t.app, auditor.email, auditor.password);
    const seen = await (await au.get('/suppressions?q=pagekeep')).text();
    expect(seen).toContain('pagekeep@example.org');
    expect(seen).not.toContain('action="/suppressions/lift"');
    expect((await au.post('/suppressions/lift', { email: 'pagekeep@example.org', reason: 'no' })).status).toBe(403);
  });
});
