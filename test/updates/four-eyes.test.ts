import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, type Actor } from '../../src/audit/log.ts';
import { createSegment, updateSegment } from '../../src/segments/queries.ts';
import { approveUpdate } from '../../src/updates/approval.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdate } from '../../src/updates/workflow.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';

const t = useTestApp();

async function json(res: Response) {
  return { status: res.status, body: await res.json() };
}

const actorOf = (u: { id: number; email: string }): Actor => ({ kind: 'user', userId: u.id, label: `user:${u.id} ${u.email}` });

async function auditOf(action: string, updateId: number) {
  return t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('subject_id', '=', String(updateId)).orderBy('id').execute();
}

/** Two known customers in a static list, an update to them written by `author`. */
async function listScenario(prefix: string, author: { token: string }) {
  await seedContacts(t.deps.db, 200, prefix);
  const { situation, cp } = await baseScenario(t.deps.db);
  const list = await json(await t.api(author.token, 'POST', '/api/v1/segments', { name: `Two of ${prefix}`, emails: [`${prefix}1@example.org`, `${prefix}2@example.org`] }));
  expect(list.status).toBe(201);
  const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, completeUpdate(list.body.id, cp.id)));
  expect(draft.status).toBe(201);
  return { situation, cp, segmentId: list.body.id as number, updateId: draft.body.id as number };
}

const everyone = (prefix: string) => Array.from({ length: 200 }, (_, i) => `${prefix}${i + 1}@example.org`);

