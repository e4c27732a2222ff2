import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('unmatched mail', () => {
  it('an officer reads mail nothing matched, with the reason, and marks it dealt with on the record', async () => {
    const row = await t.deps.db
      .insertInto('inbound_unmatched')
      .values({ provider_email_id: 'in_1', to_address: 'r-x@replies.example.org', from_address: 'kari@example.org', subject: 'Re: <Update 2>', reason: 'forged', payload: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const page = await (await s.get('/unmatched')).text();
    expect(page).toContain('kari@example.org');
    expect(page).toContain('Re: &lt;Update 2&gt;');
    expect(page).toContain('does not check out');

    const auditor = await t.userWithToken('auditor');
    const a = await pageSession(t.app, auditor.email, auditor.password);
    expect((await a.get('/unmatched')).status).toBe(200);
    expect((await a.post(`/unmatched/${row.id}/handled`, {})).status).toBe(403);

    const done = await s.post(`/unmatched/${row.id}/handled`, {});
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Nothing waiting.');
    const entry = await t.deps.db.selectFrom('audit_log').select(['actor']).where('action', '=', 'conversation.unmatched_handled').executeTakeFirstOrThrow();
    expect(entry.actor).toContain(officer.email);
    expect((await s.post(`/unmatched/${row.id}/handled`, {})).status).toBe(404);
  });
});
