import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createDraft, draftFromPrevious } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { completeUpdate } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

describe('a new update from the previous one (issue 12, item 4)', () => {
  it('starts from the last update sent, not a newer draft waiting for approval, and asks for quiet hours afresh', async () => {
    const sent = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'fp' }, input: { quietHours: true }, subject: 'What customers read', until: 'released' });
    const waiting = await createDraft(t.deps.db, CLI_ACTOR, sent.situationId, { ...completeUpdate(sent.segmentIds[0]!, sent.contactPointId), content: { en: { subject: 'A draft nobody sent', body: 'Not sent.' } } });
    const next = await draftFromPrevious(t.deps.db, CLI_ACTOR, sent.situationId);
    expect(next.id).not.toBe(waiting.id);
    expect((next.content as { en: { subject: string } }).en.subject).toBe('What customers read');
    expect(next.quiet_hours).toBe(false);
    expect(next.ack_kind).toBeNull();
    expect(next.next_update_at).toBeNull();
  });

  it('the heading follows the state before an update has a number', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const approved = await buildUpdate(t, { until: 'approved' });
    expect(await (await s.get(`/updates/${approved.updateId}`)).text()).toContain('<span id="update-heading">Approved update</span>');
    const pending = await buildUpdate(t, { until: 'approved' });
    await t.deps.db.updateTable('updates').set({ status: 'pending_approval' }).where('id', '=', pending.updateId).execute();
    expect(await (await s.get(`/updates/${pending.updateId}`)).text()).toContain('<span id="update-heading">Update waiting for approval</span>');
    const sent = await buildUpdate(t, { until: 'released' });
    const page = await (await s.get(`/updates/${sent.updateId}`)).text();
    expect(page).toContain('<span id="update-heading">Update 1</span>');
    expect(page).not.toContain('Save the draft to see your latest changes');
  });
});
