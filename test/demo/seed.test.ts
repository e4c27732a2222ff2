import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { checkPassword, findUserByEmail } from '../../src/auth/users.ts';
import { inboxFor } from '../../src/conversations/inbox.ts';
import { DEMO_PASSWORD, DEMO_USERS, loadDemo } from '../../src/demo/seed.ts';
import { previewSegment } from '../../src/segments/queries.ts';
import { getSetting } from '../../src/settings/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

// With a reply domain, as a real set-up has, customers' replies by email reach tidings too.
const t = useTestApp({ replyDomain: 'reply.demo.example' });
const db = () => t.deps.db;
let summary = '';
let loadedAt: Date;

beforeAll(async () => {
  const started = performance.now();
  summary = await loadDemo(db(), { contacts: 400, config: t.deps.config });
  loadedAt = new Date();
  console.info(`demo of 400 members seeded in ${Math.round(performance.now() - started)} ms`);
}, 120_000);

describe('the demo keeps the product’s own rules', () => {
  it('loads once: members in five languages, contact points, segments with exclusions, a sign-in per role in varied languages', async () => {
    expect(summary).toMatch(/400 members/);
    const locales = await db().selectFrom('contacts').select('locale').distinct().execute();
    expect(locales.map((r) => r.locale).sort()).toEqual(['en', 'hu', 'nb', 'nl', 'sv']);
    const everyone = await db().selectFrom('segments').selectAll().where('name', '=', 'All members').executeTakeFirstOrThrow();
    const preview = await previewSegment(db(), everyone);
    expect(preview.excluded.suppressed).toBeGreaterThan(0);
    expect(preview.excluded.unsubscribed).toBeGreaterThan(0);
    for (const u of DEMO_USERS) {
      const user = await checkPassword(db(), u.email, DEMO_PASSWORD);
      expect(user?.role, u.email).toBe(u.role);
      expect(user?.locale, u.email).toBe(u.locale);
    }
    expect(new Set(DEMO_USERS.map((u) => u.locale)).size).toBeGreaterThan(2);
    expect(DEMO_USERS.find((u) => u.role === 'officer')?.locale).toBe('nb');
    expect(await loadDemo(db(), { contacts: 400, config: t.deps.config })).toMatch(/already loaded/);
    expect(await db().selectFrom('contacts').select('id').execute()).toHaveLength(400);
  });

  it('names a real organisation, not "tidings": in the settings, the emails and the status pages', async () => {
    const organisationName = await getSetting(db(), 'organisation_name');
    expect(organisationName).toBe('Bokklubben Norden AS');
    const sent = await db().selectFrom('updates').select('release_snapshot').where('status', '=', 'sent').execute();
    expect(sent.length).toBeGreaterThan(0);
    for (const u of sent) expect(u.release_snapshot?.organisation).toBe(organisationName);
    const email = await db().selectFrom('outbox_messages').select(['html', 'text']).where('idempotency_key', 'like', 'u%').limit(1).executeTakeFirstOrThrow();
    expect(email.text).toContain(organisationName);
    const status = /\/c\/([A-Za-z0-9._~-]+)/.exec(email.text)![1]!;
    const page = await (await t.app.request(`http://localhost/c/${status}`)).text();
    expect(page).toContain(organisationName);
    expect(page).not.toMatch(/class="brand">tidings</);
  });

  it('never mails an address after it was suppressed, and never a customer after they unsubscribed from everything', async () => {
    const suppressions = await db().selectFrom('suppressions').selectAll().execute();
    expect(suppressions.length).toBeGreaterThan(0);
    // Each came from the provider's report on an email that bounced hard or was marked as spam, when it arrived.
    for (const s of suppressions) {
      const cause = await db()
        .selectFrom('delivery_events as e')
        .innerJoin('deliveries as d', 'd.id', 'e.delivery_id')
        .select(['e.received_at', 'd.status', 'd.bounce_type'])
        .where('e.provider_event_id', '=', s.source!)
        .executeTakeFirstOrThrow();
      expect(cause.status === 'complained' || cause.bounce_type === 'hard', s.email_lower).toBe(true);
      expect(cause.received_at.getTime()).toBe(s.created_at.getTime());
    }
    const mailedAfter = await sql<{ email: string }>`
      SELECT d.email FROM deliveries d JOIN suppressions s ON s.email_lower = lower(d.email)
       WHERE d.status <> 'excluded' AND (d.sent_at IS NULL OR d.sent_at > s.created_at)`.execute(db());
    expect(mailedAfter.rows).toEqual([]);
    const unsubscribedMailed = await sql<{ email: string }>`
      SELECT d.email FROM deliveries d JOIN contacts c ON c.id = d.contact_id
       WHERE c.unsubscribed_at IS NOT NULL AND d.status <> 'excluded' AND d.sent_at > c.unsubscribed_at`.execute(db());
    expect(unsubscribedMailed.rows).toEqual([]);
    // …and the updates after them did leave those customers out, saying why.
    const excluded = await db().selectFrom('deliveries').select('reason').where('status', '=', 'excluded').execute();
    expect(excluded.map((e) => e.reason)).toEqual(expect.arrayContaining(['suppressed:bounced', 'suppressed:complained', 'unsubscribed']));
  });

  it('approves every update before it is sent, and never by one of its editors (four eyes)', async () => {
    const sent = await db().selectFrom('updates').selectAll().where('status', '=', 'sent').orderBy('id').execute();
    expect(sent).toHaveLength(3);
    for (const u of sent) {
      const editors = await db().selectFrom('update_editors').select(['user_id', 'first_edited_at', 'last_edited_at']).where('update_id', '=', u.id).execute();
      expect(editors.length, `update ${u.id}`).toBeGreaterThan(0);
      expect(editors.map((e) => e.user_id)).not.toContain(u.approved_by);
      expect(u.self_approved).toBe(false);
      for (const e of editors) expect(e.last_edited_at.getTime()).toBeLessThan(u.approved_at!.getTime());
      expect(u.created_at.getTime()).toBeLessThan(u.approved_at!.getTime());
      expect(u.approved_at!.getTime()).toBeLessThan(u.send_at!.getTime());
      expect(u.send_at!.getTime()).toBeLessThanOrEqual(u.released_at!.getTime());
      expect(u.released_at!.getTime()).toBeLessThan(u.sent_at!.getTime());
      const span = await db()
        .selectFrom('deliveries')
        .select((eb) => [eb.fn.min('sent_at').as('first'), eb.fn.max('sent_at').as('last')])
        .where('update_id', '=', u.id)
        .executeTakeFirstOrThrow();
      expect(new Date(span.first!).getTime()).toBeGreaterThan(u.released_at!.getTime());
      expect(new Date(span.last!).getTime()).toBeLessThanOrEqual(u.sent_at!.getTime());
    }
    const waiting = await db().selectFrom('updates').select(['status', 'approved_by']).where('status', '<>', 'sent').execute();
    expect(waiting).toEqual([{ status: 'pending_approval', approved_by: null }]);
  });

  it('opens every situation before its first update, resolves it after its last, and numbers updates in send order', async () => {
    const situations = await db().selectFrom('situations').selectAll().orderBy('id').execute();
    expect(situations.map((s) => s.status)).toEqual(['resolved', 'open']);
    for (const s of situations) {
      const updates = await db().selectFrom('updates').select(['number', 'created_at', 'sent_at']).where('situation_id', '=', s.id).orderBy('created_at').execute();
      expect(s.created_at.getTime()).toBeLessThan(updates[0]!.created_at.getTime());
      const sent = updates.filter((u) => u.sent_at);
      expect(sent.map((u) => u.number)).toEqual(sent.map((_, i) => i + 1));
      if (s.resolved_at) expect(s.resolved_at.getTime()).toBeGreaterThan(Math.max(...sent.map((u) => u.sent_at!.getTime())));
    }
  });

  it('sends every open question to a contact point whose person is the demo responder, who finds them in the inbox', async () => {
    const open = await db()
      .selectFrom('conversations as cv')
      .innerJoin('contact_points as cp', 'cp.id', 'cv.contact_point_id')
      .innerJoin('contacts as c', 'c.id', 'cv.contact_id')
      .select(['cv.id', 'cp.user_id', 'c.name'])
      .where('cv.status', '=', 'open')
      .execute();
    // Two asked on their status page, one answered the email itself; an out-of-office reply opened nothing.
    expect(open.length).toBe(3);
    const channels = await db().selectFrom('messages').select(['channel', 'classification']).where('direction', '=', 'in').where('conversation_id', 'in', open.map((o) => o.id)).execute();
    expect(channels.map((m) => m.channel).sort()).toEqual(['email', 'portal', 'portal']);
    const autoReplies = await db().selectFrom('messages as m').innerJoin('conversations as cv', 'cv.id', 'm.conversation_id').select('cv.status').where('m.classification', '=', 'auto_reply').execute();
    expect(autoReplies).toEqual([{ status: 'closed' }]);
    const responder = (await findUserByEmail(db(), 'responder@demo.tidings.localhost'))!;
    for (const cv of open) expect(cv.user_id).toBe(responder.id);
    // Every update names her contact point, so a question asked on any of them later reaches her too.
    const named = await db().selectFrom('updates as u').innerJoin('contact_points as cp', 'cp.id', 'u.contact_point_id').select('cp.user_id').distinct().execute();
    expect(named).toEqual([{ user_id: responder.id }]);
    const inbox = await inboxFor(db(), responder, {});
    expect(inbox.rows.map((r) => r.id).sort()).toEqual(open.map((o) => o.id).sort());

    const session = await pageSession(t.app, 'responder@demo.tidings.localhost', DEMO_PASSWORD);
    const page = await (await session.get('/inbox')).text();
    for (const cv of open) expect(page).toContain(cv.name);
    expect(page).toContain('Can I still use it in the shop?');
  });

  it('keeps a record that holds together: the audit chain verifies and reads in time order, nothing happens after today, the promises stand as told', async () => {
    expect((await verifyAuditChain(db())).intact).toBe(true);
    const backwards = await sql<{ id: number }>`
      SELECT id FROM (SELECT id, at, lag(at) OVER (ORDER BY id) AS before FROM audit_log) a WHERE at < before`.execute(db());
    expect(backwards.rows).toEqual([]);
    const latest = await sql<{ at: Date }>`
      SELECT max(x) AS at FROM (
        SELECT max(created_at) AS x FROM situations UNION ALL SELECT max(created_at) FROM updates UNION ALL SELECT max(sent_at) FROM deliveries
        UNION ALL SELECT max(received_at) FROM delivery_events UNION ALL SELECT max(created_at) FROM messages UNION ALL SELECT max(created_at) FROM outbox_messages) m`.execute(db());
    expect(latest.rows[0]!.at.getTime()).toBeLessThanOrEqual(loadedAt.getTime());

    const promises = await db().selectFrom('promises').select(['state', 'reached', 'recipients', 'created_at', 'settled_at', 'due_at']).orderBy('update_id').execute();
    expect(promises.map((p) => p.state)).toEqual(['kept', 'open']);
    expect(promises[0]!.reached).toBe(promises[0]!.recipients);
    expect(promises[0]!.settled_at!.getTime()).toBeLessThan(promises[0]!.due_at.getTime());
    expect(promises[1]!.due_at.getTime()).toBeGreaterThan(loadedAt.getTime());
    const reminders = await db().selectFrom('promise_reminders').select(['kind', 'sent_at']).execute();
    expect(reminders).toEqual([{ kind: 'due_soon', sent_at: expect.any(Date) }]);
    const answered = await db().selectFrom('conversations').select('status').where('status', '=', 'answered').execute();
    expect(answered).toHaveLength(1);
    expect(await db().selectFrom('follow_up_flags').select('id').execute()).toHaveLength(1);
  });
});
