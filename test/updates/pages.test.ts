import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { userActor } from '../../src/auth/sessions.ts';
import { withLinksInNewTab } from '../../src/http/email-frame.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { createSituation } from '../../src/situations/queries.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { instantToZoned, zonedToInstant } from '../../src/updates/zones.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function officerSession() {
  const u = await t.userWithToken('officer');
  return { user: u, s: await pageSession(t.app, u.email, u.password) };
}

/** The form the composer posts, filled from a complete update. */
function completeForm(segmentId: number, contactPointId: number, overrides: Record<string, string> = {}): Record<string, string> {
  const c = completeUpdate(segmentId, contactPointId);
  return {
    segmentIds: String(segmentId),
    contactPointId: String(contactPointId),
    ackKind: 'apology',
    ackText: c.acknowledgement.text,
    nextUpdateLocal: '2099-03-05T09:00',
    timeZone: 'Europe/Oslo',
    defaultLocale: 'en',
    subject_en: c.content.en.subject,
    body_en: c.content.en.body,
    subject_nb: c.content.nb.subject,
    body_nb: c.content.nb.body,
    ...overrides,
  };
}

function alertText(html: string): string | undefined {
  return /<p class="error" role="alert"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.trim();
}

describe('situation and update pages', () => {
  it('opens a situation from the form, refusing a blank title with the typed summary kept', async () => {
    const { s } = await officerSession();
    const bad = await s.post('/situations', { title: '  ', summary: 'Kept <summary>' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(alertText(badHtml)).toMatch(/title/);
    expect(badHtml).toContain('Kept &lt;summary&gt;');

    const ok = await s.post('/situations', { title: 'Warehouse fire', summary: 'Orders are delayed.' });
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    expect(location).toMatch(/^\/situations\/\d+\?done=opened$/);
    const page = await (await s.get(location)).text();
    expect(page).toContain('<h1>Warehouse fire</h1>');
    expect(page).toContain('No updates yet.');
    expect(page).toContain('New update');
    // No "from previous" before there is a previous update.
    expect(page).not.toContain('New update from the previous one');

    const list = await (await s.get('/situations')).text();
    expect(list).toContain('Warehouse fire');
  });

  it('shows the checklist for an empty draft, and the items still missing after a save', async () => {
    const { s } = await officerSession();
    const situation = await createSituation(t.deps.db, CLI_ACTOR, { title: 'Checklist situation' });
    const created = await s.post(`/situations/${situation.id}/updates`, {});
    expect(created.status).toBe(303);
    const url = created.headers.get('location')!;
    const id = Number(/\/updates\/(\d+)/.exec(url)![1]);
    const page = await (await s.get(url)).text();
    expect(page).toContain('id="checklist"');
    for (const text of ['choose at least one segment', 'name a contact person', 'write an apology, a thanks, or both', 'promise the date of the next update', 'write a subject and a body in the default language']) {
      expect(page).toContain(text);
    }
    expect(page).toContain('Nothing to preview yet');

    const saved = await s.post(`/updates/${id}`, { defaultLocale: 'en', subject_en: 'Only a subject and body', body_en: 'Some words.', timeZone: 'Europe/Oslo' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toMatch(new RegExp(`^/updates/${id}\\?done=saved#checklist$`));
    const after = await (await s.get(`/updates/${id}?done=saved`)).text();
    expect(after).toContain('Draft saved.');
    expect(after).toContain('name a contact person');
    expect(after).toContain('promise the date of the next update');
    expect(after).not.toContain('write a subject and a body in the default language');
    // The saved words are in the form and in the preview.
    expect(after).toContain('value="Only a subject and body"');
    expect(after).toContain('src="/updates/' + id + '/preview.html?locale=en"');
  });

  it('keeps what was typed and explains a refusal the form can catch', async () => {
    const { s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, {});
    const res = await s.post(`/updates/${draft.id}`, completeForm(segment.id, cp.id, { ackKind: '', ackText: 'Sorry <3', subject_nb: 'Typed & kept' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(alertText(html)).toMatch(/apology, a thanks, or both/);
    expect(html).toContain('Sorry &lt;3');
    expect(html).toContain('value="Typed &amp; kept"');
    const stored = await t.deps.db.selectFrom('updates').select('ack_text').where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(stored.ack_text).toBe('');
  });

  it('stores the next-update date read in the chosen time zone and shows it back the same way', async () => {
    const { s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, {});
    expect((await s.post(`/updates/${draft.id}`, completeForm(segment.id, cp.id, { nextUpdateLocal: '2099-07-01T09:30', timeZone: 'Europe/Oslo' }))).status).toBe(303);
    const row = await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row.next_update_at!.toISOString()).toBe('2099-07-01T07:30:00.000Z'); // CEST, UTC+2
    const page = await (await s.get(`/updates/${draft.id}`)).text();
    expect(page).toContain('value="2099-07-01T09:30"');
    // Winter time, and a zone west of Oslo.
    expect(zonedToInstant('2099-01-15T09:00', 'Europe/Oslo')!.toISOString()).toBe('2099-01-15T08:00:00.000Z');
    expect(zonedToInstant('2099-07-01T09:00', 'Europe/London')!.toISOString()).toBe('2099-07-01T08:00:00.000Z');
    expect(instantToZoned(new Date('2099-07-01T08:00:00Z'), 'UTC')).toBe('2099-07-01T08:00');
    expect(zonedToInstant('2099-02-30T09:00', 'Europe/Oslo')).toBeUndefined();
  });

  it('the recipient count names the exclusions and counts a customer in two segments once', async () => {
    const { s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    await seedContacts(t.deps.db, 6, 'aud');
    const everyone = Number((await t.deps.db.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'aud1@example.org', reason: 'bounced', source: 'test' }).execute();
    await t.deps.db.updateTable('contacts').set({ unsubscribed_at: new Date() }).where('email_lower', '=', 'aud2@example.org').execute();
    const { segment: some } = await createSegment(t.deps.db, CLI_ACTOR, { name: `Some ${situation.id}`, emails: ['aud3@example.org', 'aud4@example.org'] });
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, { segmentIds: [segment.id, some.id], contactPointId: cp.id });
    const page = await (await s.get(`/updates/${draft.id}`)).text();
    expect(page).toContain(`${everyone - 2} customers will receive this; 2 excluded (suppressed 1, unsubscribed 1)`);
  });

  it('refuses every action to an auditor with 403, while letting them read', async () => {
    const officer = await t.userWithToken('officer');
    const auditor = await t.userWithToken('auditor');
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, userActor(officer), situation.id, completeUpdate(segment.id, cp.id));
    const read = await s.get(`/updates/${draft.id}`);
    expect(read.status).toBe(200);
    const html = await read.text();
    expect(html).toContain('What this update says');
    expect(html).not.toContain('id="update-form"');
    expect(html).not.toContain('Submit for approval');
    for (const path of ['', '/submit', '/approve', '/send', '/cancel', '/test-send']) {
      const res = await s.post(`/updates/${draft.id}${path}`, { locale: 'en', subject_en: 'Hijacked' });
      expect(res.status, `POST /updates/${draft.id}${path}`).toBe(403);
    }
    for (const path of [`/situations/${situation.id}/updates`, `/situations/${situation.id}/updates/from-previous`, `/situations/${situation.id}/resolve`, '/situations']) {
      expect((await s.post(path, { title: 'x' })).status, `POST ${path}`).toBe(403);
    }
    const after = await t.deps.db.selectFrom('updates').select(['status', 'content']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('draft');
    expect(JSON.stringify(after.content)).not.toContain('Hijacked');
  });

  it('refuses approval by the author on the page with the four-eyes message, and a colleague approves', async () => {
    const { user: author, s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const created = await s.post(`/situations/${situation.id}/updates`, {});
    const id = Number(/\/updates\/(\d+)/.exec(created.headers.get('location')!)![1]);
    expect((await s.post(`/updates/${id}`, completeForm(segment.id, cp.id))).status).toBe(303);
    const ready = await (await s.get(`/updates/${id}`)).text();
    expect(ready).toContain('Nothing is missing: this update is ready for approval.');
    expect(ready).toContain('a colleague must approve it (four eyes)');
    expect(ready).toMatch(/<button type="button" disabled="" aria-describedby="approve-why">/);

    const refused = await s.post(`/updates/${id}/approve`, {});
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(alertText(html)).toMatch(/you wrote this update, so a colleague must approve it/);
    expect(html).toContain('id="update-form"'); // still the composer, not an error page

    const submitted = await s.post(`/updates/${id}/submit`, {});
    expect(submitted.status).toBe(303);

    const colleague = await t.userWithToken('officer');
    const s2 = await pageSession(t.app, colleague.email, colleague.password);
    const approved = await s2.post(`/updates/${id}/approve`, {});
    expect(approved.status).toBe(303);
    const page = await (await s2.get(approved.headers.get('location')!)).text();
    expect(page).toContain('Approved. The update can now be sent.');
    expect(page).toContain('Send now');
    expect(page).toContain('Schedule at');
    expect(author.id).not.toBe(colleague.id);

    // Scheduling in the past is refused on the page; in the future it schedules and can be cancelled.
    const past = await s2.post(`/updates/${id}/send`, { sendAtLocal: '2001-01-01T09:00', timeZone: 'Europe/Oslo' });
    expect(past.status).toBe(400);
    expect(alertText(await past.text())).toMatch(/has passed/);
    const scheduled = await s2.post(`/updates/${id}/send`, { sendAtLocal: '2098-01-01T09:00', timeZone: 'Europe/Oslo' });
    expect(scheduled.status).toBe(303);
    const progress = await (await s2.get(`/updates/${id}`)).text();
    expect(progress).toContain('Scheduled for 1 Jan 2098, 08:00 UTC');
    expect(progress).toContain('aria-live="polite"');
    expect(progress).toContain('Cancel the scheduled send');
    const json = await (await s2.get(`/updates/${id}/progress.json`)).json();
    expect(json).toMatchObject({ status: 'scheduled', done: false, total: 0 });
    expect((await s2.post(`/updates/${id}/cancel`, {})).status).toBe(303);
    expect(await (await s2.get(`/updates/${id}`)).text()).toContain('Nothing was sent.');
  });

  it('starts a draft from the previous update, switches preview language by link, and resolves the situation', async () => {
    const { s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const first = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
    // Without JavaScript the preview tabs are links that render the chosen language.
    const nb = await (await s.get(`/updates/${first.id}?preview=nb`)).text();
    expect(nb).toMatch(/<pre id="preview-text" class="preview-text" lang="nb">[\s\S]*Medlemskapet ditt fortsetter/);
    expect(nb).toMatch(/<a href="\?preview=nb#preview" data-preview-locale="nb" aria-current="true">/);

    const next = await s.post(`/situations/${situation.id}/updates/from-previous`, {});
    expect(next.status).toBe(303);
    const nextId = Number(/\/updates\/(\d+)/.exec(next.headers.get('location')!)![1]);
    expect(nextId).not.toBe(first.id);
    const page = await (await s.get(next.headers.get('location')!)).text();
    expect(page).toContain('started from the previous update');
    expect(page).toContain('value="Your membership during the restructuring"');
    expect(page).toContain('write an apology, a thanks, or both');
    expect(page).toContain('promise the date of the next update');
    expect(page).not.toContain('choose at least one segment');

    const timeline = await (await s.get(`/situations/${situation.id}`)).text();
    expect(timeline.match(/<li class="card">/g)).toHaveLength(2);
    expect((await s.post(`/situations/${situation.id}/resolve`, {})).status).toBe(303);
    const resolved = await (await s.get(`/situations/${situation.id}?done=resolved`)).text();
    expect(resolved).toContain('The situation is marked resolved.');
    expect(resolved).not.toContain('>New update</button>');
    const refused = await s.post(`/situations/${situation.id}/updates`, {});
    expect(refused.status).toBe(409);
    expect(alertText(await refused.text())).toMatch(/is resolved/);
  });

  it('serves the preview HTML with its own CSP that lets only tidings frame it', async () => {
    const { s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
    const res = await s.get(`/updates/${draft.id}/preview.html?locale=nb`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = await res.text();
    expect(html).toContain('Medlemskapet ditt under rekonstruksjonen');
    expect(html).toContain('We are sorry for the uncertainty this causes you.');
    expect(html).toContain('Ingrid Dahl');
    // A language without its own version previews the default.
    expect(await (await s.get(`/updates/${draft.id}/preview.html?locale=hu`)).text()).toContain('Your membership during the restructuring');

    // Every other page keeps the strict policy.
    const page = await s.get(`/updates/${draft.id}`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const body = await page.text();
    expect(body).toMatch(/<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]*src="\/updates\/\d+\/preview.html\?locale=en"/);
    expect(body).not.toMatch(/\sstyle="/);

    const json = await (await s.get(`/updates/${draft.id}/preview.json?locale=sv`)).json();
    expect(json).toMatchObject({ locale: 'sv', shown: 'en', htmlUrl: `/updates/${draft.id}/preview.html?locale=en` });
    expect(json.fallback).toMatch(/no complete Swedish version/);
  });

  it('sends a test to the signed-in officer only, marked as a test, and shows it in the outbox', async () => {
    const { user, s } = await officerSession();
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
    const res = await s.post(`/updates/${draft.id}/test-send`, { locale: 'nb' });
    expect(res.status).toBe(303);
    const page = await (await s.get(res.headers.get('location')!)).text();
    expect(page).toContain(`Test sent to ${user.email} (Norwegian Bokmål).`);
    const msg = await t.deps.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', user.email).executeTakeFirstOrThrow();
    expect(msg.test).toBe(true);
    expect(await t.deps.db.selectFrom('deliveries').select('id').where('update_id', '=', draft.id).execute()).toHaveLength(0);

    const list = await (await s.get('/outbox')).text();
    expect(list).toContain('RESEND_API_KEY is not set');
    expect(list).toContain(`href="/outbox/${msg.id}"`);
    expect(list).toContain('<span class="badge warn">test</span>');
    const one = await (await s.get(`/outbox/${msg.id}`)).text();
    expect(one).toContain(user.email);
    expect(one).toContain('Reply-To');
    expect(one).toMatch(new RegExp(`<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]*src="/outbox/${msg.id}/html"`));
    const frame = await s.get(`/outbox/${msg.id}/html`);
    expect(frame.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    // The stored email, unchanged but for its links opening in a new tab.
    expect(await frame.text()).toBe(withLinksInNewTab(msg.html));
    expect((await s.get('/outbox/not-a-message')).status).toBe(404);
  });

  it('pages the outbox newest first with a keyset cursor, even for messages stored in one statement', async () => {
    // The outbox is for officers and admins (issue 11): it holds every customer's signed links.
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    await t.deps.db.deleteFrom('outbox_messages').execute();
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      to_address: `page${i}@example.org`,
      from_address: 'tidings@example.org',
      subject: `Message ${i}`,
      html: '<p>x</p>',
      text: 'x',
    }));
    await t.deps.db.insertInto('outbox_messages').values(rows).execute(); // one created_at for all
    const seen: string[] = [];
    let url: string | undefined = '/outbox';
    while (url) {
      const html = await (await s.get(url)).text();
      for (const m of html.matchAll(/<td>(page\d+@example\.org)<\/td>/g)) seen.push(m[1]!);
      url = /href="(\/outbox\?before=[^"]+)">Older messages/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe('page119@example.org');
  });
});
