import { beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../src/links.ts';
import { createApp } from '../../src/web.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { inAYear, statusToken } from './helpers.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });
let updateId: number;
let situationId: number;
let cpId: number;

beforeAll(async () => {
  await seedContacts(t.deps.db, 7, 'ask');
  const s = await baseScenario(t.deps.db);
  situationId = s.situation.id;
  cpId = s.cp.id;
  ({ updateId } = await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: s.cp.id, subject: 'Første oppdatering' }));
});

const post = (token: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(`http://localhost/c/${token}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });

const messageCount = async () => Number((await t.deps.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('asking a question on the status page', () => {
  it('shows the form in the customer language, with a hidden honeypot', async () => {
    const { token } = await statusToken(t, updateId, 'ask1@example.org');
    const html = await (await t.app.request(`/c/${token}`)).text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Still et spørsmål');
    expect(html).toContain(`action="/c/${token}/messages"`);
    expect(html).toMatch(/<input id="ask-website" name="website" type="text" tabindex="-1" autocomplete="off"/);
    expect(html).toContain('class="honeypot"');
    expect(html).not.toMatch(/style=|<script>/);
  });

  it('files the question in the customer conversation about the situation, on the record, and confirms in their language', async () => {
    const { token, contactId } = await statusToken(t, updateId, 'ask1@example.org');
    const res = await post(token, { text: '  Får jeg pengene tilbake?\r\nMvh  ', website: '' }, { origin: 'https://tidings.example.org' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/c/${token}?asked=1#ask`);
    const confirm = await (await t.app.request(res.headers.get('location')!)).text();
    expect(confirm).toContain('Spørsmålet ditt har nådd Ingrid Dahl.');

    const conv = await t.deps.db.selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ situation_id: situationId, contact_point_id: cpId, status: 'open', update_id: updateId });
    expect(conv.last_customer_message_at).toBeInstanceOf(Date);
    const msgs = await t.deps.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).execute();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({
      direction: 'in',
      channel: 'portal',
      classification: 'human',
      from_address: 'ask1@example.org',
      to_address: 'ingrid@bokklubben.example.org',
      subject: 'Question from the status page',
      visible_text: 'Får jeg pengene tilbake?\nMvh',
    });
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'conversation.customer_message').where('subject_id', '=', String(conv.id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ messageId: msgs[0]!.id, channel: 'portal' });

    // A second question lands in the same conversation.
    expect((await post(token, { text: 'Og en ting til.' })).status).toBe(303);
    expect(await t.deps.db.selectFrom('conversations').select('id').where('contact_id', '=', contactId).execute()).toHaveLength(1);
    expect(await t.deps.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).execute()).toHaveLength(2);
  });

  it('pretends success to a bot that fills the honeypot, filing nothing', async () => {
    const { token } = await statusToken(t, updateId, 'ask2@example.org');
    const before = await messageCount();
    const res = await post(token, { text: 'Buy cheap watches', website: 'https://spam.example' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('asked=1');
    expect(await messageCount()).toBe(before);
  });

  it('refuses empty, NUL-carrying and over-long questions, in the customer language, filing nothing', async () => {
    const { token } = await statusToken(t, updateId, 'ask6@example.org');
    const before = await messageCount();
    const empty = await post(token, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Skriv spørsmålet ditt før du sender.');
    expect((await post(token, { text: 'a\0b' })).status).toBe(400);
    const long = await post(token, { text: 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('Spørsmålet er for langt');
    expect(await messageCount()).toBe(before);
  });

  it('rate-limits questions per link with a 429 page in the customer language', async () => {
    const { token, contactId } = await statusToken(t, updateId, 'ask3@example.org');
    // The customer's own language, though their email was the English default (ask3: nl, and the update has no nl version).
    const { locale } = await t.deps.db.selectFrom('contacts').select('locale').where('id', '=', contactId).executeTakeFirstOrThrow();
    expect(locale).toBe('nl');
    for (let i = 0; i < 5; i++) expect((await post(token, { text: `Question ${i}` })).status).toBe(303);
    const before = await messageCount();
    const res = await post(token, { text: 'One too many' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('600');
    const html = await res.text();
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toMatch(/several questions|flere spørsmål|flera frågor|meerdere vragen|több kérdést/);
    expect(await messageCount()).toBe(before);
    // A link from a later update (another delivery) to the same address is limited by the address.
    const s = await t.deps.db.selectFrom('updates').select(['situation_id']).where('id', '=', updateId).executeTakeFirstOrThrow();
    const seg = await t.deps.db.selectFrom('update_segments').select('segment_id').where('update_id', '=', updateId).executeTakeFirstOrThrow();
    const { updateId: second } = await buildUpdate(t, { situationId: s.situation_id, segmentIds: [seg.segment_id], contactPointId: cpId, subject: 'Andre oppdatering' });
    const later = await statusToken(t, second, 'ask3@example.org');
    const otherDelivery = await statusToken(t, updateId, 'ask3@example.org');
    expect(later.deliveryId).not.toBe(otherDelivery.deliveryId);
    expect((await post(later.token, { text: 'Via another link' })).status).toBe(429);
    expect(await messageCount()).toBe(before);
  });

  it('holds the limit across web processes and under concurrent posts: exactly five get through', async () => {
    const { token } = await statusToken(t, updateId, 'ask7@example.org');
    // A second app on the same database stands for a second web process.
    const other = createApp(t.deps);
    const before = await messageCount();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? other : t.app).request(`http://localhost/c/${token}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ text: `Concurrent ${i}` }),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([...Array(5).fill(303), ...Array(5).fill(429)]);
    expect((await messageCount()) - before).toBe(5);
    const kept = await t.deps.db.selectFrom('portal_attempts').select('key').execute();
    expect(kept.every((k) => !k.key.includes('@'))).toBe(true);
  });

  it('refuses a cross-site post, an altered, an expired and an unsubscribe token, filing nothing', async () => {
    const { token, deliveryId } = await statusToken(t, updateId, 'ask4@example.org');
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const expired = signLink(t.deps.config.secret, { purpose: 'status', id: deliveryId, expiresAt: new Date(Date.now() - 1000) });
    const unsubscribe = signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: deliveryId, expiresAt: inAYear() });
    const before = await messageCount();
    for (const [tok, headers, message] of [
      // The link is genuine, so the refusal is in its customer's language (ask4: hu).
      [token, { origin: 'https://evil.example' }, /nem érvényes/],
      [token, { referer: 'https://evil.example/form' }, /nem érvényes/],
      [token, { origin: 'null' }, /nem érvényes/],
      [altered, {}, /not valid/],
      [expired, {}, /expired/],
      [unsubscribe, {}, /not valid/],
      ['nonsense', {}, /not valid/],
    ] as const) {
      const res = await post(tok, { text: 'Hello' }, headers);
      expect(res.status, `${tok} ${JSON.stringify(headers)}`).toBe(403);
      const body = await res.text();
      expect(body).toMatch(message);
      expect(body).not.toContain('Ingrid Dahl');
    }
    expect(await messageCount()).toBe(before);
    expect(await t.deps.db.selectFrom('conversations').select('id').where('contact_id', '=', (await statusToken(t, updateId, 'ask4@example.org')).contactId).execute()).toHaveLength(0);
  });

  it("one customer's link only ever files into that customer's conversation", async () => {
    const a = await statusToken(t, updateId, 'ask5@example.org');
    expect((await post(a.token, { text: 'Mine' })).status).toBe(303);
    const convs = await t.deps.db.selectFrom('conversations').select(['contact_id']).where('contact_id', 'in', [a.contactId]).execute();
    expect(convs).toHaveLength(1);
    const last = await t.deps.db.selectFrom('messages').select(['from_address']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.from_address).toBe('ask5@example.org');
  });
});
