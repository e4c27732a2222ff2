import { beforeAll, describe, expect, it } from 'vitest';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp({ from: 'Bokklubben <updates@bokklubben.example.org>' });
let situationId: number;
let cpId: number;
let responder: PageSession;
let officer: PageSession;
let officerEmail: string;

beforeAll(async () => {
  await seedContacts(t.deps.db, 3, 'once');
  const s = await baseScenario(t.deps.db);
  situationId = s.situation.id;
  cpId = s.cp.id;
  const r = await t.userWithToken('responder');
  await t.deps.db.updateTable('contact_points').set({ user_id: r.id }).where('id', '=', cpId).execute();
  responder = await pageSession(t.app, r.email, r.password);
  const o = await t.userWithToken('officer');
  officerEmail = o.email;
  officer = await pageSession(t.app, o.email, o.password);
});

/** The hidden one-time token of the form posting to `action`, as the page drew it. */
function onceToken(html: string, action: string): string {
  const form = html.slice(html.indexOf(`action="${action}"`));
  const token = /name="_once" value="([^"]+)"/.exec(form.slice(0, form.indexOf('</form>')))?.[1];
  if (!token) throw new Error(`no one-time token in the form posting to ${action}`);
  return token;
}

const outboxTo = async (to: string, test = false) =>
  (await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', to).where('test', '=', test).execute()).length;

describe('one-time tokens on page forms that send', () => {
  it('a second submit of the answer form sends nothing more and shows the first result', async () => {
    const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'once1@example.org').executeTakeFirstOrThrow();
    const f = await fileCustomerMessage(t.deps.db, { contactId: contact.id, situationId, updateId: null, contactPointId: cpId, channel: 'portal', from: 'once1@example.org', to: 'x', subject: 'Q', text: 'When?', visibleText: 'When?', classification: 'human' });
    const page = await (await responder.get(`/inbox/${f.conversationId}`)).text();
    const _once = onceToken(page, `/inbox/${f.conversationId}/answer`);
    // A fresh token each time the form is drawn.
    expect(onceToken(await (await responder.get(`/inbox/${f.conversationId}`)).text(), `/inbox/${f.conversationId}/answer`)).not.toBe(_once);

    const submits = await Promise.all([1, 2, 3].map(() => responder.post(`/inbox/${f.conversationId}/answer`, { text: 'Monday.', _once })));
    expect(submits.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(new Set(submits.map((r) => r.headers.get('location')))).toEqual(new Set([`/inbox/${f.conversationId}?done=answered`]));
    expect(await outboxTo('once1@example.org')).toBe(1);

    // Back in the browser, the old form with another text: refused, nothing sent.
    const changed = await responder.post(`/inbox/${f.conversationId}/answer`, { text: 'Tuesday.', _once });
    expect(changed.status).toBe(422);
    expect(await changed.text()).toContain('used for a different request');
    expect(await outboxTo('once1@example.org')).toBe(1);
  });

  it('a second submit of "Send a test to me" sends one test', async () => {
    const built = await buildUpdate(t, { until: 'approved' });
    const page = await (await officer.get(`/updates/${built.updateId}`)).text();
    const _once = onceToken(page, `/updates/${built.updateId}/test-send`);
    const first = await officer.post(`/updates/${built.updateId}/test-send`, { locale: 'en', _once });
    const second = await officer.post(`/updates/${built.updateId}/test-send`, { locale: 'en', _once });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await outboxTo(officerEmail, true)).toBe(1);
  });

  it('a second submit of "Send now" shows the first result instead of a refusal', async () => {
    const built = await buildUpdate(t, { until: 'approved' });
    const page = await (await officer.get(`/updates/${built.updateId}`)).text();
    const _once = onceToken(page, `/updates/${built.updateId}/send`);
    const first = await officer.post(`/updates/${built.updateId}/send`, { _once });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/updates/${built.updateId}?done=sent`);
    const second = await officer.post(`/updates/${built.updateId}/send`, { _once });
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(`/updates/${built.updateId}?done=sent`);
    // Without the token the repeat is what it always was: the update is no longer approved.
    expect((await officer.post(`/updates/${built.updateId}/send`, {})).status).toBe(409);
    const sends = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'update.send').where('subject_id', '=', String(built.updateId)).execute();
    expect(sends).toHaveLength(1);
  });

  it('a one-time token is its user’s: another person’s form with the same token runs for them', async () => {
    const built = await buildUpdate(t, { until: 'approved' });
    const other = await t.userWithToken('officer');
    const otherSession = await pageSession(t.app, other.email, other.password);
    const _once = 'shared-token-0123456789';
    expect((await officer.post(`/updates/${built.updateId}/test-send`, { locale: 'en', _once })).status).toBe(303);
    const theirs = await otherSession.post(`/updates/${built.updateId}/test-send`, { locale: 'en', _once });
    expect(theirs.status).toBe(303);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await outboxTo(other.email, true)).toBe(1);
  });
});