describe('four eyes: an approval approves exactly what was reviewed', () => {
  it('a colleague who edited a draft cannot approve it alone (403 four_eyes); a third officer can', async () => {
    const author = await t.userWithToken('officer');
    const editor = await t.userWithToken('officer');
    const third = await t.userWithToken('officer');
    const { updateId } = await listScenario('fe-a', author);

    const edited = await json(await t.api(editor.token, 'PATCH', `/api/v1/updates/${updateId}`, { content: { en: { subject: 'Rewritten by a colleague', body: 'New words nobody else has read.' } } }));
    expect(edited.status).toBe(200);
    expect(edited.body.editorIds).toEqual([author.id, editor.id]);

    const byEditor = await json(await t.api(editor.token, 'POST', `/api/v1/updates/${updateId}/approve`));
    expect(byEditor.status).toBe(403);
    expect(byEditor.body.error.code).toBe('four_eyes');
    expect(byEditor.body.error.message).toMatch(/you changed this update, so a colleague must approve it/);
    const byAuthor = await json(await t.api(author.token, 'POST', `/api/v1/updates/${updateId}/approve`));
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.code).toBe('four_eyes');

    const ok = await json(await t.api(third.token, 'POST', `/api/v1/updates/${updateId}/approve`));
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    expect(ok.body.approvedBy).toBe(third.id);
    const [entry] = await auditOf('update.approve', updateId);
    expect(entry!.details).toMatchObject({ editors: [author.id, editor.id], selfApproved: false });
  });

  it('an edit that changes nothing makes nobody an editor and withdraws nothing', async () => {
    const author = await t.userWithToken('officer');
    const colleague = await t.userWithToken('officer');
    const { updateId, segmentId, cp } = await listScenario('fe-noop', author);
    const same = await json(await t.api(colleague.token, 'PATCH', `/api/v1/updates/${updateId}`, { contactPointId: cp.id, segmentIds: [segmentId] }));
    expect(same.status).toBe(200);
    expect(same.body.editorIds).toEqual([author.id]);
    expect((await json(await t.api(colleague.token, 'POST', `/api/v1/updates/${updateId}/approve`))).status).toBe(200);
  });

  it('the self-approval setting lets an editor approve, and the record says so', async () => {
    const author = await t.userWithToken('officer');
    const editor = await t.userWithToken('officer');
    const { updateId } = await listScenario('fe-self', author);
    await t.api(editor.token, 'PATCH', `/api/v1/updates/${updateId}`, { acknowledgement: { kind: 'both', text: 'Sorry, and thank you for your patience.' } });
    await t.deps.db.insertInto('settings').values({ key: 'allow_self_approval', value: 'true' }).execute();
    try {
      const ok = await json(await t.api(editor.token, 'POST', `/api/v1/updates/${updateId}/approve`));
      expect(ok.status).toBe(200);
      expect(ok.body.selfApproved).toBe(true);
      const [entry] = await auditOf('update.approve', updateId);
      expect(entry!.details).toMatchObject({ selfApproved: true, note: expect.stringMatching(/allow_self_approval/) });
    } finally {
      await t.deps.db.deleteFrom('settings').where('key', '=', 'allow_self_approval').execute();
    }
  });

  it('widening a static list of 2 to 200 after approval sends the update back to draft, says so, and nothing goes to the 200', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { updateId, segmentId } = await listScenario('fe-b', author);
    expect((await json(await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`))).body.status).toBe('approved');

    // Before the change, the segment says which approved update a change would send back.
    const before = await json(await t.api(author.token, 'GET', `/api/v1/segments/${segmentId}`));
    expect(before.body.approvedUpdates).toEqual([expect.objectContaining({ id: updateId, status: 'approved', subject: 'Your membership during the restructuring' })]);

    const widened = await json(await t.api(author.token, 'PUT', `/api/v1/segments/${segmentId}`, { emails: everyone('fe-b') }));
    expect(widened.status).toBe(200);
    expect(widened.body.memberCount).toBe(200);
    expect(widened.body.withdrawnApprovals).toEqual([expect.objectContaining({ id: updateId, status: 'approved' })]);

    const after = await json(await t.api(author.token, 'GET', `/api/v1/updates/${updateId}`));
    expect(after.body.status).toBe('draft');
    expect(after.body.approvedBy).toBeNull();
    const [withdrawal] = await auditOf('update.approval_withdrawn', updateId);
    expect(withdrawal!.details).toMatchObject({ was: 'approved', changed: [`segment ${segmentId} (Two of fe-b)`], segments: [{ id: segmentId, name: 'Two of fe-b' }] });

    const send = await json(await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/send`, {}));
    expect(send.status).toBe(400);
    expect(send.body.error.message).toMatch(/only an approved update/);
    expect(send.body.error.message).toContain(`its approval was withdrawn when segment ${segmentId} (Two of fe-b) changed, so a colleague must approve it again (four eyes)`);
    expect(await t.deps.db.selectFrom('deliveries').select('id').where('update_id', '=', updateId).execute()).toHaveLength(0);

    // A rename is not a change of audience.
    expect((await json(await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`))).body.status).toBe('approved');
    const renamed = await json(await t.api(author.token, 'PUT', `/api/v1/segments/${segmentId}`, { name: 'Everyone of fe-b' }));
    expect(renamed.body.withdrawnApprovals).toEqual([]);
    expect((await json(await t.api(author.token, 'GET', `/api/v1/updates/${updateId}`))).body.status).toBe('approved');
  });

  it('a changed rule cancels a scheduled send: the release then does nothing', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    await seedContacts(t.deps.db, 10, 'fe-rule');
    const { situation, cp } = await baseScenario(t.deps.db);
    const seg = await json(await t.api(author.token, 'POST', '/api/v1/segments', { name: 'fe-rule nb', rule: { all: [{ attribute: 'email', op: 'contains', value: 'fe-rule' }, { attribute: 'locale', op: 'eq', value: 'nb' }] } }));
    const draft = await json(await t.api(author.token, 'POST', `/api/v1/situations/${situation.id}/updates`, completeUpdate(seg.body.id, cp.id)));
    await t.api(approver.token, 'POST', `/api/v1/updates/${draft.body.id}/approve`);
    const at = new Date(Date.now() + 3_600_000);
    const scheduled = await json(await t.api(approver.token, 'POST', `/api/v1/updates/${draft.body.id}/send`, { at: at.toISOString() }));
    expect(scheduled.body.status).toBe('scheduled');

    await t.api(author.token, 'PUT', `/api/v1/segments/${seg.body.id}`, { rule: { all: [{ attribute: 'email', op: 'contains', value: 'fe-rule' }] } });
    const u = await json(await t.api(author.token, 'GET', `/api/v1/updates/${draft.body.id}`));
    expect(u.body.status).toBe('draft');
    expect(u.body.sendAt).toBeNull();
    const [withdrawal] = await auditOf('update.approval_withdrawn', draft.body.id);
    expect(withdrawal!.details).toMatchObject({ was: 'scheduled', cancelledSendAt: at.toISOString() });
    expect(await releaseUpdate(t.deps.db, draft.body.id, { now: new Date(at.getTime() + 1000) })).toEqual({ released: false, reason: 'update is draft' });
  });

  it('an edit after approval names the field it changed; an edit of a scheduled update cancels the send', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { updateId } = await listScenario('fe-field', author);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/send`, { at: new Date(Date.now() + 3_600_000).toISOString() });
    const content = completeUpdate(0, 0).content;
    const edited = await json(await t.api(author.token, 'PATCH', `/api/v1/updates/${updateId}`, { content: { ...content, nb: { ...content.nb, body: 'Endret etter godkjenning.' } } }));
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('draft');
    expect(edited.body.sendAt).toBeNull();
    const [withdrawal] = await auditOf('update.approval_withdrawn', updateId);
    expect(withdrawal!.details).toMatchObject({ was: 'scheduled', changed: ['content.nb.body'] });
  });

  it('the release materialises the audience as approved; a later change to the segment never changes a released update', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { updateId, segmentId } = await listScenario('fe-rel', author);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/send`, {});
    expect(await releaseUpdate(t.deps.db, updateId)).toMatchObject({ released: true, queued: 2 });

    const widened = await json(await t.api(author.token, 'PUT', `/api/v1/segments/${segmentId}`, { emails: everyone('fe-rel') }));
    expect(widened.body.withdrawnApprovals).toEqual([]);
    const u = await json(await t.api(author.token, 'GET', `/api/v1/updates/${updateId}`));
    expect(u.body.status).toBe('sending');
    expect(await t.deps.db.selectFrom('deliveries').select('email').where('update_id', '=', updateId).orderBy('email').execute()).toEqual([{ email: 'fe-rel1@example.org' }, { email: 'fe-rel2@example.org' }]);
  });

  it('the release refuses an approved update whose audience moved on without a withdrawal', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { updateId, segmentId } = await listScenario('fe-drift', author);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/send`, {});
    // A change that bypassed the domain (as a defect would): the release must not follow it.
    await t.deps.db.updateTable('segments').set((eb) => ({ audience_version: eb('audience_version', '+', 1) })).where('id', '=', segmentId).execute();
    const r = await releaseUpdate(t.deps.db, updateId);
    expect(r).toEqual({ released: false, reason: `changed since approval: segment ${segmentId}` });
    expect(await t.deps.db.selectFrom('deliveries').select('id').where('update_id', '=', updateId).execute()).toHaveLength(0);
    expect((await t.deps.db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow()).status).toBe('draft');
  });

  it('a review that went stale is refused: the approver reviews again', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { updateId } = await listScenario('fe-stale', author);
    const stale = await json(await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`, { reviewed: 'a'.repeat(64) }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/review it again/);
    expect((await json(await t.api(approver.token, 'GET', `/api/v1/updates/${updateId}`))).body.status).toBe('draft');
  });

  it('a segment change racing an approval never leaves an approved update whose audience differs from the approved one', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    await seedContacts(t.deps.db, 50, 'fe-race');
    const { situation, cp } = await baseScenario(t.deps.db);
    for (let round = 0; round < 12; round++) {
      const { segment } = await createSegment(t.deps.db, CLI_ACTOR, { name: `race ${round}`, emails: ['fe-race1@example.org'] });
      const draft = await createDraft(t.deps.db, actorOf(author), situation.id, completeUpdate(segment.id, cp.id));
      const [approval, change] = await Promise.allSettled([
        approveUpdate(t.deps.db, actorOf(approver), draft.id),
        updateSegment(t.deps.db, actorOf(author), segment.id, { emails: ['fe-race1@example.org', `fe-race${round + 2}@example.org`] }),
      ]);
      expect(change.status, `round ${round}: the segment change`).toBe('fulfilled');
      const row = await t.deps.db
        .selectFrom('updates as u')
        .innerJoin('update_segments as us', 'us.update_id', 'u.id')
        .innerJoin('segments as s', 's.id', 'us.segment_id')
        .select(['u.status', 'us.approved_version', 's.audience_version'])
        .where('u.id', '=', draft.id)
        .executeTakeFirstOrThrow();
      if (row.status === 'approved') expect(row.approved_version, `round ${round}`).toBe(row.audience_version);
      else {
        expect(row.status).toBe('draft');
        // Either the approval lost the race, or it won and the change withdrew it.
        const withdrawn = await auditOf('update.approval_withdrawn', draft.id);
        expect(approval.status === 'rejected' || withdrawn.length === 1, `round ${round}`).toBe(true);
      }
    }
  });

  it('a schedule time in the past is refused with 400 invalid_input and nothing is sent', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const { updateId } = await listScenario('fe-past', author);
    await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`);
    const past = await json(await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/send`, { at: new Date(Date.now() - 60_000).toISOString() }));
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('invalid_input');
    expect(past.body.error.message).toMatch(/that time has passed/);
    expect((await json(await t.api(approver.token, 'GET', `/api/v1/updates/${updateId}`))).body.status).toBe('approved');
    await expect(sendUpdate(t.deps.db, t.deps.jobs, actorOf(approver), updateId, { at: new Date(Date.now() - 1) })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
