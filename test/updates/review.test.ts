import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/audit/log.ts';
import { approveUpdate } from '../../src/updates/approval.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

type Person = Awaited<ReturnType<typeof t.userWithToken>>;
const actorOf = (u: Person): Actor => ({ kind: 'user', userId: u.id, label: `user:${u.id} ${u.email}` });

function text(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('the approver reviews, rather than edits', () => {
  it('shows every language as recipients read it, the audience with exclusions, and what changed since the last sent update; approving binds to what it showed', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    await seedContacts(t.deps.db, 10, 'rv');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'rv1@example.org', reason: 'bounced' }).execute();

    // Update 1 goes out; update 2 changes the English body, the apology and the date.
    await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, input: { nextUpdateAt: '2099-03-05T09:00:00Z' }, until: 'released' });
    const input = completeUpdate(segment.id, cp.id, new Date('2099-03-12T09:00:00Z'));
    input.content.en.body = 'Your membership **continues**. Orders placed before 1 April will be delivered.';
    input.acknowledgement.text = 'We are sorry that this takes longer than we said.';
    const second = await createDraft(t.deps.db, actorOf(author), situation.id, input);

    const s = await pageSession(t.app, approver.email, approver.password);
    const update = await (await s.get(`/updates/${second.id}`)).text();
    expect(update).toContain(`href="/updates/${second.id}/review"`);
    expect(update).not.toContain(`action="/updates/${second.id}/approve"`);

    const res = await s.get(`/updates/${second.id}/review`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('id="update-form"');
    // Each language as recipients read it, in its own lang.
    expect(html).toMatch(/<article class="card" lang="en"[^>]*>[\s\S]*Your membership during the restructuring/);
    expect(html).toMatch(/<article class="card" lang="nb"[^>]*>[\s\S]*Medlemskapet ditt under rekonstruksjonen/);
    // The audience: everyone in the segment, one suppressed.
    expect(text(html)).toMatch(/customers will receive this; 1 excluded \(suppressed 1, unsubscribed 0\)/);
    // What changed since update 1, word by word.
    expect(text(html)).toContain('Compared with update 1');
    expect(html).toMatch(/<del>March<\/del>|<del>1 March<\/del>|<del>March /);
    expect(html).toMatch(/<ins>[^<]*April/);
    expect(html).toMatch(/<dt>Acknowledgement<\/dt>/);
    expect(html).toMatch(/<dt>Next update<\/dt>/);
    expect(html).not.toMatch(/<dt>Subject \(en\)<\/dt>/);

    const digest = /name="reviewed" value="([0-9a-f]{64})"/.exec(html)?.[1];
    expect(digest).toBeDefined();
    // The author changes the text after the approver opened the review: the approval is refused.
    const authorSession = await pageSession(t.app, author.email, author.password);
    await authorSession.get(`/updates/${second.id}`);
    await t.api(author.token, 'PATCH', `/api/v1/updates/${second.id}`, { acknowledgement: { kind: 'apology', text: 'Sorry, changed again.' } });
    const stale = await s.post(`/updates/${second.id}/approve`, { reviewed: digest! });
    expect(stale.status).toBe(409);
    expect(text(await stale.text())).toMatch(/changed after you opened the review; review it again/);

    const fresh = /name="reviewed" value="([0-9a-f]{64})"/.exec(await (await s.get(`/updates/${second.id}/review`)).text())![1]!;
    expect(fresh).not.toBe(digest);
    const ok = await s.post(`/updates/${second.id}/approve`, { reviewed: fresh });
    expect(ok.status).toBe(303);
    expect((await t.deps.db.selectFrom('updates').select('status').where('id', '=', second.id).executeTakeFirstOrThrow()).status).toBe('approved');
  });

  it('tells an editor why they cannot approve, with no approve button', async () => {
    const author = await t.userWithToken('officer');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, actorOf(author), situation.id, completeUpdate(segment.id, cp.id));
    const s = await pageSession(t.app, author.email, author.password);
    const html = await (await s.get(`/updates/${draft.id}/review`)).text();
    expect(text(html)).toContain('This situation has sent no update yet');
    expect(html).toContain('id="approve-why"');
    expect(html).not.toContain('name="reviewed"');
  });

  it('the segment page names the approved updates a change would send back to draft, and says it did', async () => {
    const author = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    await seedContacts(t.deps.db, 3, 'rvseg');
    const { situation, cp } = await baseScenario(t.deps.db);
    const seg = await (await t.api(author.token, 'POST', '/api/v1/segments', { name: 'rvseg list', emails: ['rvseg1@example.org'] })).json();
    const draft = await createDraft(t.deps.db, actorOf(author), situation.id, completeUpdate(seg.id, cp.id));
    await approveUpdate(t.deps.db, actorOf(approver), draft.id);

    const s = await pageSession(t.app, author.email, author.password);
    const page = await (await s.get(`/segments/${seg.id}`)).text();
    expect(text(page)).toContain('Approved updates send to this segment');
    expect(page).toContain(`href="/updates/${draft.id}"`);
    const saved = await s.post(`/segments/${seg.id}`, { action: 'save', name: 'rvseg list', kind: 'list', emails: 'rvseg1@example.org\nrvseg2@example.org' });
    expect(saved.status).toBe(303);
    const after = await (await s.get(saved.headers.get('location')!)).text();
    expect(text(after)).toContain('1 approved update was sent back to draft');
    expect(text(after)).not.toContain('Approved updates send to this segment');
    expect((await t.deps.db.selectFrom('updates').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status).toBe('draft');
  });
});
