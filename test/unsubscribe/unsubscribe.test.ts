import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { eraseContact } from '../../src/contacts/erase.ts';
import { signLink } from '../../src/links.ts';
import { previewUpdateAudience } from '../../src/updates/audience.ts';
import { useTestApp } from '../helpers/app.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { otherSituation, unsubscribeScenario, unsubscribeState, updateIn, withUnsubscribeLinks } from './helpers.ts';

const t = useTestApp();

/** Exactly what Gmail, Apple Mail and Outlook send for RFC 8058 one-click: no cookie, no CSRF token. */
function oneClick(path: string, extra: Record<string, string> = {}) {
  return t.app.request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...extra },
    body: 'List-Unsubscribe=One-Click',
  });
}

function get(path: string, headers: Record<string, string> = {}) {
  return t.app.request(`http://localhost${path}`, { headers });
}

/** Changes one character of a string at index i to another of the token alphabet. */
function changeAt(s: string, i: number): string {
  const idx = i < 0 ? s.length + i : i;
  const ch = s[idx]!;
  const other = ch === 'a' ? 'b' : 'a';
  return s.slice(0, idx) + other + s.slice(idx + 1);
}

describe('one-click unsubscribe (RFC 8058)', () => {
  it('the POST a mail client sends stops this situation for the customer, once, without login, audited', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'ann', locale: 'en' }, { local: 'bo', locale: 'nb' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const ann = deliveries.get('ann')!;
    expect(ann.status).toBe('sent');
    expect(ann.path).toMatch(/^\/unsubscribe\/u[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{27}$/);

    const res = await oneClick(ann.path!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`You will no longer receive updates about “${s.situationTitle}”`);

    const rows = await t.deps.db.selectFrom('situation_unsubscribes').selectAll().where('contact_id', '=', ann.contactId).execute();
    expect(rows).toEqual([expect.objectContaining({ situation_id: s.situationId, contact_id: ann.contactId, delivery_id: ann.id, source: 'one-click' })]);
    // Only the situation: the customer still hears about other matters.
    const contact = await t.deps.db.selectFrom('contacts').select('unsubscribed_at').where('id', '=', ann.contactId).executeTakeFirstOrThrow();
    expect(contact.unsubscribed_at).toBeNull();
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'unsubscribe.situation').where('subject_id', '=', String(ann.contactId)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `customer ${ann.contactId}`, actor_user_id: null, subject_type: 'contact' });
    expect(audit[0]!.details).toMatchObject({ situationId: s.situationId, deliveryId: ann.id, source: 'one-click' });

    // A mail client retrying the POST changes nothing and writes no second record.
    const before = await unsubscribeState(t);
    const again = await oneClick(ann.path!);
    expect(again.status).toBe(200);
    expect(await unsubscribeState(t)).toEqual(before);

    // Bo, in the same update, is untouched.
    const bo = deliveries.get('bo')!;
    expect(await t.deps.db.selectFrom('situation_unsubscribes').selectAll().where('contact_id', '=', bo.contactId).execute()).toEqual([]);
  });

  it('accepts multipart/form-data too', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'cy', locale: 'sv' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const cy = deliveries.get('cy')!;
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const res = await t.app.request(`http://localhost${cy.path}`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html lang="sv">');
    expect(await t.deps.db.selectFrom('situation_unsubscribes').select('source').where('contact_id', '=', cy.contactId).execute()).toEqual([{ source: 'one-click' }]);
  });

  it('scope=all from the confirmation page stops every update and is audited as unsubscribe.all', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'dag', locale: 'nl' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const dag = deliveries.get('dag')!;
    const res = await t.app.request(`http://localhost${dag.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'scope=all&source=page',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('U ontvangt geen updates meer van ons');
    const contact = await t.deps.db.selectFrom('contacts').select('unsubscribed_at').where('id', '=', dag.contactId).executeTakeFirstOrThrow();
    expect(contact.unsubscribed_at).toBeInstanceOf(Date);
    expect(await t.deps.db.selectFrom('situation_unsubscribes').select('source').where('contact_id', '=', dag.contactId).execute()).toEqual([{ source: 'page' }]);
    const actions = await t.deps.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', String(dag.contactId)).where('action', 'like', 'unsubscribe.%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['unsubscribe.situation', 'unsubscribe.all']);
    expect(actions[1]!.details).toMatchObject({ source: 'page', situationId: s.situationId });

    // Repeated: the first time it was recorded stays, nothing new is written.
    const before = await unsubscribeState(t);
    expect((await t.app.request(`http://localhost${dag.path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=all' })).status).toBe(200);
    expect(await unsubscribeState(t)).toEqual(before);
  });
});

