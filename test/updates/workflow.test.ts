import { describe, expect, it } from 'vitest';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { useTestApp } from '../helpers/app.ts';
import { senderDeps } from '../helpers/updates.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';

const t = useTestApp();

async function json(res: Response) {
  const body = await res.json();
  return { status: res.status, body };
}

describe('composing, approving and sending an update', () => {
  it('refuses approval and sending while an element is missing, naming each one', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, { content: { en: { subject: 'Hello', body: 'Body' } } }));
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.missing.map((m: { element: string }) => m.element).sort()).toEqual(['acknowledgement', 'contact_point', 'next_update', 'segments']);

    const refused = await json(await t.api(approver.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/contact person/);
    expect(refused.body.error.message).toMatch(/apology, a thanks/);
    expect(refused.body.error.message).toMatch(/next update/);
    expect(refused.body.error.details).toHaveLength(4);

    const past = await json(await t.api(author.token, 'PATCH', `/api/v1/updates/${draft.body.id}`, { ...completeUpdate(segment.id, cp.id, new Date(Date.now() - 60_000)) }));
    expect(past.body.missing).toEqual([expect.objectContaining({ element: 'next_update', message: expect.stringMatching(/not after the send time/) })]);

    const final = await json(await t.api(author.token, 'PATCH', `/api/v1/updates/${draft.body.id}`, { final: true }));
    expect(final.body.missing).toEqual([]);
    expect(final.body.nextUpdateAt).toBeNull();
  });

  it('enforces four eyes, and an admin setting for a team of one that the audit log records', async () => {
    const author = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, completeUpdate(segment.id, cp.id)));
    const self = await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`));
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/colleague/);

    await t.deps.db.insertInto('settings').values({ key: 'allow_self_approval', value: 'true' }).execute();
    try {
      const ok = await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`));
      expect(ok.status).toBe(200);
      expect(ok.body.selfApproved).toBe(true);
      const entry = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'update.approve').where('subject_id', '=', String(draft.body.id)).executeTakeFirstOrThrow();
      expect(entry.details).toMatchObject({ selfApproved: true });
    } finally {
      await t.deps.db.deleteFrom('settings').where('key', '=', 'allow_self_approval').execute();
    }
  });

  it('a change after approval sends the update back to draft', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, completeUpdate(segment.id, cp.id)));
    expect((await json(await t.api(approver.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`))).body.status).toBe('approved');
    const edited = await json(await t.api(author.token, 'PATCH', `/api/v1/updates/${draft.body.id}`, { acknowledgement: { kind: 'thanks', text: 'Thank you for your patience.' } }));
    expect(edited.body.status).toBe('draft');
    expect(edited.body.approvedBy).toBeNull();
    const send = await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/send`, {}));
    expect(send.status).toBe(400);
    expect(send.body.error.message).toMatch(/only an approved update/);
  });

  it('schedules an update, lets it be cancelled before it starts, and the release then does nothing', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    await seedContacts(t.deps.db, 10, 'sched');
    const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, completeUpdate(segment.id, cp.id)));
    await t.api(approver.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`);
    const tooLate = await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/send`, { at: new Date(Date.now() + 8 * 86_400_000).toISOString() }));
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.message).toMatch(/not after the send time/);

    const at = new Date(Date.now() + 3_600_000);
    const scheduled = await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/send`, { at: at.toISOString() }));
    expect(scheduled.body).toMatchObject({ status: 'scheduled', sendAt: at.toISOString() });
    const job = await t.deps.db.selectFrom('pgboss.job' as never).selectAll().where('name' as never, '=', 'release-update' as never).execute();
    expect(job).toHaveLength(1);
    expect((job[0] as { start_after: Date }).start_after.toISOString()).toBe(at.toISOString());

    expect((await releaseUpdate(t.deps.db, draft.body.id)).released).toBe(false);
    const cancelled = await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/cancel`));
    expect(cancelled.body.status).toBe('cancelled');
    expect(await releaseUpdate(t.deps.db, draft.body.id)).toEqual({ released: false, reason: 'update is cancelled' });
    expect(await t.deps.db.selectFrom('deliveries').selectAll().where('update_id', '=', draft.body.id).execute()).toHaveLength(0);
  });

  it('sends to everyone in the segments once, records exclusions with their reason, and numbers updates in order', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    await t.deps.db.deleteFrom('outbox_messages').execute();
    await seedContacts(t.deps.db, 30, 'send');
    const { segment: second } = await (await import('../../src/segments/queries.ts')).createSegment(t.deps.db, { kind: 'cli', userId: null, label: 'cli' }, { name: `Refunds ${situation.id}`, rule: { all: [{ attribute: 'refund_claim', op: 'gt', value: 0 }] } });
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'send1@example.org', reason: 'bounced', source: 'test' }).execute();
    await t.deps.db.updateTable('contacts').set({ unsubscribed_at: new Date() }).where('email', '=', 'send2@example.org').execute();

    const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, { ...completeUpdate(segment.id, cp.id), segmentIds: [segment.id, second.id] }));
    await t.api(approver.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`);
    expect((await json(await t.api(author.token, 'POST', `/api/v1/updates/${draft.body.id}/send`, {}))).body.status).toBe('scheduled');

    const total = Number((await t.deps.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const release = await releaseUpdate(t.deps.db, draft.body.id);
    expect(release).toEqual({ released: true, queued: total - 2, excluded: 2 });
    const excluded = await t.deps.db.selectFrom('deliveries').select(['email', 'reason']).where('update_id', '=', draft.body.id).where('status', '=', 'excluded').orderBy('email').execute();
    expect(excluded).toEqual([
      { email: 'send1@example.org', reason: 'suppressed:bounced' },
      { email: 'send2@example.org', reason: 'unsubscribed' },
    ]);

    const sender = senderDeps(t.deps);
    const result = await sendUpdateBatches(sender, draft.body.id);
    expect(result.finished).toBe(true);

    const after = await json(await t.api(approver.token, 'GET', `/api/v1/updates/${draft.body.id}`));
    expect(after.body).toMatchObject({ status: 'sent', number: 1 });
    expect(after.body.counts).toMatchObject({ sent: total - 2, excluded: 2, queued: 0, failed: 0 });
    const outbox = await t.deps.db.selectFrom('outbox_messages').select(['to_address', 'subject', 'headers', 'reply_to', 'text']).execute();
    expect(outbox).toHaveLength(total - 2);
    expect(new Set(outbox.map((m) => m.to_address)).size).toBe(total - 2);
    const nb = outbox.find((m) => m.to_address === 'send1@example.org' || m.to_address === 'send6@example.org')!;
    expect(nb.subject).toMatch(/Medlemskapet ditt/);
    expect(nb.reply_to).toBe('"Ingrid Dahl" <ingrid@bokklubben.example.org>');
    expect(nb.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(nb.text).toContain('Ingrid Dahl');

    // A second run sends nothing more.
    expect((await sendUpdateBatches(sender, draft.body.id)).batches).toBe(0);
    expect(await t.deps.db.selectFrom('outbox_messages').selectAll().execute()).toHaveLength(total - 2);
  });
});
