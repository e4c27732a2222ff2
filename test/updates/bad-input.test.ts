import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { requireZone } from '../../src/updates/zones.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';

// Issue 12, "Bad input": a language the product does not know, an empty
// acknowledgement for a language that has content, a user locale that is not
// supported, an unknown time zone: each a clear 400 `invalid_input` naming the
// field, nothing saved, through the API and the page forms alike.

const t = useTestApp();

function unescape(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The refusal a page shows in place: its alert paragraph (the composer's `error`, the users pages' `field-error`). */
function alertText(html: string): string {
  return unescape(/<p class="(?:field-)?error"[^>]*role="alert"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.trim() ?? '');
}

interface ApiError {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

async function refusal(res: Response): Promise<ApiError['error'] & { status: number }> {
  return { status: res.status, ...((await res.json()) as ApiError).error };
}

let admin: Awaited<ReturnType<typeof t.userWithToken>>;
let officer: Awaited<ReturnType<typeof t.userWithToken>>;
let adminPage: PageSession;
let officerPage: PageSession;
let scenario: Awaited<ReturnType<typeof baseScenario>>;

async function setUp() {
  if (admin) return;
  await seedContacts(t.deps.db, 3, 'bad-input');
  scenario = await baseScenario(t.deps.db);
  admin = await t.userWithToken('admin');
  officer = await t.userWithToken('officer');
  adminPage = await pageSession(t.app, admin.email, admin.password);
  officerPage = await pageSession(t.app, officer.email, officer.password);
}

async function draft() {
  return createDraft(t.deps.db, CLI_ACTOR, scenario.situation.id, completeUpdate(scenario.segment.id, scenario.cp.id));
}

/** Saves the composer's form of a complete update with a new English subject, and `changes`: a refusal must keep neither. */
function saveInComposer(updateId: number, changes: Record<string, string>) {
  const c = completeUpdate(scenario.segment.id, scenario.cp.id);
  return officerPage.post(`/updates/${updateId}`, {
    segmentIds: String(scenario.segment.id),
    contactPointId: String(scenario.cp.id),
    ackKind: 'apology',
    ackText: c.acknowledgement.text,
    nextUpdateLocal: '2099-03-05T09:00',
    timeZone: 'Europe/Oslo',
    defaultLocale: 'en',
    subject_en: 'Changed subject',
    body_en: c.content.en.body,
    ...changes,
  });
}

const updateRow = (id: number) => t.deps.db.selectFrom('updates').select(['content', 'default_locale', 'version', 'ack_text']).where('id', '=', id).executeTakeFirstOrThrow();
const updateCount = async () => Number((await t.deps.db.selectFrom('updates').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('bad input: each a 400 invalid_input naming the field, nothing saved', () => {
  it('a language the product does not know in content (API, create and change)', async () => {
    await setUp();
    const before = await updateCount();
    const c = completeUpdate(scenario.segment.id, scenario.cp.id);
    const created = await refusal(await t.api(officer.token, 'POST', `/api/v1/situations/${scenario.situation.id}/updates`, { ...c, content: { ...c.content, xx: { subject: 'Hello', body: 'Text' } } }));
    expect(created).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(created.details?.[0]?.field).toBe('content.xx');
    expect(created.message).toMatch(/^content\.xx: "xx" is not a language tidings supports; use one of en, nb, sv, nl, hu/);
    expect(await updateCount()).toBe(before);

    const d = await draft();
    const rowBefore = await updateRow(d.id);
    const changed = await refusal(await t.api(officer.token, 'PATCH', `/api/v1/updates/${d.id}`, { content: { ...c.content, 'en-GB': { subject: 'Hello', body: 'Text' } } }));
    expect(changed).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(changed.details?.[0]?.field).toBe('content.en-GB');
    expect(await updateRow(d.id)).toEqual(rowBefore);

    // Asking for a version in such a language is refused the same way.
    const preview = await refusal(await t.api(officer.token, 'GET', `/api/v1/updates/${d.id}/preview?locale=xx`));
    expect(preview).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(preview.details?.[0]?.field).toBe('locale');
  });

  it('a default language the product does not know (API and composer form)', async () => {
    await setUp();
    const d = await draft();
    const rowBefore = await updateRow(d.id);
    const api = await refusal(await t.api(officer.token, 'PATCH', `/api/v1/updates/${d.id}`, { defaultLocale: 'de' }));
    expect(api).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(api.details?.[0]?.field).toBe('defaultLocale');
    expect(api.message).toMatch(/defaultLocale: "de" is not a language tidings supports/);

    const page = await saveInComposer(d.id, { defaultLocale: 'de' });
    expect(page.status).toBe(400);
    expect(alertText(await page.text())).toMatch(/defaultLocale: "de" is not a language tidings supports/);
    expect(await updateRow(d.id)).toEqual(rowBefore);
  });

  it('an empty acknowledgement for a language that has content: refused when given as empty, a fallback when left out', async () => {
    await setUp();
    const d = await draft();
    const rowBefore = await updateRow(d.id);
    const c = completeUpdate(scenario.segment.id, scenario.cp.id);
    for (const empty of ['', '   ', '\n\n']) {
      const res = await refusal(await t.api(officer.token, 'PATCH', `/api/v1/updates/${d.id}`, { content: { ...c.content, nb: { ...c.content.nb, acknowledgement: empty } } }));
      expect(res, JSON.stringify(empty)).toMatchObject({ status: 400, code: 'invalid_input' });
      expect(res.details?.[0]?.field).toBe('content.nb.acknowledgement');
      expect(res.message).toMatch(/^content\.nb\.acknowledgement: is empty/);
    }
    expect(await updateRow(d.id)).toEqual(rowBefore);

    const before = await updateCount();
    const created = await refusal(await t.api(officer.token, 'POST', `/api/v1/situations/${scenario.situation.id}/updates`, { ...c, content: { en: { ...c.content.en, acknowledgement: ' ' } } }));
    expect(created).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(created.details?.[0]?.field).toBe('content.en.acknowledgement');
    expect(await updateCount()).toBe(before);

    // Left out, the language falls back to acknowledgement.text.
    const ok = await t.api(officer.token, 'PATCH', `/api/v1/updates/${d.id}`, { content: c.content });
    expect(ok.status).toBe(200);
  });

  it('a user locale that is not supported (users API, users page, a user’s page, the account page)', async () => {
    await setUp();
    const count = async () => Number((await t.deps.db.selectFrom('users').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const created = await refusal(await t.api(admin.token, 'POST', '/api/v1/users', { email: 'new-fr@example.org', name: 'Nouveau', role: 'officer', password: 'correct horse battery staple', locale: 'fr' }));
    expect(created).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(created.details?.[0]?.field).toBe('locale');
    expect(created.message).toMatch(/^locale: "fr" is not a language tidings supports; use one of en, nb, sv, nl, hu/);
    expect(await count()).toBe(before);

    const changed = await refusal(await t.api(admin.token, 'PATCH', `/api/v1/users/${officer.id}`, { locale: 'EN' }));
    expect(changed).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(changed.details?.[0]?.field).toBe('locale');
    const localeOf = async (id: number) => (await t.deps.db.selectFrom('users').select('locale').where('id', '=', id).executeTakeFirstOrThrow()).locale;
    expect(await localeOf(officer.id)).toBe('en');

    const page = await adminPage.post('/users', { email: 'new-fr2@example.org', name: 'Nouveau', role: 'officer', password: 'correct horse battery staple', locale: 'fr' });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(alertText(html)).toMatch(/locale:? "fr" is not a language tidings supports/);
    // The form comes back with what was typed.
    expect(html).toContain('new-fr2@example.org');
    expect(await count()).toBe(before);

    const edit = await adminPage.post(`/users/${officer.id}`, { name: 'Test officer', role: 'officer', locale: 'xx' });
    expect(edit.status).toBe(400);
    expect(alertText(await edit.text())).toMatch(/locale: "xx" is not a language tidings supports/);
    expect(await localeOf(officer.id)).toBe('en');

    // A person choosing their own language on their account page.
    const own = await officerPage.post('/account/language', { locale: 'klingon' });
    expect(own.status).toBe(400);
    expect(alertText(await own.text())).toMatch(/locale: "klingon" is not a language tidings supports/);
    expect(await localeOf(officer.id)).toBe('en');
  });

  it('an unknown time zone (the composer, the schedule form, the domain)', async () => {
    await setUp();
    expect(() => requireZone('Mars/Olympus')).toThrow(expect.objectContaining({ code: 'invalid_input', details: [{ field: 'timeZone', message: 'unknown time zone' }] }));

    const d = await draft();
    const rowBefore = await updateRow(d.id);
    const page = await saveInComposer(d.id, { timeZone: 'Europe/Osло' });
    expect(page.status).toBe(400);
    expect(alertText(await page.text())).toMatch(/Time zone: "Europe\/Osло" is not a time zone we know/);
    expect(await updateRow(d.id)).toEqual(rowBefore);

    const schedule = await officerPage.post(`/updates/${d.id}/send`, { sendAtLocal: '2099-03-05T09:00', timeZone: 'Nowhere/Atlantis' });
    expect(schedule.status).toBe(400);
    expect(alertText(await schedule.text())).toMatch(/Time zone: "Nowhere\/Atlantis" is not a time zone we know/);
    const after = await t.deps.db.selectFrom('updates').select(['status', 'send_at']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'draft', send_at: null });
  });

  it('a situation title and a contact role in a language the product does not know', async () => {
    await setUp();
    const situations = async () => Number((await t.deps.db.selectFrom('situations').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await situations();
    const s = await refusal(await t.api(officer.token, 'POST', '/api/v1/situations', { title: 'Fire', titles: { xx: 'Feu' } }));
    expect(s).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(s.details?.[0]?.field).toBe('titles.xx');
    expect(await situations()).toBe(before);

    const cp = await refusal(await t.api(admin.token, 'PUT', `/api/v1/contact-points/${scenario.cp.id}`, { name: 'Ingrid Dahl', role: 'Lead', roles: { de: 'Leiterin' }, email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' }));
    expect(cp).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(cp.details?.[0]?.field).toBe('roles.de');
    const row = await t.deps.db.selectFrom('contact_points').select(['role', 'roles']).where('id', '=', scenario.cp.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'Head of member relations', roles: {} });
  });
});