describe('the unsubscribe page (GET)', () => {
  it('shows the choice in the customer’s language, names the situation, and changes nothing', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'eir', locale: 'nb' }, { local: 'ede', locale: 'hu' }], 'Bokklubben <restructuring> & co');
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const before = await unsubscribeState(t);

    const res = await get(deliveries.get('eir')!.path!, { 'user-agent': 'LinkScanner/1.0' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Oppdateringer om «Bokklubben &lt;restructuring&gt; &amp; co»');
    expect(html).toContain('Stopp oppdateringer om denne saken');
    expect(html).toContain('Stopp alle oppdateringer fra oss');
    // Both buttons post back to the same signed URL; the first with the one-click body.
    expect(html).toContain(`action="${deliveries.get('eir')!.path}"`);
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(html).toContain('name="scope" value="all"');
    expect(html).not.toContain('<script');

    const hu = await (await get(deliveries.get('ede')!.path!)).text();
    expect(hu).toContain('<html lang="hu">');
    expect(hu).toContain('Nem kérek több tájékoztatást ebben az ügyben');

    // Scanners may fetch it many times, with HEAD too: still nothing changes.
    await get(deliveries.get('eir')!.path!);
    await t.app.request(`http://localhost${deliveries.get('eir')!.path!}`, { method: 'HEAD' });
    expect(await unsubscribeState(t)).toEqual(before);
  });

  it('after an unsubscribe the page says so and still offers to stop everything', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'fay', locale: 'en' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    await oneClick(deliveries.get('fay')!.path!);
    const html = await (await get(deliveries.get('fay')!.path!)).text();
    expect(html).toContain(`You will no longer receive updates about “${s.situationTitle}”`);
    expect(html).toContain('Stop all updates from us');
    expect(html).not.toContain('Stop updates about this matter');
  });
});

describe('refused links', () => {
  it('a forged, altered, wrong-purpose, expired or malformed token is refused with a clear page and changes nothing', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'gus', locale: 'sv' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const gus = deliveries.get('gus')!;
    const token = gus.path!.split('/').pop()!;
    const secret = t.deps.config.secret;
    const future = new Date(Date.now() + 86_400_000);
    const cases: { name: string; token: string; status: number; text: RegExp }[] = [
      { name: 'signature changed by one character', token: changeAt(token, -1), status: 403, text: /This link does not work/ },
      { name: 'delivery id changed by one character', token: changeAt(token, 1), status: 403, text: /This link does not work/ },
      { name: 'a status-page link', token: signLink(secret, { purpose: 'status', id: gus.id, expiresAt: future }), status: 403, text: /This link does not work/ },
      { name: 'signed with another secret', token: signLink('another-secret-another-secret-another-0000', { purpose: 'unsubscribe', id: gus.id, expiresAt: future }), status: 403, text: /This link does not work/ },
      { name: 'expired', token: signLink(secret, { purpose: 'unsubscribe', id: gus.id, expiresAt: new Date(Date.now() - 60_000) }), status: 403, text: /Länken har slutat gälla/ },
      { name: 'malformed', token: 'not-a-token', status: 400, text: /This link does not work/ },
    ];
    const before = await unsubscribeState(t);
    for (const c of cases) {
      expect(c.token, c.name).not.toBe(token);
      for (const res of [await oneClick(`/unsubscribe/${c.token}`), await get(`/unsubscribe/${c.token}`)]) {
        expect(res.status, c.name).toBe(c.status);
        const html = await res.text();
        expect(html, c.name).toMatch(c.text);
        expect(html, c.name).toContain('role="alert"');
      }
      // scope=all with a bad token changes nothing either.
      const all = await t.app.request(`http://localhost/unsubscribe/${c.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=all' });
      expect(all.status, c.name).toBe(c.status);
    }
    expect(await unsubscribeState(t)).toEqual(before);
  });

  it("an erased customer's link is refused like an invalid one: no situation shown, nothing written, not even in their language", async () => {
    const s = await unsubscribeScenario(t, [{ local: 'ida', locale: 'nb' }, { local: 'jon', locale: 'en' }]);
    const { deliveries } = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    const ida = deliveries.get('ida')!;
    await eraseContact(t.deps.db, CLI_ACTOR, ida.contactId);
    const before = await unsubscribeState(t);
    const expired = signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: ida.id, expiresAt: new Date(Date.now() - 60_000) });
    for (const [path, text] of [
      [ida.path!, 'This link does not work'],
      [`/unsubscribe/${expired}`, 'This link has expired'],
    ] as const) {
      const responses = [
        await get(path),
        await oneClick(path),
        await t.app.request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=all&source=page' }),
      ];
      for (const res of responses) {
        expect(res.status, path).toBe(403);
        const html = await res.text();
        expect(html).toContain(text);
        expect(html).toContain('<html lang="en">');
        expect(html).not.toContain(s.situationTitle);
      }
    }
    expect(await unsubscribeState(t)).toEqual(before);
    // Everyone else's link still works.
    expect((await get(deliveries.get('jon')!.path!)).status).toBe(200);
  });

  it('answers a broken link in the language the browser asks for', async () => {
    const res = await get('/unsubscribe/u1.zzz.forgedforgedforgedforgedfor', { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.8' });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Deze link werkt niet');
  });
});

describe('later releases', () => {
  it('exclude a customer unsubscribed from the situation, while other situations still reach them; the composer counts them', async () => {
    const s = await unsubscribeScenario(t, [{ local: 'hal', locale: 'en' }, { local: 'ida', locale: 'nb' }, { local: 'jon', locale: 'hu' }]);
    const first = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    expect((await oneClick(first.deliveries.get('hal')!.path!)).status).toBe(200);
    // Jon stops everything: his reason stays plain 'unsubscribed'.
    await t.app.request(`http://localhost${first.deliveries.get('jon')!.path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=all' });

    // The composer's count for the next update in this situation already leaves them out.
    expect(await previewUpdateAudience(t.deps.db, [s.segmentId], s.situationId)).toEqual({ eligible: 1, excluded: { suppressed: 0, unsubscribed: 2 } });

    const second = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(s)));
    expect(second.release).toEqual({ released: true, queued: 1, excluded: 2 });
    expect(second.deliveries.get('hal')).toMatchObject({ status: 'excluded', reason: 'unsubscribed:situation', url: undefined });
    expect(second.deliveries.get('jon')).toMatchObject({ status: 'excluded', reason: 'unsubscribed' });
    expect(second.deliveries.get('ida')).toMatchObject({ status: 'sent', reason: null });

    // Another situation over the same customers still reaches Hal (but not Jon).
    const other = await otherSituation(t, s);
    expect(await previewUpdateAudience(t.deps.db, [s.segmentId], other.situationId)).toEqual({ eligible: 2, excluded: { suppressed: 0, unsubscribed: 1 } });
    const third = await withUnsubscribeLinks(t, await buildUpdate(t, updateIn(other)));
    expect(third.deliveries.get('hal')).toMatchObject({ status: 'sent', reason: null });
    expect(third.deliveries.get('jon')).toMatchObject({ status: 'excluded', reason: 'unsubscribed' });
  });
});
